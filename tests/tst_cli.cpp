// gelu-lab-cli: every command in-process (results against the registry, bad input with its exit status and
// one-line message), then the real executables for exit statuses, stdin and the start-up benchmark.
#include "activation.h"
#include "cli.h"
#include "cli_test_support.h"
#include "fresh_run_cache.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <cmath>
#include <optional>

namespace {

QString formatFull(double v) {
    return QString::asprintf("%.17g", v);
}

// Draws a picture: the command line args, then --size WIDTHxHEIGHT --out png. It succeeds, and the PNG has
// that size.
void checkDrawsPicture(QStringList args, const QSize &size, const QString &png) {
    args << "--size" << QStringLiteral("%1x%2").arg(size.width()).arg(size.height()) << "--out" << png;
    const Result r = runCli(args);
    QCOMPARE(r.status, 0);
    QCOMPARE(QImage(png).size(), size);
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
    std::optional<FreshRunCache> m_runCache;

private slots:
    // Each test function trains afresh (fresh_run_cache.h).
    void init() { m_runCache.emplace(); }

    void versionAndHelp();
    void windowHelpWithoutDisplay();
    void listNamesEveryActivation();
    void evalMatchesTheRegistry_data();
    void evalMatchesTheRegistry();
    void evalReadsStdin();
    void evalJson();
    void badInput_data();
    void badInput();
    void curveTableJsonAndCsv();
    void errorKnownValues_data();
    void errorKnownValues();
    void errorJsonKeys();
    void renderWritesPictures();
    void renderStacked();
    void renderErrorView();
    void formulas();
    void precision();
    void mask();
    void train();
    void trainBadInput();
    void compareAndRobustness();
    void paperExperiments();
    void benchPlayground();
    void renderAndBenchPlayground();
    void renderBadInput();
    void realExecutables();
    void evalFloatPath();
    void benchKernel();
    void benchRender();
    void benchStartup();
    void sessionsAndLessons();
};

void TestCli::versionAndHelp() {
    Result r = runCli({"--version"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains("GELU Lab"));
    QVERIFY(r.out.contains("GPL-3.0-or-later"));
    QVERIFY(r.out.contains("Gaussian Error Linear Units"));
    r = runCli({"--help"});
    QCOMPARE(r.status, 0);
    for (const char *command : {"list", "eval", "curve", "error", "render", "bench"})
        QVERIFY2(r.out.contains(command), command);
    for (const char *command : {"list", "eval", "curve", "error", "render"}) {
        r = runCli({command, "--help"});
        QCOMPARE(r.status, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("Usage: gelu-lab-cli ") + command), qPrintable(r.out));
    }
    QCOMPARE(runCli({"bench", "startup", "--help"}).status, 0);
}

void TestCli::listNamesEveryActivation() {
    Result r = runCli({"list"});
    QCOMPARE(r.status, 0);
    for (const gelulab::Activation &a : gelulab::activations())
        QVERIFY2(r.out.contains(QString::fromUtf8(a.id.data(), qsizetype(a.id.size()))), a.id.data());
    QVERIFY(r.out.contains("negative_slope=0.01"));
    r = runCli({"list", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonArray rows = json(r).value("activations").toArray();
    QCOMPARE(rows.size(), qsizetype(gelulab::activations().size()));
    for (const QJsonValue &row : rows) {
        if (row.toObject().value("id").toString() != "softplus") continue;
        const QJsonArray params = row.toObject().value("parameters").toArray();
        QCOMPARE(params.size(), 2);
        QCOMPARE(params[0].toObject().value("name").toString(), QStringLiteral("beta"));
        QCOMPARE(params[1].toObject().value("default").toString(), QStringLiteral("inf"));
    }
}

void TestCli::evalMatchesTheRegistry_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("order");
    for (const gelulab::Activation &a : gelulab::activations())
        for (int order = 0; order < 3; ++order)
            QTest::addRow("%s f%d", a.id.data(), order) << QString::fromUtf8(a.id.data()) << order;
}

void TestCli::evalMatchesTheRegistry() {
    QFETCH(QString, id);
    QFETCH(int, order);
    const QStringList xs{"-37.5", "-3", "-0.75", "-1e-300", "0", "0.5", "2.7", "40", "nan", "inf", "-inf"};
    const Result r = runCli(QStringList{"eval", "--function", id, "--order", QString::number(order)} + xs);
    QCOMPARE(r.status, 0);
    QVERIFY(r.err.isEmpty());
    const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), xs.size());
    const gelulab::ActivationInstance instance(id.toStdString());
    for (qsizetype i = 0; i < xs.size(); ++i) {
        double x = 0;
        if (xs[i] == "nan")
            x = std::nan("");
        else if (xs[i] == "inf")
            x = INFINITY;
        else if (xs[i] == "-inf")
            x = -INFINITY;
        else
            x = xs[i].toDouble();
        QCOMPARE(lines[i], formatFull(instance(x, order)));
    }
}

void TestCli::evalReadsStdin() {
    const Result r = runCli({"eval", "--function", "gelu"}, "-1\n  0.5\t2\n-inf nan\n");
    QCOMPARE(r.status, 0);
    const gelulab::ActivationInstance gelu("gelu");
    QCOMPARE(r.out, formatFull(gelu(-1)) + "\n" + formatFull(gelu(0.5)) + "\n" + formatFull(gelu(2)) + "\n" +
                        formatFull(gelu(-INFINITY)) + "\nnan\n");
    // Parameters apply: gelu_general with σ = 0 is ReLU.
    const Result relu = runCli({"eval", "--function", "gelu_general", "--param", "sigma=0", "-2", "3"});
    QCOMPARE(relu.status, 0);
    QCOMPARE(relu.out, QStringLiteral("0\n3\n"));
}

void TestCli::evalJson() {
    const Result r = runCli({"eval", "--function", "softplus", "--param", "beta=2", "--json", "1", "nan"});
    QCOMPARE(r.status, 0);
    const QJsonObject o = json(r);
    QCOMPARE(o.value("function").toString(), QStringLiteral("softplus"));
    QCOMPARE(o.value("parameters").toObject().value("beta").toDouble(), 2.0);
    QCOMPARE(o.value("values").toArray()[0].toDouble(), std::log1p(std::exp(2.0)) / 2.0);
    QCOMPARE(o.value("values").toArray()[1].toString(), QStringLiteral("nan"));
}

void TestCli::badInput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("no command") << QStringList{} << 2 << "no command";
    QTest::newRow("unknown command") << QStringList{"frobnicate"} << 2 << "unknown command 'frobnicate'";
    QTest::newRow("unknown id") << QStringList{"eval", "--function", "gleu", "1"} << 2
                                << "unknown activation 'gleu'";
    QTest::newRow("missing function") << QStringList{"eval", "1"} << 2 << "--function is required";
    QTest::newRow("two functions for eval")
        << QStringList{"eval", "--function", "gelu,relu", "1"} << 2 << "one activation";
    QTest::newRow("unknown option") << QStringList{"eval", "--function", "gelu", "--colour", "red"} << 2
                                    << "colour";
    QTest::newRow("non-numeric x") << QStringList{"eval", "--function", "gelu", "1", "two"} << 2
                                   << "'two' is not a number";
    QTest::newRow("order 3") << QStringList{"eval", "--function", "gelu", "--order", "3", "1"} << 2
                             << "--order must be 0, 1 or 2";
    QTest::newRow("parameter out of range")
        << QStringList{"eval", "--function", "elu", "--param", "alpha=-1", "1"} << 2
        << "alpha = -1 is outside [0, 10]";
    QTest::newRow("unknown parameter") << QStringList{"eval", "--function", "gelu", "--param", "alpha=1", "1"}
                                       << 2 << "no chosen activation has a parameter 'alpha'";
    QTest::newRow("malformed parameter")
        << QStringList{"eval", "--function", "elu", "--param", "alpha", "1"} << 2 << "NAME=VALUE";
    QTest::newRow("bad range") << QStringList{"curve", "--function", "gelu", "--from", "2", "--to", "1"} << 2
                               << "--from < --to";
    QTest::newRow("bad points") << QStringList{"curve", "--function", "gelu", "--points", "1"} << 2
                                << "--points must be";
    QTest::newRow("unwritable csv") << QStringList{"curve", "--function", "gelu", "--csv",
                                                   "/nonexistent-dir/x.csv"}
                                    << 1 << "cannot write /nonexistent-dir/x.csv";
    QTest::newRow("error needs one function")
        << QStringList{"error", "--function", "gelu_tanh,relu"} << 2 << "one activation";
    QTest::newRow("unknown benchmark") << QStringList{"bench", "kernal"} << 2 << "unknown benchmark 'kernal'";
}

void TestCli::badInput() {
    QFETCH(QStringList, args);
    QFETCH(int, status);
    QFETCH(QString, message);
    const Result r = runCli(args);
    QCOMPARE(r.status, status);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY2(r.err.startsWith("gelu-lab-cli: "), qPrintable(r.err));
    QCOMPARE(r.err.count('\n'), 1); // one line
}

void TestCli::curveTableJsonAndCsv() {
    Result r = runCli(
        {"curve", "--function", "gelu,relu", "--from", "-1", "--to", "1", "--points", "5", "--order", "1"});
    QCOMPARE(r.status, 0);
    QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6);
    QCOMPARE(lines[0], QStringLiteral("x\tgelu\trelu"));
    // curve samples through the array path (the vectorised kernels), like the window.
    const gelulab::ActivationInstance gelu("gelu");
    const std::vector<double> at{-1.0};
    std::vector<double> expected(1);
    gelu.evaluate(at, expected, 1);
    QCOMPARE(lines[1], QStringLiteral("-1\t%1\t0").arg(formatFull(expected[0])));
    QVERIFY(std::abs(expected[0] - gelu(-1.0, 1)) <= 1e-15);
    QCOMPARE(lines[3].split('\t')[0], QStringLiteral("0"));

    r = runCli({"curve", "--function", "tanh", "--points", "801", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject o = json(r);
    QCOMPARE(o.value("x").toArray().size(), 801);
    QCOMPARE(o.value("x").toArray()[0].toDouble(), -4.0);
    QCOMPARE(o.value("values").toObject().value("tanh").toArray()[800].toDouble(), std::tanh(4.0));

    QTemporaryDir dir;
    const QString csv = dir.filePath("curve.csv");
    r = runCli({"curve", "--function", "silu", "--points", "3", "--csv", csv});
    QCOMPARE(r.status, 0);
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const std::vector<double> grid{-4.0, 0.0, 4.0};
    std::vector<double> silu(3);
    gelulab::ActivationInstance("silu").evaluate(grid, silu);
    QCOMPARE(QString::fromUtf8(file.readAll()),
             QStringLiteral("x,silu\n-4,%1\n0,0\n4,%2\n").arg(formatFull(silu[0]), formatFull(silu[2])));
}

void TestCli::errorKnownValues_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("order");
    QTest::addColumn<double>("maxError");
    QTest::addColumn<double>("at");
    // The approximations' known worst errors against exact GELU.
    QTest::newRow("gelu_tanh f") << "gelu_tanh" << 0 << 4.73e-4 << 2.70;
    QTest::newRow("gelu_sigmoid f") << "gelu_sigmoid" << 0 << 2.03e-2 << 2.27;
    QTest::newRow("gelu_tanh f'") << "gelu_tanh" << 1 << 8.7e-4 << -1.0;
    QTest::newRow("gelu_sigmoid f'") << "gelu_sigmoid" << 1 << 2.9e-2 << -1.0;
}

void TestCli::errorKnownValues() {
    QFETCH(QString, id);
    QFETCH(int, order);
    QFETCH(double, maxError);
    QFETCH(double, at);
    const Result r = runCli({"error", "--function", id, "--order", QString::number(order), "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject o = json(r);
    const double measured = o.value("max_abs_error").toDouble();
    QVERIFY2(std::abs(measured - maxError) <= 0.006 * maxError, qPrintable(QString::number(measured)));
    if (at > 0) {
        QVERIFY2(std::abs(o.value("at").toDouble() - at) < 0.01,
                 qPrintable(QString::number(o.value("at").toDouble())));
    }
    QVERIFY(o.value("rms_error").toDouble() > 0 && o.value("rms_error").toDouble() < measured);
    QVERIFY(o.value("max_ulp_error").toDouble() > 1e6);
    const Result text = runCli({"error", "--function", id, "--order", QString::number(order)});
    QCOMPARE(text.status, 0);
    QVERIFY(text.out.contains(QString::number(measured, 'g', 6)));
}

void TestCli::errorJsonKeys() {
    const Result r = runCli({"error", "--function", "gelu", "--reference", "gelu_general", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject o = json(r);
    for (const char *key : {"max_abs_error", "at", "rms_error", "max_rel_error", "max_ulp_error"})
        QVERIFY2(o.contains(key), key);
    QCOMPARE(o.value("max_abs_error").toDouble(), 0.0); // gelu_general at its defaults is gelu, bit for bit
}

void TestCli::renderWritesPictures() {
    QTemporaryDir dir;
    const QString png = dir.filePath("curves.png");
    Result r = runCli({"render", "--view", "curves", "--function", "gelu,gelu_tanh,relu", "--order", "0,1",
                       "--size", "800x500", "--out", png});
    QCOMPARE(r.status, 0);
    QVERIFY(r.err.isEmpty());
    const QImage image(png);
    QCOMPARE(image.size(), QSize(800, 500));
    // GELU's blue is drawn.
    bool blue = false;
    for (int y = 0; y < image.height() && !blue; y += 2)
        for (int x = 0; x < image.width() && !blue; x += 2)
            blue = image.pixelColor(x, y) == QColor(0x00, 0x72, 0xb2);
    QVERIFY(blue);
    for (const char *name : {"curves.svg", "curves.pdf"}) {
        r = runCli({"render", "--function", "mish", "--out", dir.filePath(name)});
        QCOMPARE(r.status, 0);
        QVERIFY(QFileInfo(dir.filePath(name)).size() > 1000);
    }
}

void TestCli::renderStacked() {
    QTemporaryDir dir;
    checkDrawsPicture({"render", "--function", "gelu,silu", "--order", "0,1,2", "--stacked"}, QSize(900, 900),
                      dir.filePath("stacked.png"));
}

void TestCli::renderErrorView() {
    QTemporaryDir dir;
    const QString png = dir.filePath("error.png");
    checkDrawsPicture({"render", "--view", "error", "--function", "gelu_sigmoid", "--order", "1"},
                      QSize(700, 600), png);
    Result r = runCli({"render", "--view", "error", "--function", "gelu_tanh,silu", "--out", png});
    QCOMPARE(r.status, 2); // one approximation
    // Parameters reach the view: σ = 0.5 against the default σ = 1 is a visible difference.
    r = runCli({"render", "--view", "error", "--function", "gelu_general", "--reference", "gelu_general",
                "--param", "sigma=0.5", "--reference-param", "sigma=1", "--out", png});
    QCOMPARE(r.status, 0);
    r = runCli({"render", "--view", "error", "--function", "elu", "--param", "beta=2", "--out", png});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains("no chosen activation has a parameter 'beta'"));
}

// Formulas typed on the command line: the same numbers as the registry rows they spell out, errors with
// their position, custom1/custom2 in the order given.
void TestCli::formulas() {
    Result r = runCli({"eval", "--formula", "x*Phi(x)", "--", "-1.5", "0.25", "3"});
    QCOMPARE(r.status, 0);
    const QStringList values = r.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(values.size(), 3);
    const gelulab::ActivationInstance gelu("gelu");
    const double xs[] = {-1.5, 0.25, 3.0};
    for (int i = 0; i < 3; ++i)
        QVERIFY(std::abs(values[i].toDouble() - gelu(xs[i])) <= 4e-16 * std::abs(gelu(xs[i])));
    r = runCli({"eval", "--formula", "x*Phi(x)", "--order", "1", "--json", "1"});
    QCOMPARE(r.status, 0);
    QVERIFY(std::abs(json(r).value("values").toArray().at(0).toDouble() - gelu(1.0, 1)) < 1e-12);

    // The tanh form typed out gives the row's known worst error at the same place.
    const QString tanhForm = QStringLiteral("0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3)))");
    r = runCli({"error", "--formula", tanhForm, "--json"});
    QCOMPARE(r.status, 0);
    const Result row = runCli({"error", "--function", "gelu_tanh", "--json"});
    QCOMPARE(json(r).value("at").toDouble(), json(row).value("at").toDouble());
    QVERIFY(std::abs(json(r).value("max_abs_error").toDouble() -
                     json(row).value("max_abs_error").toDouble()) < 1e-15);

    r = runCli({"curve", "--formula", "x^2", "--formula", "x^3", "--function", "custom2,custom1", "--from",
                "1", "--to", "2", "--points", "2", "--json"});
    QCOMPARE(r.status, 0);
    QCOMPARE(json(r).value("values").toObject().size(), 2);
    const QJsonObject columns = json(r).value("values").toObject();
    QStringList cubes, squares;
    for (auto it = columns.begin(); it != columns.end(); ++it)
        (it.value().toArray().at(1).toDouble() == 8.0 ? cubes : squares) << it.key();
    QCOMPARE(cubes.size(), 1);
    QCOMPARE(squares.size(), 1);

    // A parameter of a formula is a --param like any other.
    r = runCli({"eval", "--formula", "x*sigmoid(k*x)", "--param", "k=1.702", "2"});
    QCOMPARE(r.status, 0);
    QVERIFY(std::abs(r.out.trimmed().toDouble() - gelulab::ActivationInstance("gelu_sigmoid")(2.0)) < 1e-15);

    r = runCli({"eval", "--formula", "x*Psi(x)", "1"});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains("unknown function \"Psi\" at position 3"), qPrintable(r.err));
    r = runCli({"error", "--formula", "x*(1+", "--json"});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains("position 6"));
}

// error --precision: the numbers behind the floating-point mode, with the paper-era facts about PyTorch's
// naive formula (0 below −8.37 in double and −5.54 in float).
void TestCli::precision() {
    Result r = runCli({"error", "--precision", "naive-double", "--json"});
    QCOMPARE(r.status, 0);
    QJsonObject o = json(r);
    QCOMPARE(o.value("format").toString(), QString("double"));
    QCOMPARE(o.value("from").toDouble(), -20.0);
    QVERIFY(std::abs(o.value("zero_up_to").toDouble() + 8.37) < 0.02);
    QVERIFY(o.value("max_ulp_error").toDouble() > 1e15);
    r = runCli({"error", "--precision", "naive-float", "--json"});
    QVERIFY(std::abs(json(r).value("zero_up_to").toDouble() + 5.54) < 0.02);
    r = runCli({"error", "--precision", "float", "--function", "gelu", "--json"});
    o = json(r);
    QVERIFY(o.value("zero_up_to").isNull());
    QVERIFY(o.value("max_ulp_error").toDouble() <= 4.0);
    r = runCli({"error", "--precision", "bfloat16", "--function", "gelu", "--json"});
    QCOMPARE(json(r).value("correctly_rounded").toDouble(), 1.0);
    r = runCli({"error", "--precision", "float16", "--function", "gelu_sigmoid"});
    QCOMPARE(r.status, 0);
    QVERIFY(
        r.out.contains("gelu_sigmoid against gelu, float16 (ulp of float16) over [-20, 4], 24001 points"));
    // Wrong uses.
    QCOMPARE(runCli({"error", "--precision", "int8"}).status, 2);
    QCOMPARE(runCli({"error", "--precision", "naive-float", "--function", "silu"}).status, 2);
    QCOMPARE(runCli({"error", "--precision", "float", "--function", "gelu", "--order", "1"}).status, 2);
    QTemporaryDir dir;
    checkDrawsPicture({"render", "--view", "precision", "--function", "gelu_tanh"}, QSize(640, 480),
                      dir.filePath("p.png"));
}

void TestCli::mask() {
    Result r = runCli({"mask", "--x", "1.5", "--samples", "200000", "--seed", "3", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject o = json(r);
    for (const char *key :
         {"sample_mean", "standard_error", "sample_variance", "exact_mean", "exact_variance", "z"})
        QVERIFY2(o.contains(key), key);
    const double mean = o.value("sample_mean").toDouble(), exact = o.value("exact_mean").toDouble();
    const double se = o.value("standard_error").toDouble();
    QCOMPARE(exact, gelulab::ActivationInstance("gelu")(1.5));
    QCOMPARE(o.value("z").toDouble(), (mean - exact) / se); // signed
    QVERIFY(std::abs(o.value("z").toDouble()) < 4.0);
    QVERIFY(std::abs(o.value("exact_variance").toDouble() - 2.25 * 0.9331927987311419 * 0.0668072012688581) <
            1e-15);
    // The same seed gives the same numbers, another seed others.
    QCOMPARE(runCli({"mask", "--x", "1.5", "--samples", "200000", "--seed", "3", "--json"}).out, r.out);
    QVERIFY(runCli({"mask", "--x", "1.5", "--samples", "200000", "--seed", "4", "--json"}).out != r.out);
    // Every gate, and μ, σ on the normal one.
    for (const char *gate : {"normal", "logistic1702", "logistic", "cauchy"}) {
        r = runCli({"mask", "--x", "-0.7", "--gate", gate, "--samples", "100000"});
        QCOMPARE(r.status, 0);
        QVERIFY(
            r.out.startsWith(QString(gate) + " gate at x = -0.69999999999999996, 100000 samples (seed 1)"));
    }
    r = runCli({"mask", "--x", "0.5", "--param", "mu=0.2", "--param", "sigma=0.5", "--json"});
    QCOMPARE(json(r).value("exact_mean").toDouble(), 0.5 * 0.72574688224992645);
    // Wrong uses.
    QCOMPARE(runCli({"mask"}).status, 2);
    QCOMPARE(runCli({"mask", "--x", "nan"}).status, 2);
    QCOMPARE(runCli({"mask", "--x", "1", "--gate", "gumbel"}).status, 2);
    QCOMPARE(runCli({"mask", "--x", "1", "--gate", "cauchy", "--param", "mu=1"}).status, 2);
    QCOMPARE(runCli({"mask", "--x", "1", "--param", "sigma=-1"}).status, 2);
    QCOMPARE(runCli({"mask", "--x", "1", "--samples", "0"}).status, 2);
}

void TestCli::train() {
    Result r = runCli({"train", "--dataset", "spiral", "--hidden", "8,8", "--activation", "gelu", "--json"});
    QCOMPARE(r.status, 0);
    QJsonObject o = json(r);
    for (const char *key :
         {"train_loss", "test_loss", "train_accuracy", "test_accuracy", "epochs", "diverged", "history"})
        QVERIFY2(o.contains(key), key);
    QCOMPARE(o.value("epochs").toInt(), 500);
    QVERIFY(o.value("diverged").isNull());
    QVERIFY(o.value("test_accuracy").toDouble() >= 0.95);
    const QJsonArray history = o.value("history").toArray();
    QCOMPARE(history.size(), 500);
    QCOMPARE(history.last().toObject().value("test_loss").toDouble(), o.value("test_loss").toDouble());
    QCOMPARE(history.first().toObject().value("epoch").toInt(), 1);
    // The same settings, the same numbers.
    QCOMPARE(
        runCli({"train", "--dataset", "spiral", "--hidden", "8,8", "--activation", "gelu", "--json"}).out,
        r.out);
    // Regression: no accuracies.
    r = runCli({"train", "--dataset", "plane", "--epochs", "20", "--json"});
    QVERIFY(json(r).value("test_accuracy").isNull());
    QVERIFY(json(r).value("test_loss").toDouble() < 0.05);
    // Divergence is reported, with finite numbers.
    r = runCli({"train", "--dataset", "plane", "--lr", "1000", "--epochs", "20", "--json"});
    QCOMPARE(r.status, 0);
    QCOMPARE(json(r).value("diverged").toInt(), 1);
    QVERIFY(!r.out.contains("nan") && !r.out.contains("inf\""));
    r = runCli({"train", "--dataset", "plane", "--lr", "1000", "--epochs", "20"});
    QVERIFY(r.out.contains("training diverged at epoch 1"));
    // Text, CSV history, a custom formula, per-layer activations, the SOI gate.
    QTemporaryDir dir;
    r = runCli({"train", "--dataset", "xor", "--epochs", "30", "--formula", "x*Phi(x)", "--activation",
                "custom1,soi", "--csv", dir.filePath("h.csv")});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains("epoch     30"));
    QFile csv(dir.filePath("h.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 31);
    QCOMPARE(lines.first(), QByteArray("epoch,train_loss,test_loss,train_accuracy,test_accuracy"));
    r = runCli({"train", "--dataset", "blobs", "--classes", "4", "--epochs", "50", "--features", "x1,x2,x1x2",
                "--json"});
    QVERIFY(json(r).value("test_accuracy").toDouble() > 0.8);
    r = runCli({"train", "--dataset", "circle", "--loss", "squared", "--optimizer", "momentum", "--init",
                "unit-norm", "--schedule", "cosine", "--l2", "0.001", "--dropout", "0.1", "--epochs", "100",
                "--json"});
    QVERIFY(json(r).value("test_accuracy").toDouble() > 0.9);
}

void TestCli::trainBadInput() {
    QCOMPARE(runCli({"train", "--activation", "nope"}).status, 2);
    QCOMPARE(runCli({"train", "--dataset", "donut"}).status, 2);
    QCOMPARE(runCli({"train", "--hidden", "1,2,3,4,5,6,7,8,9"}).status, 2);
    QCOMPARE(runCli({"train", "--hidden", "300"}).status, 2);
    QCOMPARE(runCli({"train", "--optimizer", "rmsprop"}).status, 2);
    QCOMPARE(runCli({"train", "--activation", "gelu,relu,elu"}).status, 2); // three for two layers
    QCOMPARE(runCli({"train", "--dataset", "blobs", "--loss", "squared"}).status, 2);
    Result r = runCli({"train", "--data", "/nonexistent/points.csv"});
    QCOMPARE(r.status, 1);
    QVERIFY(r.err.contains("cannot read /nonexistent/points.csv"));
    QTemporaryDir dir;
    QFile bad(dir.filePath("bad.csv"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("x1,x2,label\n1,2,1\n3,4,0\n5,six,1\n");
    bad.close();
    r = runCli({"train", "--data", dir.filePath("bad.csv")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains("line 4: 'six' is not a finite number"), qPrintable(r.err));
    QFile good(dir.filePath("good.csv"));
    QVERIFY(good.open(QIODevice::WriteOnly));
    good.write("x1,x2,label\n-2,-2,0\n-1.5,-2,0\n-2,-1,0\n2,2,1\n1.5,2,1\n2,1,1\n");
    good.close();
    r = runCli({"train", "--data", dir.filePath("good.csv"), "--epochs", "50", "--json"});
    QCOMPARE(r.status, 0);
    QCOMPARE(json(r).value("train_accuracy").toDouble(), 1.0);
}

void TestCli::compareAndRobustness() {
    Result r = runCli({"compare", "--compare", "gelu,relu", "--seeds", "3", "--epochs", "40", "--dataset",
                       "circle", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject acts = json(r).value("activations").toObject();
    QCOMPARE(acts.size(), 2);
    for (const QString &id : {QStringLiteral("gelu"), QStringLiteral("relu")}) {
        const QJsonObject a = acts.value(id).toObject();
        QVERIFY(a.value("median_test_accuracy").toDouble() > 0.9);
        const QJsonArray q = a.value("test_accuracy_quartiles").toArray();
        QVERIFY(q.at(0).toDouble() <= a.value("median_test_accuracy").toDouble());
        QVERIFY(q.at(1).toDouble() >= a.value("median_test_accuracy").toDouble());
        QCOMPARE(a.value("test_loss").toArray().size(), 40);
    }
    // The text table names both.
    r = runCli({"compare", "--compare", "gelu,gelu_tanh", "--seeds", "2", "--epochs", "10"});
    QVERIFY(r.out.contains("gelu_tanh"));
    QCOMPARE(runCli({"compare", "--epochs", "5"}).status, 2);
    // --out draws the Compare view; a path that cannot be written fails before any training.
    QTemporaryDir dir;
    const QString png = dir.filePath("compare.png");
    r = runCli({"compare", "--compare", "gelu,relu,elu", "--seeds", "2", "--epochs", "20", "--size",
                "900x560", "--out", png});
    QCOMPARE(r.status, 0);
    const QImage picture(png);
    QCOMPARE(picture.size(), QSize(900, 560));
    // The boundaries fill the top half with the Playground's orange and blue.
    int coloured = 0;
    for (int x = 0; x < 900; x += 10)
        for (int y = 60; y < 250; y += 10) {
            const QColor c = picture.pixelColor(x, y);
            if (c.saturation() > 80) ++coloured;
        }
    QVERIFY2(coloured > 500, qPrintable(QString::number(coloured)));
    r = runCli(
        {"compare", "--compare", "gelu,relu", "--epochs", "100000", "--out", "/nonexistent-dir/c.png"});
    QCOMPARE(r.status, 1);
    QVERIFY(r.err.contains("cannot write"));
    r = runCli({"robustness", "--compare", "gelu,relu", "--dataset", "gauss", "--epochs", "50", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject o = json(r);
    QCOMPARE(o.value("noise").toArray().size(), 13);
    QCOMPARE(o.value("noise").toArray().last().toDouble(), 3.0);
    for (const QString &id : {QStringLiteral("gelu"), QStringLiteral("relu")}) {
        const QJsonArray acc = o.value("values").toObject().value(id).toArray();
        QCOMPARE(acc.size(), 13);
        QVERIFY(acc.first().toDouble() >= acc.last().toDouble()); // noise hurts
        QVERIFY(acc.first().toDouble() > 0.95);
    }
}

void TestCli::paperExperiments() {
    const QStringList small{"--compare", "gelu,relu", "--seeds",   "2",     "--epochs", "3",
                            "--hidden",  "32",        "--dropout", "0,0.5", "--lr",     "0.001,0.0001"};
    Result r = runCli(QStringList{"paper", "--experiment", "digits-classification", "--json"} + small);
    QCOMPARE(r.status, 0);
    const QJsonObject o = json(r);
    QCOMPARE(o.value("experiment").toString(), QStringLiteral("digits-classification"));
    QCOMPARE(o.value("train_images").toInt(), 1200);
    QCOMPARE(o.value("test_images").toInt(), 300);
    QVERIFY(o.value("train_seconds_per_epoch").toDouble() > 0.0);
    QCOMPARE(o.value("reused_runs").toInt(), 0);
    // A rerun takes every run the first kept (8 to choose the learning rates, 8 reported) and gives the same
    // result without training; --no-cache trains them all again, to the same result.
    const QJsonObject again =
        json(runCli(QStringList{"paper", "--experiment", "digits-classification", "--json"} + small));
    QCOMPARE(again.value("reused_runs").toInt(), 16);
    QVERIFY(again.value("train_seconds_per_epoch").isNull());
    QCOMPARE(again.value("activations"), o.value("activations"));
    const QJsonObject fresh = json(
        runCli(QStringList{"paper", "--experiment", "digits-classification", "--no-cache", "--json"} + small));
    QCOMPARE(fresh.value("reused_runs").toInt(), 0);
    QVERIFY(fresh.value("train_seconds_per_epoch").toDouble() > 0.0);
    QCOMPARE(fresh.value("activations"), o.value("activations"));
    const QJsonObject acts = o.value("activations").toObject();
    QCOMPARE(acts.keys(), (QStringList{"gelu", "gelu/dropout=0.5", "relu", "relu/dropout=0.5"}));
    for (const QString &key : acts.keys()) {
        const QJsonObject a = acts.value(key).toObject();
        const double median = a.value("median_test_error").toDouble();
        QVERIFY(median > 0.0 && median < 1.0);
        QVERIFY(a.value("quartiles").toArray().at(0).toDouble() <= median);
        QVERIFY(a.value("quartiles").toArray().at(1).toDouble() >= median);
        QCOMPARE(a.value("train_loss").toArray().size(), 3);
        QCOMPARE(a.value("test_loss").toArray().size(), 3);
        QCOMPARE(a.value("validation_errors").toArray().size(), 2);
        QCOMPARE(a.value("noise_test_accuracy").toArray().size(), 13);
    }
    // Robustness: the table against the noise level; the autoencoder: the loss per learning rate.
    r = runCli(QStringList{"paper", "--experiment", "digits-robustness"} + small);
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains("with U[-a, a] noise on the pixels"));
    QVERIFY(r.out.contains("  3.00  "));
    QVERIFY2(r.out.contains("16 of the runs taken from "), qPrintable(r.out)); // the same runs, kept
    r = runCli({"paper", "--experiment", "digits-autoencoder", "--compare", "gelu", "--seeds", "1",
                "--epochs", "2", "--hidden", "16,4,16", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject ae = json(r).value("activations").toObject();
    QCOMPARE(ae.keys(), (QStringList{"gelu/lr=0.0001", "gelu/lr=0.001"}));
    QVERIFY(ae.value("gelu/lr=0.001").toObject().value("median_test_error").isNull());
    // The figure and the curves.
    QTemporaryDir dir;
    r = runCli(QStringList{"paper", "--experiment", "digits-classification", "--out", dir.filePath("p.png"),
                           "--size", "800x500", "--csv", dir.filePath("p.csv")} +
               small);
    QCOMPARE(r.status, 0);
    QCOMPARE(QImage(dir.filePath("p.png")).size(), QSize(800, 500));
    QFile csv(dir.filePath("p.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().trimmed().split('\n').size(), 1 + 4 * 3);
    // Wrong command lines and unreadable data.
    QCOMPARE(runCli({"paper"}).status, 2);
    QCOMPARE(runCli({"paper", "--experiment", "mnist"}).status, 2);
    QCOMPARE(runCli({"paper", "--experiment", "digits-classification", "--optimizer", "rmsprop"}).status, 2);
    // Momentum instead of Adam: another run, the same shape of result.
    r = runCli(
        QStringList{"paper", "--experiment", "digits-classification", "--optimizer", "momentum", "--json"} +
        small);
    QCOMPARE(r.status, 0);
    QVERIFY(json(r).value("activations")
                    .toObject()
                    .value("gelu")
                    .toObject()
                    .value("median_test_error")
                    .toDouble() != acts.value("gelu").toObject().value("median_test_error").toDouble() ||
            json(r).value("activations")
                    .toObject()
                    .value("gelu")
                    .toObject()
                    .value("median_test_loss")
                    .toDouble() != acts.value("gelu").toObject().value("median_test_loss").toDouble());
    r = runCli({"paper", "--experiment", "digits-classification", "--compare", "gelu,nonesuch"});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains("nonesuch"));
    QCOMPARE(runCli({"paper", "--experiment", "digits-autoencoder", "--dropout", "0.5"}).status, 2);
    QFile corrupt(dir.filePath("corrupt.csv"));
    QVERIFY(corrupt.open(QIODevice::WriteOnly));
    corrupt.write("0,1,2\n");
    corrupt.close();
    r = runCli({"paper", "--experiment", "digits-classification", "--digits", dir.filePath("corrupt.csv")});
    QCOMPARE(r.status, 1);
    QVERIFY(r.err.contains("digits line 1"));
    r = runCli({"paper", "--experiment", "digits-classification", "--digits", dir.filePath("missing.csv")});
    QCOMPARE(r.status, 1);
    QVERIFY(r.err.contains("cannot read"));
}

void TestCli::renderAndBenchPlayground() {
    QTemporaryDir dir;
    const QString png = dir.filePath("playground.png");
    QCOMPARE(runCli({"render", "--view", "playground", "--activation", "nope", "--out", png}).status, 2);
    checkDrawsPicture({"render", "--view", "playground", "--dataset", "xor", "--epochs", "50"},
                      QSize(800, 500), png);
    Result r =
        runCli({"bench", "render", "--view", "playground", "--frames", "3", "--size", "640x400", "--json"});
    QCOMPARE(r.status, 0);
    QVERIFY(json(r).value("frames_per_s").toDouble() > 0);
    QCOMPARE(json(r).value("width").toInt(), 640);
    // Live: the view's worker trains for a second while the window redraws.
    r = runCli({"bench", "render", "--view", "playground", "--seconds", "1", "--size", "640x400", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject live = json(r);
    QVERIFY(live.value("frames_per_s").toDouble() > 0);
    QVERIFY(live.value("boundary_updates_per_s").toDouble() > 0);
    QVERIFY(live.value("epochs_per_s").toDouble() > 0);
    QVERIFY(live.value("rss_start_mib").toDouble() > 0);
    QVERIFY(live.value("rss_end_mib").toDouble() > 0);
    QVERIFY(live.value("seconds").toDouble() >= 1.0);
    QCOMPARE(runCli({"bench", "render", "--view", "playground", "--seconds", "0"}).status, 2);
    // A soak run ends at its epoch count, long before its time limit.
    r = runCli({"bench", "render", "--view", "playground", "--hidden", "4,2", "--until-epoch", "300",
                "--seconds", "120", "--size", "640x400", "--json"});
    QCOMPARE(r.status, 0);
    QVERIFY(json(r).value("epochs").toInt() >= 300);
    QVERIFY(json(r).value("seconds").toDouble() < 60.0);
}

void TestCli::benchPlayground() {
    const Result r = runCli({"bench", "playground", "--repeats", "1", "--grid", "20", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject o = json(r);
    QVERIFY(o.value("epochs_per_s").toDouble() > 0);
    QCOMPARE(o.value("hidden").toString(), QString("4,2"));
    QCOMPARE(o.value("activation").toString(), QString("tanh"));
    QCOMPARE(o.value("train_points").toInt(), 250);
}

void TestCli::renderBadInput() {
    Result r = runCli({"render", "--function", "gelu", "--out", "/nonexistent-dir/c.png"});
    QCOMPARE(r.status, 1);
    QVERIFY(r.err.contains("cannot write /nonexistent-dir/c.png"));
    r = runCli({"render", "--function", "gelu", "--out", "c.bmp"});
    QCOMPARE(r.status, 2);
    r = runCli({"render", "--view", "gallery", "--function", "gelu", "--out", "c.png"});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains("unknown view 'gallery' (available: curves, error, precision, mask)"));
    r = runCli({"render", "--function", "gelu", "--size", "big", "--out", "c.png"});
    QCOMPARE(r.status, 2);
    r = runCli({"render", "--function", "gelu"});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains("--out"));
}

void TestCli::realExecutables() {
    Result r = runBinary("gelu-lab-cli", {"eval", "--function", "gelu", "-1", "-40"});
    QCOMPARE(r.status, 0);
    const gelulab::ActivationInstance gelu("gelu");
    QCOMPARE(r.out, formatFull(gelu(-1.0)) + "\n" + formatFull(gelu(-40.0)) + "\n");
    r = runBinary("gelu-lab-cli", {"eval", "--function", "gelu"}, "3 -0.5\n");
    QCOMPARE(r.out, formatFull(gelu(3.0)) + "\n" + formatFull(gelu(-0.5)) + "\n");
    r = runBinary("gelu-lab-cli", {"eval", "--function", "nope", "1"});
    QCOMPARE(r.status, 2);
    QCOMPARE(r.err.count('\n'), 1);
    QTemporaryDir dir;
    r = runBinary("gelu-lab-cli", {"render", "--function", "gelu", "--out", dir.filePath("a.png")});
    QCOMPARE(r.status, 0);
    QVERIFY(QImage(dir.filePath("a.png")).width() == 1200);
    r = runBinary("gelu-lab-cli", {"render", "--function", "gelu", "--out", "/nonexistent-dir/a.png"});
    QCOMPARE(r.status, 1);
    r = runBinary("gelu-lab-cli", {"--version"});
    QCOMPARE(r.status, 0);
    r = runBinary("gelu-lab", {"--version"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains("GELU Lab"));
}

void TestCli::evalFloatPath() {
    // --type float rounds x to float and goes through the float path.
    const Result r = runCli({"eval", "--function", "gelu", "--type", "float", "0.1", "-8"});
    QCOMPARE(r.status, 0);
    const gelulab::ActivationInstance gelu("gelu");
    std::vector<float> x{0.1f, -8.0f}, y(2);
    gelu.evaluate(x, y);
    QCOMPARE(r.out, formatFull(y[0]) + "\n" + formatFull(y[1]) + "\n");
    QVERIFY(formatFull(y[0]) != formatFull(gelu(0.1))); // a float result, not the double one
    QCOMPARE(runCli({"eval", "--function", "gelu", "--type", "half", "1"}).status, 2);
}

void TestCli::benchKernel() {
    Result r = runCli({"bench", "kernel", "--function", "gelu", "--n", "4096", "--repeats", "3", "--json"});
    QCOMPARE(r.status, 0);
    QJsonObject o = json(r);
    for (const char *key : {"function", "type", "n", "threads", "order", "gelem_per_s"})
        QVERIFY2(o.contains(key), key);
    QCOMPARE(o.value("function").toString(), QStringLiteral("gelu"));
    QCOMPARE(o.value("type").toString(), QStringLiteral("float"));
    QCOMPARE(o.value("n").toInt(), 4096);
    QVERIFY(o.value("gelem_per_s").toDouble() > 0.0);
    r = runCli({"bench", "kernel", "--function", "copy", "--type", "double", "--n", "1000", "--threads", "2",
                "--order", "0", "--repeats", "2", "--json"});
    QCOMPARE(r.status, 0);
    QCOMPARE(json(r).value("threads").toInt(), 2);
    r = runCli({"bench", "kernel", "--function", "relu", "--n", "1000", "--repeats", "1"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains("Gelem/s"));
    QCOMPARE(runCli({"bench", "kernel", "--function", "gelu", "--type", "int"}).status, 2);
    QCOMPARE(runCli({"bench", "kernel", "--function", "nope"}).status, 2);
    QCOMPARE(runCli({"bench", "kernel", "--function", "gelu", "--n", "0"}).status, 2);
}

void TestCli::benchRender() {
    const Result r = runBinary("gelu-lab-cli", {"bench", "render", "--activations", "3", "--points", "500",
                                                "--size", "800x600", "--repeats", "3", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject o = json(r);
    QVERIFY(o.value("redraw_ms").toDouble() > 0.0);
    QVERIFY(o.value("settled_redraw_ms").toDouble() > 0.0);
    QCOMPARE(o.value("curves").toInt(), 9);
}

void TestCli::benchStartup() {
    const Result r = runBinary("gelu-lab-cli", {"bench", "startup", "--repeats", "1", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject o = json(r);
    QVERIFY(o.value("startup_ms").toDouble() > 0.0);
    QCOMPARE(o.value("samples_ms").toArray().size(), 1);
}

// `gelu-lab --help` and `--version` print and exit 0 with no display and no platform chosen (a terminal over
// ssh, a package build); without one, Qt's default platform would abort before the parser runs.
void TestCli::windowHelpWithoutDisplay() {
    QProcessEnvironment bare = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        bare.remove(QString::fromLatin1(name));
    Result r = runBinary("gelu-lab", {"--version"}, {}, bare);
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains(QStringLiteral(GELULAB_VERSION)), qPrintable(r.out + r.err));
    r = runBinary("gelu-lab", {"--help"}, {}, bare);
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains("--view"), qPrintable(r.out + r.err));
}

// session check, lesson list, render --session (--step), and the window's FILE and --lesson.
void TestCli::sessionsAndLessons() {
    const QString lesson =
        QStringLiteral(GELULAB_RESOURCE_DIR "/lessons/01-gelu-is-not-a-smooth-relu.gelulab");
    Result r = runCli({"session", "check", lesson});
    QCOMPARE(r.status, 0);
    QVERIFY2(
        r.out.contains("a valid session (version 1.0; views: curves); lesson gelu-is-not-a-smooth-relu, 4 "
                       "steps"),
        qPrintable(r.out));
    r = runCli({"session", "check", lesson, "--json"});
    QCOMPARE(json(r).value("steps").toInt(), 4);
    QVERIFY(json(r).value("valid").toBool());

    QTemporaryDir dir;
    const QString bad = dir.filePath("bad.gelulab");
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"version\": 1, \"views\": {\"mask\": {\"bins\": -3}}}");
    file.close();
    r = runCli({"session", "check", bad});
    QCOMPARE(r.status, 1);
    QCOMPARE(r.err, QStringLiteral("gelu-lab-cli: bad.gelulab: views.mask.bins: -3 is outside 2 to 10000\n"));
    r = runCli({"session", "check", bad, "--json"});
    QCOMPARE(r.status, 1);
    QCOMPARE(json(r)["valid"].toBool(true), false);
    QCOMPARE(json(r)["problem"].toString(), QStringLiteral("bad.gelulab: views.mask.bins: -3 is outside 2 to 10000"));
    QCOMPARE(runCli({"session"}).status, 2);
    QCOMPARE(runCli({"session", "check"}).status, 2);
    QCOMPARE(runCli({"session", "check", dir.filePath("nonesuch.gelulab")}).status, 1);

    r = runCli({"lesson", "list", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonArray lessons = json(r).value("lessons").toArray();
    QCOMPARE(lessons.size(), 9);
    QCOMPARE(lessons[0].toObject().value("id").toString(), QStringLiteral("gelu-is-not-a-smooth-relu"));
    QVERIFY(lessons[5].toObject().value("steps").toInt() >= 2);
    QVERIFY(runCli({"lesson", "list"}).out.contains("dead-relus"));
    QCOMPARE(runCli({"lesson"}).status, 2);

    checkDrawsPicture({"render", "--session", lesson, "--step", "2"}, QSize(900, 600),
                      dir.filePath("step.png"));
    checkDrawsPicture({"render", "--session", lesson, "--view", "mask"}, QSize(700, 500),
                      dir.filePath("mask.png"));
    QCOMPARE(runCli({"render", "--session", lesson, "--step", "9", "--out", dir.filePath("x.png")}).status,
             2);
    QCOMPARE(
        runCli({"render", "--session", lesson, "--view", "nonesuch", "--out", dir.filePath("x.png")}).status,
        2);
    QCOMPARE(runCli({"render", "--session", bad, "--out", dir.filePath("x.png")}).status, 1);
    const QString plain = GELULAB_RESOURCE_DIR "/../tests/fuzz/sessions/every-view.gelulab";
    QCOMPARE(runCli({"render", "--session", plain, "--step", "1", "--out", dir.filePath("x.png")}).status, 2);
    checkDrawsPicture({"render", "--session", plain}, QSize(800, 600), dir.filePath("playground.png"));

    QProcessEnvironment offscreen = QProcessEnvironment::systemEnvironment();
    offscreen.insert("QT_QPA_PLATFORM", "offscreen");
    r = runBinary("gelu-lab", {lesson, "--screenshot", dir.filePath("window.png")}, {}, offscreen);
    QCOMPARE(r.status, 0);
    QVERIFY(!QImage(dir.filePath("window.png")).isNull());
    r = runBinary("gelu-lab", {bad, "--screenshot", dir.filePath("no.png")}, {}, offscreen);
    QCOMPARE(r.status, 1);
    QVERIFY(r.err.contains("views.mask.bins"));
    r = runBinary("gelu-lab", {"--lesson", "nonesuch", "--screenshot", dir.filePath("no.png")}, {},
                  offscreen);
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains("dead-relus"));
    r = runBinary("gelu-lab", {"--lesson", "sigma-to-zero", "--screenshot", dir.filePath("lesson.png")}, {},
                  offscreen);
    QCOMPARE(r.status, 0);
}

QTEST_MAIN(TestCli)
#include "tst_cli.moc"
