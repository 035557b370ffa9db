// Every built-in lesson drawn headless, step by step, by `gelu-lab-cli render --session FILE --step N` — as a
// teacher checks a lesson before class without opening the window: each step's picture has the size asked and
// is not blank, and no step warns.
#include "cli_test_support.h"
#include "fresh_run_cache.h"

#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

class TestCliLessons : public QObject {
    Q_OBJECT
    std::optional<FreshRunCache> m_runCache;

private slots:
    void init() { m_runCache.emplace(); }
    void everyStepOfEveryLessonDraws_data();
    void everyStepOfEveryLessonDraws();
};

void TestCliLessons::everyStepOfEveryLessonDraws_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("step");
    const QDir folder(QStringLiteral(GELULAB_RESOURCE_DIR "/lessons"));
    const QStringList files = folder.entryList({QStringLiteral("*.gelulab")}, QDir::Files, QDir::Name);
    QCOMPARE(files.size(), 9);
    for (const QString &name : files) {
        const Result r = runCli({"session", "check", folder.filePath(name), "--json"});
        QCOMPARE(r.status, 0);
        const int steps = json(r)["steps"].toInt();
        QVERIFY2(steps >= 2, qPrintable(name));
        for (int step = 1; step <= steps; ++step)
            QTest::addRow("%s step %d", qPrintable(name), step) << folder.filePath(name) << step;
    }
}

void TestCliLessons::everyStepOfEveryLessonDraws() {
    QFETCH(QString, file);
    QFETCH(int, step);
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("step.png"));
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    const Result r = runCli(
        {"render", "--session", file, "--step", QString::number(step), "--size", "800x520", "--out", png});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.err, QString());
    const QImage image(png);
    QCOMPARE(image.size(), QSize(800, 520));
    // A drawn plot has axes, curves or points and text: many colours, not a blank or single-colour picture.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 8, qPrintable(QStringLiteral("%1 colours").arg(colours.size())));
}

QTEST_MAIN(TestCliLessons)
#include "tst_clilessons.moc"
