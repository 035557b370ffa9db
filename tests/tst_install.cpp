// What `cmake --install` lays out for a desktop and a package: the two programs (which run from there and
// print the build tree's digits), the menu entry and the metainfo (validated by Debian's validators where
// installed), the icon as SVG and at every PNG size, and the command line's man page.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct Run {
    int status = -1;
    QString out;
};

Run run(const QString &program, const QStringList &args) {
    QProcess process;
    process.start(program, args);
    process.waitForFinished(120'000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError())};
}

} // namespace

class TestInstall : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void programsRunFromThePrefix();
    void desktopEntryAndIcons();
    void metainfo();
    void manPage();
    void sessionMimeType();

private:
    QTemporaryDir m_prefix;
    QString path(const QString &relative) const { return m_prefix.filePath(relative); }
};

void TestInstall::initTestCase() {
    QVERIFY(m_prefix.isValid());
    const Run r = run(QStringLiteral(GELULAB_CMAKE_COMMAND),
                      {"--install", QStringLiteral(GELULAB_BUILD_DIR), "--prefix", m_prefix.path()});
    QVERIFY2(r.status == 0, qPrintable(r.out));
}

void TestInstall::programsRunFromThePrefix() {
    for (const char *program : {"bin/gelu-lab", "bin/gelu-lab-cli"})
        QVERIFY2(QFileInfo(path(program)).isExecutable(), program);
    const QStringList args{"eval", "--function", "gelu", "--", "-8", "0.5"};
    const Run installed = run(path("bin/gelu-lab-cli"), args);
    const Run built = run(QStringLiteral(GELULAB_BIN_DIR "/gelu-lab-cli"), args);
    QCOMPARE(installed.status, 0);
    QVERIFY(!installed.out.isEmpty());
    QCOMPARE(installed.out, built.out);
}

void TestInstall::desktopEntryAndIcons() {
    const QString desktop = path("share/applications/gelu-lab.desktop");
    QVERIFY(QFileInfo::exists(desktop));
    QVERIFY(QFileInfo::exists(path("share/icons/hicolor/scalable/apps/gelu-lab.svg")));
    for (int size : {16, 24, 32, 48, 64, 128, 256}) {
        const QImage icon(path(QStringLiteral("share/icons/hicolor/%1x%1/apps/gelu-lab.png").arg(size)));
        QCOMPARE(icon.size(), QSize(size, size));
        QVERIFY(icon.pixelColor(size / 2, size / 2).alpha() > 0); // something is drawn in the middle
    }
    const QString validator = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
    if (validator.isEmpty()) QSKIP("desktop-file-validate (Debian's desktop-file-utils) is not installed");
    const Run r = run(validator, {desktop});
    QVERIFY2(r.status == 0 && r.out.trimmed().isEmpty(), qPrintable(r.out));
}

void TestInstall::metainfo() {
    const QString file = path("share/metainfo/org.gelulab.GeluLab.metainfo.xml");
    QVERIFY(QFileInfo::exists(file));
    const QString validator = QStandardPaths::findExecutable(QStringLiteral("appstreamcli"));
    if (validator.isEmpty()) QSKIP("appstreamcli (Debian's appstream) is not installed");
    const Run r = run(validator, {"validate", "--no-net", file});
    QVERIFY2(r.status == 0, qPrintable(r.out));
}

void TestInstall::manPage() {
#ifdef GELULAB_HAS_MAN_PAGE
    const Run page = run(QStringLiteral("gzip"), {"-dc", path("share/man/man1/gelu-lab-cli.1.gz")});
    QCOMPARE(page.status, 0);
    const QString text = page.out;
    QVERIFY(text.contains(".TH GELU-LAB-CLI"));
    QVERIFY(text.contains("paper")); // the commands from --help
#else
    QSKIP("help2man was not found when the build was configured: no man page was made");
#endif
}

// Session files have their type, which the desktop entry opens; shared-mime-info compiles it.
void TestInstall::sessionMimeType() {
    QFile xml(path("share/mime/packages/gelu-lab.xml"));
    QVERIFY(xml.open(QIODevice::ReadOnly));
    QXmlStreamReader reader(&xml);
    QStringList types, globs;
    while (!reader.atEnd()) {
        if (reader.readNext() != QXmlStreamReader::StartElement) continue;
        if (reader.name() == QLatin1String("mime-type"))
            types << reader.attributes().value("type").toString();
        if (reader.name() == QLatin1String("glob")) globs << reader.attributes().value("pattern").toString();
    }
    QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
    QCOMPARE(types, QStringList{"application/x-gelulab"});
    QCOMPARE(globs, QStringList{"*.gelulab"});
    QFile desktop(path("share/applications/gelu-lab.desktop"));
    QVERIFY(desktop.open(QIODevice::ReadOnly));
    const QByteArray entry = desktop.readAll();
    QVERIFY(entry.contains("MimeType=application/x-gelulab;"));
    QVERIFY(entry.contains("Exec=gelu-lab %f"));

    const QString update = QStandardPaths::findExecutable(QStringLiteral("update-mime-database"));
    if (update.isEmpty()) QSKIP("update-mime-database (Debian's shared-mime-info) is not installed");
    const Run r = run(update, {path("share/mime")});
    QVERIFY2(r.status == 0, qPrintable(r.out));
    QFile globs2(path("share/mime/globs2"));
    QVERIFY(globs2.open(QIODevice::ReadOnly));
    QVERIFY(globs2.readAll().contains("application/x-gelulab:*.gelulab"));
}

QTEST_APPLESS_MAIN(TestInstall)
#include "tst_install.moc"
