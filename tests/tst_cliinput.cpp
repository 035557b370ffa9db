// gelu-lab-cli against unusual and hostile command lines: every spelling of an option routes the same way, a
// value option without its value is refused, files that are devices or FIFOs are written and never replaced,
// and ranges, points and samples at the edges of double give numbers that say what they are.
#include "approximation.h"
#include "cli_options.h"
#include "cli_test_support.h"
#include "fresh_run_cache.h"
#include "quote.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include <optional>
#include <sys/stat.h>

namespace {

bool isFifo(const QString &path) {
    struct stat status {};
    return ::stat(QFile::encodeName(path).constData(), &status) == 0 && S_ISFIFO(status.st_mode);
}

bool isCharacterDevice(const QString &path) {
    struct stat status {};
    return ::stat(QFile::encodeName(path).constData(), &status) == 0 && S_ISCHR(status.st_mode);
}

} // namespace

class TestCliInput : public QObject {
    Q_OBJECT

    std::optional<FreshRunCache> m_runCache;

private slots:
    // Each test function trains afresh (fresh_run_cache.h).
    void init() { m_runCache.emplace(); }

    void everySpellingRoutesAlike_data();
    void everySpellingRoutesAlike();
    void drawingCommandsWithEquals();
    void missingValues_data();
    void missingValues();
    void devicesAndFifosAreWrittenInPlace();
    void standardOutputByName();
    void hugeRanges();
    void nonFinitePointsAreCounted();
    void tinyErrorsAndHugeX();
    void userTextInMessages();
    void numbersAndSizesAtTheEdges();
    void derivativesAtJumps();
    void trainingThatGoesWrongSaysSo();
    void quoteText();
    void fashionDataFolder();
};

void TestCliInput::everySpellingRoutesAlike_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("draws");
    QTest::newRow("--out F") << QStringList{"compare", "--compare", "gelu", "--out", "c.png"} << true;
    QTest::newRow("--out=F") << QStringList{"compare", "--compare", "gelu", "--out=c.png"} << true;
    QTest::newRow("-out F") << QStringList{"paper", "-out", "c.png"} << true;
    QTest::newRow("-out=F") << QStringList{"paper", "-out=c.png"} << true;
    QTest::newRow("no --out") << QStringList{"compare", "--compare", "gelu", "--csv", "c.csv"} << false;
    QTest::newRow("--out after --") << QStringList{"eval", "--function", "gelu", "--", "--out"} << false;
    QTest::newRow("bench render") << QStringList{"bench", "render", "--view=playground"} << true;
    QTest::newRow("curve") << QStringList{"curve", "--function=gelu"} << false;
}

void TestCliInput::everySpellingRoutesAlike() {
    QFETCH(QStringList, args);
    QFETCH(bool, draws);
    QCOMPARE(gelulab::cli::needsWidgets(QStringList{"gelu-lab-cli"} + args), draws);
    // The canonical form: --name then its value, whatever the spelling.
    QCOMPARE(gelulab::cli::canonicalArguments({"-out=a.png", "--from=-3", "-x", "-1", "-", "--", "-y=2"}),
             QStringList({"--out", "a.png", "--from", "-3", "--x", "-1", "-", "--", "-y=2"}));
}

void TestCliInput::drawingCommandsWithEquals() {
    QTemporaryDir dir;
    // The real executable: a command that draws without a QApplication aborts.
    for (const QStringList &out :
         {QStringList{"--out=" + dir.filePath("a.png")}, QStringList{"-out", dir.filePath("b.png")}}) {
        const Result r = runBinary(QStringLiteral("gelu-lab-cli"),
                                   QStringList{"compare", "--compare", "gelu,relu", "--seeds", "1",
                                               "--epochs", "2", "--size", "400x300"} +
                                       out);
        QCOMPARE(r.status, 0);
    }
    QCOMPARE(QImage(dir.filePath("a.png")).size(), QSize(400, 300));
    QCOMPARE(QImage(dir.filePath("b.png")).size(), QSize(400, 300));
    // --view=playground picks the Playground, in render and in bench render.
    Result r = runCli(
        {"render", "--view=playground", "--epochs=3", "--size=320x240", "--out=" + dir.filePath("p.png")});
    QCOMPARE(r.status, 0);
    QCOMPARE(QImage(dir.filePath("p.png")).size(), QSize(320, 240));
    r = runCli({"bench", "render", "--view=playground", "--seconds=0.3", "--size=320x240", "--json"});
    QCOMPARE(r.status, 0);
    QVERIFY(json(r).contains("frames_per_s"));
}

void TestCliInput::missingValues_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("--csv last") << QStringList{"curve", "--function", "gelu", "--points", "3", "--csv"}
                                << "curve: --csv needs a value (FILE)";
    QTest::newRow("--data last") << QStringList{"train", "--data"} << "train: --data needs a value (FILE)";
    QTest::newRow("--csv --") << QStringList{"curve", "--function", "gelu", "--csv", "--", "1"}
                              << "curve: --csv needs a value (FILE)";
    QTest::newRow("--data --seed") << QStringList{"train", "--data", "--seed", "3"}
                                   << "train: --data needs a value (FILE)";
    QTest::newRow("--function --json")
        << QStringList{"eval", "--function", "--json", "1"} << "eval: --function needs a value (ID)";
}

void TestCliInput::missingValues() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString cwd = QDir::currentPath();
    QDir::setCurrent(dir.path()); // nothing may be written here, least of all a file called "--"
    const Result r = runCli(args);
    QDir::setCurrent(cwd);
    QCOMPARE(r.status, 2);
    QCOMPARE(r.err.trimmed(), "gelu-lab-cli: " + message);
    QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
}

void TestCliInput::devicesAndFifosAreWrittenInPlace() {
    QTemporaryDir dir;
    const QString fifo = dir.filePath("fifo");
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    QProcess reader; // a FIFO's writer waits for its reader
    reader.start(QStringLiteral("cat"), {fifo});
    QVERIFY(reader.waitForStarted());
    Result r = runCli({"curve", "--function", "gelu", "--points", "3", "--csv", fifo});
    QCOMPARE(r.status, 0);
    QVERIFY(reader.waitForFinished(10'000));
    QCOMPARE(QString::fromUtf8(reader.readAllStandardOutput()).section('\n', 0, 1),
             "x,gelu\n-4,-0.00012668496733247967");
    QVERIFY(isFifo(fifo)); // not replaced by a regular file

    // A device that refuses the bytes: the error is the device's, and the device stays a device.
    if (!isCharacterDevice(QStringLiteral("/dev/full"))) QSKIP("this system has no /dev/full");
    r = runCli({"curve", "--function", "gelu", "--points", "3", "--csv", "/dev/full"});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains("cannot write /dev/full: No space left on device"), qPrintable(r.err));
    QVERIFY(isCharacterDevice(QStringLiteral("/dev/full")));
    // A directory is refused with its reason.
    r = runCli({"curve", "--function", "gelu", "--points", "3", "--csv", dir.path()});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains("it is a directory"), qPrintable(r.err));
}

void TestCliInput::standardOutputByName() {
    for (const char *name : {"-", "/dev/stdout"}) {
        const Result r = runCli({"curve", "--function", "relu", "--points", "3", "--csv", name});
        QCOMPARE(r.status, 0);
        QCOMPARE(r.out, "x,relu\n-4,0\n0,0\n4,4\n");
    }
}

void TestCliInput::hugeRanges() {
    // The grid never overflows: ±1e308 with five points is −1e308, −5e307, 0, 5e307, 1e308.
    Result r = runCli(
        {"curve", "--function", "relu", "--from", "-1e308", "--to", "1e308", "--points", "5", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonArray x = json(r).value("x").toArray();
    QCOMPARE(x.size(), 5);
    const double expected[] = {-1e308, -5e307, 0.0, 5e307, 1e308};
    for (int i = 0; i < 5; ++i)
        QCOMPARE(x[i].toDouble(), expected[i]);
    const std::vector<double> grid = gelulab::uniformGrid(-1.7e308, 1.7e308, 1001);
    for (std::size_t i = 0; i < grid.size(); ++i) {
        QVERIFY(std::isfinite(grid[i]));
        QCOMPARE(grid[i], -grid[grid.size() - 1 - i]); // mirrored to the last bit
    }
    // The precision mode says which inputs overflow the format instead of reporting x = −inf.
    r = runCli({"error", "--precision", "bfloat16", "--function", "gelu", "--from", "-1e308", "--to", "1e308",
                "--points", "5", "--json"});
    QCOMPARE(r.status, 0);
    QCOMPARE(json(r).value("overflowed_inputs").toInt(), 4);
    QCOMPARE(json(r).value("at").toDouble(), 0.0);
    // A plot cannot draw beyond ±1e250: a message, not a silent [−4, 4].
    QTemporaryDir dir;
    r = runCli({"render", "--function", "gelu", "--from", "-1e308", "--to", "1e308", "--out",
                dir.filePath("a.png")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains("a plot can draw x from -1e250 to 1e250"), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(dir.filePath("a.png")));
    r = runCli({"render", "--view", "mask", "--x", "nan", "--out", dir.filePath("m.png")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains("--x must be a number within the range [-4, 4], not 'nan'"), qPrintable(r.err));
}

void TestCliInput::nonFinitePointsAreCounted() {
    // Nowhere finite: no figure, and the text says so rather than "max |error| 0".
    Result r = runCli({"error", "--formula", "sqrt(-1-x*x)", "--json"});
    QCOMPARE(r.status, 0);
    QJsonObject o = json(r);
    QCOMPARE(o.value("finite_points").toInt(), 0);
    QCOMPARE(o.value("non_finite_points").toInt(), 16001);
    QCOMPARE(o.value("max_abs_error").toString(), "nan");
    QCOMPARE(o.value("rms_error").toString(), "nan");
    r = runCli({"error", "--formula", "x/0"});
    QVERIFY2(r.out.contains(
                 "undefined: the approximation or the reference is not finite at any of the 16001 points"),
             qPrintable(r.out));
    // One pole on the grid: counted and named.
    r = runCli({"error", "--formula", "x/(x-1)", "--from", "-2", "--to", "2", "--points", "5"});
    QVERIFY2(r.out.contains("not finite      at 1 of 5 points"), qPrintable(r.out));
    r = runCli({"error", "--formula", "x/(x-1)", "--from", "-2", "--to", "2", "--points", "5", "--json"});
    QCOMPARE(json(r).value("finite_points").toInt(), 4);
    QCOMPARE(json(r).value("non_finite_points").toInt(), 1);
}

void TestCliInput::tinyErrorsAndHugeX() {
    // Errors of 1e-320 squared underflow to 0: the RMS is scaled first. Errors 1e-320, 0, 0 → RMS 1e-320/√3.
    Result r = runCli({"error", "--function", "relu", "--reference", "linear", "--from", "-1e-320", "--to",
                       "1e-320", "--points", "3", "--json"});
    QCOMPARE(r.status, 0);
    const double rms = json(r).value("rms_error").toDouble();
    QVERIFY2(std::abs(rms - 1e-320 / std::sqrt(3.0)) <= 1e-323, qPrintable(QString::number(rms)));
    // x = 1e308: x·m is x every time (Φ(x) = 1), so both variances are 0 — not x²·0 = ∞·0 = NaN.
    r = runCli({"mask", "--x", "1e308", "--samples", "1000", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject o = json(r);
    QCOMPARE(o.value("sample_variance").toDouble(-1), 0.0);
    QCOMPARE(o.value("exact_variance").toDouble(-1), 0.0);
    QCOMPARE(o.value("z").toDouble(-1), 0.0);
    // Large but not overflowing: x = 1e200 at μ = 1e200 would need a parameter out of range; x = −1e160 has
    // variance x²·Φ(x)(1 − Φ(x)) = 0 (Φ underflows) rather than NaN.
    r = runCli({"mask", "--x", "-1e160", "--samples", "10", "--json"});
    QCOMPARE(json(r).value("exact_variance").toDouble(-1), 0.0);
}

void TestCliInput::userTextInMessages() {
    // "%2" in a formula or a file name is text, never a placeholder of the message around it.
    Result r = runCli({"eval", "--formula", "x%2", "1"});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains("--formula 'x%2':") && r.err.contains(QRegularExpression("at position \\d+\\n$")),
             qPrintable(r.err));
    QTemporaryDir dir;
    const QString name = dir.filePath("w%2x%1.csv");
    QFile file(name);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("x1,x2,label\n0,0,0\n1,1,1\n0,1,0\n1,0,1\n0.5,0.5,0\n0.2,0.9,1\n");
    file.close();
    r = runCli({"train", "--data", name, "--epochs", "1", "--batch", "2"});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.startsWith(name + ": 3 train / 3 test points") && r.out.contains("batch 2\n"),
             qPrintable(r.out));
    // Control bytes are escaped and the message stays on one line.
    r = runCli({"curve", "--function", "gel\x1b[31mu\nabc"});
    QCOMPARE(r.status, 2);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains("'gel\\x1b[31mu\\nabc'"), qPrintable(r.err));
    // A field of a million characters is quoted in 80.
    QFile big(dir.filePath("big.csv"));
    QVERIFY(big.open(QIODevice::WriteOnly));
    big.write("x1,x2,label\n1," + QByteArray(1'000'000, '2') + "x,1\n");
    big.close();
    r = runCli({"train", "--data", big.fileName()});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.size() < 250 && r.err.contains("2222…' is not a finite number"),
             qPrintable(r.err.left(300)));
}

void TestCliInput::numbersAndSizesAtTheEdges() {
    // A number that rounds to 0 or ∞ is a number: say which way it fails.
    Result r = runCli({"eval", "--function", "gelu", "1e-400"});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains("'1e-400' underflows"), qPrintable(r.err));
    r = runCli({"curve", "--function", "gelu", "--to", "1e999"});
    QVERIFY2(r.err.contains("'1e999' overflows"), qPrintable(r.err));
    r = runCli({"eval", "--function", "gelu", "0x10"});
    QVERIFY2(r.err.contains("'0x10' is not a number"), qPrintable(r.err));
    // Pictures: 16,384 pixels a side and 8192 × 8192 in all at most, refused before any drawing.
    QTemporaryDir dir;
    for (const char *size : {"16385x100", "16384x16384", "20000x20000"}) {
        r = runCli({"render", "--function", "gelu", "--size", size, "--out", dir.filePath("a.png")});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.contains("16 to 16384 a side and at most 8192x8192 in area"), qPrintable(r.err));
    }
    r = runCli({"bench", "render", "--size", "20000x20000"});
    QCOMPARE(r.status, 2);
    r = runCli({"render", "--function", "gelu", "--size", "16384x64", "--out", dir.filePath("wide.png")});
    QCOMPARE(r.status, 0);
    QCOMPARE(QImage(dir.filePath("wide.png")).size(), QSize(16384, 64));
    // --data on a directory says so.
    r = runCli({"train", "--data", dir.path()});
    QVERIFY2(r.err.contains("it is a directory"), qPrintable(r.err));
}

void TestCliInput::derivativesAtJumps() {
    // A numerical derivative at a jump is "undefined", not 18.17; beside it the true 0.
    Result r = runCli({"eval", "--formula", "sign(x)", "--order", "1", "--", "-1", "0", "1"});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.out, "0\nundefined (discontinuity)\n0\n");
    r = runCli({"eval", "--formula", "rint(x)", "--order", "2", "--json", "0.5", "0.25"});
    const QJsonObject o = json(r);
    QCOMPARE(o.value("values").toArray().at(0).toString(), "nan");
    QCOMPARE(o.value("values").toArray().at(1).toDouble(-1), 0.0);
    QCOMPARE(o.value("undefined_at").toArray(), QJsonArray{0.5});
    r = runCli({"eval", "--formula", "rint(x*1000)", "--order", "1", "0.1234"});
    QCOMPARE(r.out, "0\n");
}

void TestCliInput::trainingThatGoesWrongSaysSo() {
    // The paper's protocol at a rate that diverges at once: said per variant, in the table and in JSON.
    Result r = runCli({"paper", "--experiment", "digits-classification", "--lr", "1e6", "--epochs", "2",
                       "--seeds", "2", "--compare", "gelu"});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains("gelu: 2 of 2 runs diverged"), qPrintable(r.out));
    r = runCli({"paper", "--experiment", "digits-robustness", "--lr", "1e6", "--epochs", "2", "--seeds", "2",
                "--compare", "gelu", "--json"});
    QCOMPARE(json(r).value("activations").toObject().value("gelu").toObject().value("diverged_runs").toInt(),
             2);
    // Adam at 3e3 on ELU ends about 300 times above where it started, far from both the warning (10 times)
    // and the divergence threshold (10⁴ times), so that the last bits of the arithmetic cannot move it across.
    const QStringList blowUp{"--activation", "elu", "--optimizer", "adam", "--lr", "3e3", "--epochs", "50"};
    r = runCli(QStringList{"train"} + blowUp);
    QVERIFY2(r.out.contains("warning: the training loss ended at"), qPrintable(r.out));
    r = runCli(QStringList{"robustness", "--json"} + blowUp);
    const QJsonObject run = json(r).value("runs").toObject().value("elu").toObject();
    QVERIFY(run.value("diverged").isNull());
    QVERIFY2(run.value("warning").toString().startsWith("the training loss ended at"),
             qPrintable(run.value("warning").toString()));
    // A benchmark of a diverged run is refused, not timed.
    r = runCli({"bench", "playground", "--dataset", "plane", "--lr", "1000", "--repeats", "1"});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains("training diverged at epoch 1") && r.err.contains("measures nothing"),
             qPrintable(r.err));
}

void TestCliInput::quoteText() {
    const auto quote = [](const std::string &text) {
        return QString::fromStdString(gelulab::quoteText(text));
    };
    QCOMPARE(quote("gelu"), "'gelu'");
    QCOMPARE(quote(std::string(81, 'a')), "'" + QString(80, 'a') + "…'");
    QCOMPARE(quote(std::string(80, 'a')), "'" + QString(80, 'a') + "'");
    // Characters, not bytes: "é" is two bytes and one character, never split.
    std::string accents;
    for (int i = 0; i < 81; ++i)
        accents += "é";
    QCOMPARE(quote(accents), "'" + QString(80, QChar(0xe9)) + "…'");
    // Control bytes, DEL, C1 controls and bytes that are not UTF-8 are escaped.
    QCOMPARE(quote(std::string("a\tb\nc\x1b\x7f\xc2\x85\xff", 10)), "'a\\tb\\nc\\x1b\\x7f\\xc2\\x85\\xff'");
    QCOMPARE(quote("x\xe2\x82"), "'x\\xe2\\x82'"); // a sequence cut short
}

// The Fashion-MNIST experiments read the folder named by --data-dir (Debian's by default): a folder without
// the data is a failure naming it and the first missing file; each data option belongs to its experiments.
void TestCliInput::fashionDataFolder() {
    QTemporaryDir dir;
    Result r = runCli({"paper", "--experiment", "fashion-classification", "--data-dir", dir.path()});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains("Fashion-MNIST is not in") && r.err.contains("train-images-idx3-ubyte"),
             qPrintable(r.err));
    QCOMPARE(runCli({"paper", "--experiment", "digits-classification", "--data-dir", dir.path()}).status, 2);
    QCOMPARE(runCli({"paper", "--experiment", "fashion-autoencoder", "--digits", "d.csv"}).status, 2);
    if (!QFile::exists(QStringLiteral("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")))
        QSKIP("Fashion-MNIST is not installed here (apt-get install dataset-fashion-mnist)");
    r = runCli({"paper", "--experiment", "fashion-classification", "--compare", "gelu", "--seeds", "1",
                "--epochs", "1", "--hidden", "16", "--dropout", "0", "--lr", "0.001", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject o = json(r);
    QCOMPARE(o.value("train_images").toInt(), 55'000);
    QCOMPARE(o.value("validation_images").toInt(), 5'000);
    QCOMPARE(o.value("test_images").toInt(), 10'000);
    QVERIFY(o.value("train_seconds_per_epoch").toDouble() > 0.0);
    QVERIFY(o.value("activations").toObject().value("gelu").toObject().value("median_test_error").toDouble() <
            0.3);
}

QTEST_MAIN(TestCliInput)
#include "tst_cliinput.moc"
