// gelu-lab-cli depth: the mean-field read-outs and the simulated network as the command prints them — JSON
// keys and their values against the core, the critical σ_w² with its boundary, custom formulas, bad command
// lines.
#include "cli_test_support.h"

#include "mean_field.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

class TestCliDepth : public QObject {
    Q_OBJECT
private slots:
    void jsonMatchesTheCore();
    void fatesAndNulls();
    void critical_data();
    void critical();
    void textOutput();
    void customFormula();
    void drawsTheView();
    void badCommandLines_data();
    void badCommandLines();
};

using namespace gelulab;

void TestCliDepth::jsonMatchesTheCore() {
    const Result r = runCli({"depth", "--activation", "gelu", "--sigma-w2", "1.5", "--sigma-b2", "0.1",
                             "--layers", "5", "--width", "300", "--seed", "4", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject o = json(r);
    const MeanField field(MeanFieldFunction::of(ActivationInstance("gelu")), 1.5, 0.1);
    const MeanFieldSummary s = field.summary();
    QCOMPARE(o["activation"].toString(), QStringLiteral("gelu"));
    QCOMPARE(o["fate"].toString(), QStringLiteral("fixed_point"));
    QCOMPARE(o["q_star"].toDouble(), s.fixedPoint.q);
    QCOMPARE(o["fate_from_q0"].toString(), QStringLiteral("fixed_point"));
    QCOMPARE(o["q_from_q0"].toDouble(), s.fromQ0.q);
    QCOMPARE(o["chi1"].toDouble(), s.chi1);
    QCOMPARE(o["c_star"].toDouble(), 1.0);
    QCOMPARE(o["depth_scale"].toDouble(), -1.0 / std::log(s.chi1));
    QCOMPARE(o["critical_sigma_w2"].toDouble(),
             criticalSigmaW2(MeanFieldFunction::of(ActivationInstance("gelu")), 0.1)->sigmaW2);
    QCOMPARE(o["boundary"].toString(), QStringLiteral("fixed_point_lost"));
    QCOMPARE(o["layer_count"].toInt(), 5);
    QCOMPARE(o["width"].toInt(), 300);
    const QJsonArray layers = o["layers"].toArray();
    QCOMPARE(layers.size(), 6);
    const std::vector<double> q = field.varianceSeries(1.0, 5);
    for (int l = 0; l <= 5; ++l) {
        const QJsonObject row = layers[l].toObject();
        QCOMPARE(row["layer"].toInt(), l);
        QCOMPARE(row["q_predicted"].toDouble(), q[std::size_t(l)]);
        for (const char *key :
             {"q_simulated", "c_predicted", "c_simulated", "grad_norm_predicted", "grad_norm_simulated"})
            QVERIFY2(row[key].isDouble(), key);
        // A network of width 300 follows its prediction within a few standard errors (√(2/300) ≈ 8 %).
        QVERIFY(std::abs(row["q_simulated"].toDouble() / q[std::size_t(l)] - 1) < 0.35);
    }
    QCOMPARE(layers[5].toObject()["grad_norm_predicted"].toDouble(), 1.0);
    QCOMPARE(layers[5].toObject()["grad_norm_simulated"].toDouble(), 1.0);
    QCOMPARE(layers[4].toObject()["grad_norm_predicted"].toDouble(), std::sqrt(field.chi(q[4])));
    // The same seed draws the same network.
    QCOMPARE(runCli({"depth", "--activation", "gelu", "--sigma-w2", "1.5", "--sigma-b2", "0.1", "--layers",
                     "5", "--width", "300", "--seed", "4", "--json"})
                 .out,
             r.out);
}

void TestCliDepth::fatesAndNulls() {
    // Small inputs fade, inputs of variance 1 run away (GELU at σ_w² = 3 without a bias).
    QJsonObject two = json(runCli({"depth", "--activation", "gelu", "--sigma-w2", "3", "--sigma-b2", "0",
                                   "--layers", "2", "--width", "8", "--json"}));
    QCOMPARE(two["fate"].toString(), QStringLiteral("vanishes"));
    QCOMPARE(two["fate_from_q0"].toString(), QStringLiteral("grows"));
    QJsonObject o = json(runCli(
        {"depth", "--activation", "relu", "--sigma-w2", "3", "--layers", "2", "--width", "8", "--json"}));
    QCOMPARE(o["fate"].toString(), QStringLiteral("grows"));
    QVERIFY(o["q_star"].isNull());
    QVERIFY(o["chi1"].isNull());
    QVERIFY(o["depth_scale"].isNull());
    o = json(runCli({"depth", "--activation", "relu", "--sigma-w2", "1", "--sigma-b2", "0", "--layers", "2",
                     "--width", "8", "--json"}));
    QCOMPARE(o["fate"].toString(), QStringLiteral("vanishes"));
    QVERIFY(o["q_star"].isNull());
    QCOMPARE(o["fate_from_q0"].toString(), QStringLiteral("vanishes"));
    QVERIFY(o["q_from_q0"].isNull());
    QCOMPARE(o["chi1"].toDouble(), 0.5); // χ at q → 0
    // Chaotic tanh: c* = 0 at σ_b² = 0, a finite depth scale.
    o = json(runCli({"depth", "--activation", "tanh", "--sigma-w2", "3", "--sigma-b2", "0", "--layers", "2",
                     "--width", "8", "--json"}));
    QCOMPARE(o["fate"].toString(), QStringLiteral("fixed_point"));
    QVERIFY(o["chi1"].toDouble() > 1.0);
    QCOMPARE(o["c_star"].toDouble(), 0.0);
    QVERIFY(o["depth_scale"].toDouble() > 0.0);
}

void TestCliDepth::critical_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("sigmaB2");
    QTest::addColumn<double>("expected");
    QTest::addColumn<QString>("boundary");
    QTest::newRow("relu at 0") << "relu"
                               << "0" << 2.0 << "chi1";
    QTest::newRow("relu at 0.05") << "relu"
                                  << "0.05" << 2.0 << "chi1";
    QTest::newRow("gelu at 0") << "gelu"
                               << "0" << 4.0 << "chi1"; // χ at q → 0 is σ_w² Φ(0)²
    QTest::newRow("gelu at 0.05") << "gelu"
                                  << "0.05" << qQNaN() << "fixed_point_lost";
    QTest::newRow("tanh at 0.05") << "tanh"
                                  << "0.05" << qQNaN() << "chi1";
}

void TestCliDepth::critical() {
    QFETCH(QString, id);
    QFETCH(QString, sigmaB2);
    QFETCH(double, expected);
    QFETCH(QString, boundary);
    const Result r = runCli({"depth", "--critical", "--activation", id, "--sigma-b2", sigmaB2, "--json"});
    QCOMPARE(r.status, 0);
    const QJsonObject o = json(r);
    QCOMPARE(o["boundary"].toString(), boundary);
    QVERIFY(!o.contains("layers"));
    const double value = o["critical_sigma_w2"].toDouble();
    if (!std::isnan(expected))
        QVERIFY2(std::abs(value - expected) < 1e-9 * expected, qPrintable(QString::number(value, 'g', 17)));
    const std::optional<CriticalPoint> core =
        criticalSigmaW2(MeanFieldFunction::of(ActivationInstance(id.toStdString())), sigmaB2.toDouble());
    QCOMPARE(value, core->sigmaW2);
    const Result text = runCli({"depth", "--critical", "--activation", id, "--sigma-b2", sigmaB2});
    QVERIFY2(text.out.contains(QStringLiteral("critical σ_w² = ")) && text.out.contains(boundary),
             qPrintable(text.out));
}

void TestCliDepth::textOutput() {
    const Result r = runCli({"depth", "--activation", "gelu", "--layers", "3", "--width", "16"});
    QCOMPARE(r.status, 0);
    for (const char *line :
         {"gelu at σ_w² = 2, σ_b² = 0.05", "fate           fixed_point", "χ₁ ", "depth scale ξ_c",
          "critical σ_w²  2.41", "3 layers of width 16, seed 1", "q predicted"})
        QVERIFY2(r.out.contains(QString::fromUtf8(line)), line);
    QVERIFY2(r.out.contains(QStringLiteral("from q0        settles at q = 0.1244956")), qPrintable(r.out));
    QCOMPARE(r.out.count(QLatin1Char('\n')),
             9 + 1 + 4 + 1); // read-outs, blank, heading + 4 layers, title line
}

void TestCliDepth::customFormula() {
    // x itself: the linear network, critical at σ_w² = 1.
    const Result r = runCli({"depth", "--critical", "--formula", "x", "--sigma-b2", "0.05", "--json"});
    QCOMPARE(r.status, 0);
    QVERIFY(std::abs(json(r)["critical_sigma_w2"].toDouble() - 1.0) < 1e-9);
    // --param reaches the activation: ELU's α = 0 is ReLU.
    const Result elu = runCli(
        {"depth", "--critical", "--activation", "elu", "--param", "alpha=0", "--sigma-b2", "0.05", "--json"});
    QCOMPARE(elu.status, 0);
    QVERIFY(std::abs(json(elu)["critical_sigma_w2"].toDouble() - 2.0) < 1e-9);
}

// --out draws the Depth tab's six plots (it waits for every part), at the size asked, in either format.
void TestCliDepth::drawsTheView() {
    QTemporaryDir dir;
    const QString png = dir.filePath("depth.png");
    const Result r = runCli({"depth", "--activation", "gelu", "--compare", "relu,tanh", "--layers", "10",
                             "--width", "64", "--out", png, "--size", "900x600"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains(QStringLiteral("gelu at σ_w² = 2")));
    const QImage image(png);
    QCOMPARE(image.size(), QSize(900, 600));
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 50, qPrintable(QStringLiteral("%1 colours").arg(colours.size())));
    const QString svg = dir.filePath("depth.svg");
    QCOMPARE(
        runCli({"depth", "--formula", "x*tanh(x)", "--layers", "3", "--width", "16", "--out", svg}).status,
        0);
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("<svg"));
}

void TestCliDepth::badCommandLines_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no activation") << QStringList{"depth"} << "--activation is required";
    QTest::newRow("two activations") << QStringList{"depth", "--activation", "gelu,relu"} << "";
    QTest::newRow("unknown") << QStringList{"depth", "--activation", "nope"} << "nope";
    QTest::newRow("negative sigma") << QStringList{"depth", "--activation", "gelu", "--sigma-w2", "-1"}
                                    << "--sigma-w2";
    QTest::newRow("nan sigma") << QStringList{"depth", "--activation", "gelu", "--sigma-b2", "nan"}
                               << "--sigma-b2";
    QTest::newRow("layers") << QStringList{"depth", "--activation", "gelu", "--layers", "101"} << "--layers";
    QTest::newRow("width") << QStringList{"depth", "--activation", "gelu", "--width", "0"} << "--width";
    QTest::newRow("q0") << QStringList{"depth", "--activation", "gelu", "--q0", "0"} << "--q0";
    QTest::newRow("c0") << QStringList{"depth", "--activation", "gelu", "--c0", "1.5"} << "--c0";
    QTest::newRow("positional") << QStringList{"depth", "--activation", "gelu", "extra"} << "";
    QTest::newRow("compare without out")
        << QStringList{"depth", "--activation", "gelu", "--compare", "relu"} << "needs --out";
    QTest::newRow("out off the plane")
        << QStringList{"depth", "--activation", "gelu", "--sigma-w2", "7", "--out", "/tmp/never.png"}
        << "σ_w²";
    QTest::newRow("out too wide") << QStringList{"depth", "--activation", "gelu",          "--width",
                                                 "2048",  "--out",        "/tmp/never.png"}
                                  << "1,024";
    QTest::newRow("out with parameters")
        << QStringList{"depth", "--activation", "elu", "--param", "alpha=0.5", "--out", "/tmp/never.png"}
        << "default parameters";
    QTest::newRow("three compared") << QStringList{"depth",         "--activation",  "gelu",
                                                   "--compare",     "relu,tanh,elu", "--out",
                                                   "/tmp/never.png"}
                                    << "two more";
    QTest::newRow("critical with out")
        << QStringList{"depth", "--critical", "--activation", "gelu", "--out", "/tmp/never.png"} << "--critical";
    QTest::newRow("out with a value the view rounds")
        << QStringList{"depth", "--activation", "gelu", "--sigma-b2", "0.000004", "--out", "/tmp/never.png"}
        << "5 decimals";
    QTest::newRow("out bad extension")
        << QStringList{"depth", "--activation", "gelu", "--out", "/tmp/never.bmp"} << "";
}

void TestCliDepth::badCommandLines() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Result r = runCli(args);
    QCOMPARE(r.status, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
}

QTEST_MAIN(TestCliDepth) // --out draws with widgets
#include "tst_clidepth.moc"
