// gelu-lab's start as a user meets it, through the real executable: --screenshot (and the start-up probe)
// start from the defaults — they neither restore the kept work nor ask about a recovery file (a question
// would wait for ever) — and leave both files as they were.
#include "cli_test_support.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

class TestStartup : public QObject {
    Q_OBJECT
private slots:
    void init();
    void picturesStartFromTheDefaults();

private:
    std::optional<QTemporaryDir> m_home;
    QProcessEnvironment m_environment;
};

void TestStartup::init() {
    m_home.emplace();
    QVERIFY(m_home->isValid());
    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(QStringLiteral("HOME"), m_home->path());
    m_environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home->filePath(QStringLiteral("data")));
    m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->filePath(QStringLiteral("config")));
    m_environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_home->filePath(QStringLiteral("cache")));
    m_environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
}

void TestStartup::picturesStartFromTheDefaults() {
    const QString clean = m_home->filePath(QStringLiteral("clean.png"));
    Result r =
        runBinary(QStringLiteral("gelu-lab"), {QStringLiteral("--screenshot"), clean}, {}, m_environment);
    QCOMPARE(r.status, 0);

    // Work kept from an earlier run (the Stochastic mask tab) and a recovery file left by a crash, where
    // gelu-lab keeps them (QStandardPaths' AppDataLocation for organisation and application "GELU Lab").
    const QString folder = m_home->filePath(QStringLiteral("data/GELU Lab/GELU Lab"));
    QVERIFY(QDir().mkpath(folder));
    const QByteArray kept = R"({"format": "gelu-lab-session", "version": 1, "view": "mask"})";
    for (const char *name : {"autosave.gelulab", "recovery.gelulab"}) {
        QFile file(QDir(folder).filePath(QString::fromLatin1(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kept);
    }
    const QString shot = m_home->filePath(QStringLiteral("shot.png"));
    QElapsedTimer timer;
    timer.start();
    r = runBinary(QStringLiteral("gelu-lab"), {QStringLiteral("--screenshot"), shot}, {}, m_environment);
    QCOMPARE(r.status, 0); // -1 when it hung on the recovery question until runBinary gave up
    QVERIFY(timer.elapsed() < 50'000);
    // The Curves tab as in a clean start, not the kept Stochastic mask.
    QCOMPARE(QImage(shot), QImage(clean));
    r = runBinary(QStringLiteral("gelu-lab"), {QStringLiteral("--quit-after-first-paint")}, {},
                  m_environment);
    QCOMPARE(r.status, 0);
    QCOMPARE(r.out, QStringLiteral("first-paint\n"));
    for (const char *name : {"autosave.gelulab", "recovery.gelulab"}) {
        QFile file(QDir(folder).filePath(QString::fromLatin1(name)));
        QVERIFY2(file.open(QIODevice::ReadOnly), name);
        QCOMPARE(file.readAll(), kept);
    }
}

QTEST_GUILESS_MAIN(TestStartup)
#include "tst_startup.moc"
