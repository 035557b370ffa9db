// Session files: every setting survives the round trip; bad, hostile and newer files are refused with one
// message naming the key; a failed save leaves the previous file as it was.
#include "activation.h"
#include "session_file.h"
#include "session_json.h"
#include "session_state.h"
#include "trainer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace gelulab;
using namespace gelulab::session;

namespace {

// A session with every key set to something other than the views' defaults.
Session fullSession() {
    Session s;
    s.view = "mask";
    s.formulas = {{"custom1", "x*tanh(a*x)"}};
    CurvesState c;
    c.activations =
        std::vector<ActivationChoice>{{"gelu", {}, std::nullopt},
                                      {"elu", {0.5}, std::nullopt},
                                      {"softplus", {1.0, HUGE_VAL}, std::nullopt}, // "inf" in JSON
                                      {"custom1", {2.0}, std::string("x*tanh(a*x)")}};
    c.orders = std::array<bool, 3>{true, true, false};
    c.stacked = true;
    c.notablePoints = true;
    c.from = -2.5;
    c.to = 0.1;
    c.samples = 1234;
    s.curves = c;
    ErrorState e;
    e.mode = "precision";
    e.approximation = "gelu_general";
    e.approximationParameters = {{"mu", 0.25}, {"sigma", 0.5}};
    e.reference = "relu";
    e.order = 1;
    e.from = -3.0;
    e.to = 3.0;
    e.points = 501;
    s.error = e;
    MaskState m;
    m.gate = "normal";
    m.mu = 0.5;
    m.sigma = 2.0;
    m.seed = 42;
    m.samples = 5000;
    m.from = -1.0;
    m.to = 1.0;
    m.bins = 30;
    m.x = 0.3;
    s.mask = m;
    PlaygroundState p;
    p.dataset = "xor";
    p.noise = 10.0;
    p.trainPercent = 70;
    p.batch = 25;
    p.showTest = true;
    p.discretize = false;
    p.features = std::vector<std::string>{"x1", "x2", "x1x2"};
    p.hidden = std::vector<int>{4, 2};
    p.activation = "custom1";
    p.learningRate = 0.03;
    p.optimizer = "sgd";
    p.loss = "squared";
    p.init = "he";
    p.dropout = 0.2;
    p.regularization = 2;
    p.regularizationRate = 0.001;
    p.dataSeed = 77;
    PointsState points;
    points.problem = "classification";
    points.classes = 2;
    points.train = {{0.5, -1.25, 1}, {2, 3, 0}};
    points.test = {{-4, 4.5, 1}};
    points.name = "clicked.csv";
    p.points = points;
    s.playground = p;
    CompareState k;
    k.runs = std::vector<CompareRun>{{true, "gelu"}, {true, "relu"}, {false, "elu"}};
    k.seeds = 3;
    k.epochs = 40;
    CompareSetup setup;
    setup.points = points;
    setup.features = {"x1", "x2", "sinx1"};
    setup.hidden = {6, 3};
    setup.loss = "squared";
    setup.init = "unit-norm";
    setup.optimizer = "momentum";
    setup.schedule = "cosine";
    setup.learningRate = 0.003;
    setup.l2 = 0.001;
    setup.dropout = 0.1;
    setup.batch = 4;
    setup.seed = 12;
    setup.description = "clicked.csv; hidden 6,3";
    k.setup = setup;
    CompareResults results;
    results.activations = {"gelu", "relu"};
    results.epochs = 2;
    results.seconds = 0.25;
    const double nan = std::nan("");
    for (int run = 0; run < 2; ++run) {
        CompareSummary summary;
        summary.trainLoss = {{0.5, 0.6, 0.7}, {0.4, 0.5, 0.6}};
        summary.testLoss = {{nan, nan, nan}, {nan, nan, nan}}; // no test points
        summary.finalTrainLoss = {0.4, 0.5, 0.6};
        summary.finalTestLoss = {nan, nan, nan};
        summary.finalTestAccuracy = {nan, nan, nan};
        summary.divergedRuns = run;
        results.summaries.push_back(summary);
        results.boundaries.push_back({0.25, -0.5, 1.0, 0.0});
        results.outputs.push_back(1);
        results.robustness.push_back({{0.9, 0.95, 1.0}, {0.5, 0.6, 0.7}});
    }
    results.messages = {"", "diverged at epoch 2"};
    results.gridSize = 2;
    results.amplitudes = {0.0, 1.0};
    k.results = results;
    s.compare = k;
    PaperState r;
    r.experiment = "digits-robustness";
    r.activations = std::vector<std::string>{"gelu", "silu"};
    r.seeds = 2;
    r.epochs = 7;
    r.dropout = std::vector<double>{0.0};
    r.learningRates = std::vector<double>{0.001, 0.0001};
    r.optimizer = "adam";
    PaperResults done;
    done.experiment = "digits-robustness";
    done.activations = {"gelu", "silu"};
    done.seeds = 2;
    done.epochs = 2;
    done.dropouts = {0.0};
    done.learningRates = {0.001, 0.0001};
    for (const char *id : {"gelu", "silu"}) {
        PaperVariantResult v;
        v.activation = id;
        v.learningRate = 0.001;
        v.validationScores = {0.1, std::nan("")};
        v.summary.trainLoss = v.summary.testLoss =
            v.summary.testAccuracy = {{0.1, 0.2, 0.3}, {0.1, 0.15, 0.2}};
        v.summary.finalTrainLoss = v.summary.finalTestLoss = v.summary.finalTestAccuracy = {0.1, 0.15, 0.2};
        v.noiseAccuracy = v.noiseLogLoss = {{0.9, 0.92, 0.95}, {0.5, 0.55, 0.6}};
        done.variants.push_back(v);
    }
    done.amplitudes = {0.0, 1.0};
    done.trainImages = 1200;
    done.validationImages = 297;
    done.testImages = 300;
    done.trainSecondsPerEpoch = 0.01;
    r.results = done;
    s.paper = r;
    DepthState d;
    d.activation = "custom1";
    d.compare = std::vector<CompareRun>{{true, "relu"}, {false, "silu"}};
    d.sigmaW2 = 2.41606;
    d.sigmaB2 = 0.05;
    d.q0 = 0.5;
    d.c0 = -0.25;
    d.layers = 80;
    d.width = 1024;
    d.seed = 9;
    s.depth = d;
    return s;
}

QJsonObject parse(const QByteArray &json) {
    return QJsonDocument::fromJson(json).object();
}

// JSON written with single quotes, which read better inside C++ strings (moc cannot read raw strings).
QByteArray json(const char *text) {
    return QByteArray(text).replace('\'', '"');
}

QString problemOf(const QByteArray &bytes) {
    const ReadResult r = decode(bytes);
    return r.ok() ? QString() : QString::fromStdString(r.problem.text());
}

} // namespace

class TestSession : public QObject {
    Q_OBJECT
private slots:
    void fullSessionIsValid() {
        const std::optional<Error> problem = validate(fullSession());
        QVERIFY2(!problem, problem ? problem->text().c_str() : "");
        // The Compare setup alone, as the tab reads it back.
        QVERIFY(compareSetupFromJson(compareSetupToJson(*fullSession().compare->setup)));
        QVERIFY(!compareSetupFromJson(QJsonValue(3)));
    }

    // Encoded, decoded and encoded again: the same bytes, so every key was read back.
    void roundTrip() {
        const QByteArray once = encode(fullSession());
        const ReadResult back = decode(once);
        QVERIFY2(back.ok(), back.problem.text().c_str());
        QCOMPARE(encode(*back.session), once);
        QCOMPARE(back.session->curves->samples, 1234);
        QCOMPARE((*back.session->curves->activations)[2].parameters[1], HUGE_VAL);
        QVERIFY(once.contains("\"inf\""));
        QCOMPARE(back.session->mask->seed, std::uint64_t(42));
        QCOMPARE(back.session->depth->sigmaW2, 2.41606);
        QCOMPARE((*back.session->depth->compare)[1].activation, std::string("silu"));
        QCOMPARE(back.session->depth->width, 1024);
        QVERIFY(std::isnan(back.session->compare->results->summaries[1].testLoss[1][2]));
        QCOMPARE(back.session->compare->results->messages[1], std::string("diverged at epoch 2"));
        QVERIFY(compareResultsFromJson(compareResultsToJson(*back.session->compare->results)));
        QCOMPARE(back.session->paper->results->variants[1].activation, std::string("silu"));
        QVERIFY(std::isnan(back.session->paper->results->variants[0].validationScores[1]));
        QVERIFY(paperResultsFromJson(paperResultsToJson(*back.session->paper->results)));
        const CompareSetup &setup = *back.session->compare->setup;
        QCOMPARE(setup.points.train.size(), std::size_t(2));
        QCOMPARE(setup.schedule, std::string("cosine"));
        QCOMPARE(setup.description, std::string("clicked.csv; hidden 6,3"));
        // And as the Compare tab trains it.
        const TrainingSettings settings = toTrainingSettings(setup);
        QCOMPARE(settings.hidden, (std::vector<int>{6, 3}));
        QCOMPARE(settings.features.back(), Feature::SinX1);
        QCOMPARE(settings.loss, std::optional<LossKind>(LossKind::Squared));
        QCOMPARE(settings.init, InitKind::UnitNorm);
        QCOMPARE(settings.seed, std::uint64_t(12));
        CompareSetup again = toCompareSetup(toDataset(setup.points), settings, setup.description);
        again.points.name = setup.points.name; // a data set has no file name
        QCOMPARE(compareSetupToJson(again), compareSetupToJson(setup));
        QCOMPARE(back.session->playground->hidden, (std::vector<int>{4, 2}));
        QCOMPARE(back.session->error->approximationParameters.size(), std::size_t(2));
        // The file says what it is.
        const QJsonObject root = parse(once);
        QCOMPARE(root.value("version").toInt(), kVersion);
        QCOMPARE(root.value("format").toString(), QStringLiteral("gelu-lab-session"));
        QCOMPARE(root.value("views").toObject().keys().size(), 7);
    }

    // Extreme doubles come back bit for bit.
    void doublesRoundTripExactly() {
        Session s;
        CurvesState c;
        c.from = -0.1000000000000000055511151231257827;
        c.to = 1.0 / 3.0;
        s.curves = c;
        const ReadResult back = decode(encode(s));
        QVERIFY(back.ok());
        QCOMPARE(*back.session->curves->from, *c.from);
        QCOMPARE(*back.session->curves->to, *c.to);
    }

    // A newer minor version's keys are ignored; an older file's missing keys stay unset.
    void unknownKeysAreIgnoredAndKept() {
        const ReadResult r = decode(json("{'version': 1, 'minor': 9, 'hologram': [1, 2], 'views': {'curves': "
                                         "{'samples': 300, 'glow': true}, 'depth': {'layers': 50}}}"));
        QVERIFY2(r.ok(), r.problem.text().c_str());
        QCOMPARE(r.session->minorVersion, 9);
        QCOMPARE(r.session->curves->samples, 300);
        QVERIFY(!r.session->curves->from);
        QVERIFY(!r.session->mask);
        // Saved again here, the newer version's keys come back, beside this version's own.
        const ReadResult again = decode(encode(*r.session, r.newerKeys));
        QVERIFY2(again.ok(), again.problem.text().c_str());
        const QJsonObject written = QJsonDocument::fromJson(encode(*r.session, r.newerKeys)).object();
        QCOMPARE(written["hologram"].toArray(), (QJsonArray{1, 2}));
        QCOMPARE(written["views"].toObject()["curves"].toObject()["glow"].toBool(), true);
        QCOMPARE(written["views"].toObject()["curves"].toObject()["samples"].toInt(), 300);
        QCOMPARE(written["views"].toObject()["depth"].toObject()["layers"].toInt(), 50);
        QCOMPARE(written["minor"].toInt(), 9);
        QCOMPARE(again.newerKeys, r.newerKeys); // and kept again by the next reader
        // hologram, views (curves.glow, depth) and the minor version: nothing else this version writes.
        QCOMPARE(r.newerKeys.keys(), (QStringList{"hologram", "minor", "views"}));
        // From a file of this minor version, an unknown key is only ignored: it is nobody's.
        const ReadResult same = decode(json("{'version': 1, 'minor': 1, 'typo': 3}"));
        QVERIFY(same.ok());
        QVERIFY(same.newerKeys.isEmpty());
    }

    void newerMajorVersionIsRefusedNamingBoth() {
        const QString problem = problemOf(json("{'version': 2, 'views': {}}"));
        QVERIFY2(problem.contains("version 2") && problem.contains("(1)"), qPrintable(problem));
    }

    void badFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected"); // a part of the one-line message
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("blank") << QByteArray("  \n") << "empty";
        QTest::newRow("truncated") << json("{'version': 1, 'views': {'curves': {'samp") << "not valid JSON";
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << "not valid JSON";
        QTest::newRow("array") << QByteArray("[1, 2]") << "not an object";
        QTest::newRow("no version") << json("{'views': {}}") << "version";
        QTest::newRow("version as text") << json("{'version': '1'}") << "version";
        QTest::newRow("version 0") << json("{'version': 0}") << "unknown session version 0";
        QTest::newRow("fractional version") << json("{'version': 1.5}") << "version";
        QTest::newRow("views not an object") << json("{'version': 1, 'views': []}") << "views: expected";
        QTest::newRow("unknown view shown")
            << json("{'version': 1, 'view': 'nonesuch'}") << "view: unknown view 'nonesuch'";
        QTest::newRow("number as text") << json("{'version': 1, 'views': {'curves': {'samples': 'many'}}}")
                                        << "views.curves.samples: expected a number";
        QTest::newRow("negative count")
            << json("{'version': 1, 'views': {'curves': {'samples': -5}}}") << "views.curves.samples";
        QTest::newRow("fractional count") << json("{'version': 1, 'views': {'mask': {'bins': 2.5}}}")
                                          << "views.mask.bins: expected a whole number";
        QTest::newRow("infinite number")
            << json("{'version': 1, 'views': {'curves': {'from': -1e999, 'to': 1}}}") << "not valid JSON";
        QTest::newRow("absurd range")
            << json("{'version': 1, 'views': {'error': {'from': -1e300, 'to': 1e300}}}")
            << "views.error.from";
        QTest::newRow("speed not offered") << json("{'version': 1, 'views': {'playground': {'speed': 7}}}")
                                           << "views.playground.speed: 7 is not one of";
        QTest::newRow("mask speed not offered")
            << json("{'version': 1, 'views': {'mask': {'speed': -1}}}") << "views.mask.speed";
        QTest::newRow("hidden control not an id")
            << json("{'version': 1, 'presentation': {'hidden': ['Play Button']}}")
            << "presentation.hidden[0]";
        QTest::newRow("hidden not a list")
            << json("{'version': 1, 'presentation': {'hidden': 'playground.loss'}}") << "presentation.hidden";
        QTest::newRow("reversed range") << json("{'version': 1, 'views': {'mask': {'from': 2, 'to': 1}}}")
                                        << "views.mask.to: the range needs from < to";
        QTest::newRow("half a range")
            << json("{'version': 1, 'views': {'mask': {'from': 2}}}") << "views.mask.to";
        QTest::newRow("unknown activation")
            << json("{'version': 1, 'views': {'curves': {'activations': [{'id': 'gelu'}, {'id': 'warp'}]}}}")
            << "views.curves.activations[1].id: unknown activation 'warp'";
        QTest::newRow("missing id")
            << json("{'version': 1, 'views': {'curves': {'activations': [{'parameters': []}]}}}")
            << "views.curves.activations[0].id: missing";
        QTest::newRow("wrong parameter count") << json("{'version': 1, 'views': {'curves': {'activations': "
                                                       "[{'id': 'elu', 'parameters': [1, 2]}]}}}")
                                               << "views.curves.activations[0].parameters";
        QTest::newRow("parameter out of range")
            << json("{'version': 1, 'views': {'error': {'approximation': 'gelu_general', "
                    "'approximationParameters': {'sigma': -4}}}}")
            << "views.error.approximationParameters";
        QTest::newRow("unknown parameter") << json("{'version': 1, 'views': {'error': {'approximation': "
                                                   "'gelu', 'approximationParameters': {'warp': 1}}}}")
                                           << "views.error.approximationParameters.warp";
        QTest::newRow("formula that does not parse")
            << json("{'version': 1, 'formulas': [{'id': 'custom1', 'formula': 'x*(('}]}")
            << "formulas[0].formula";
        QTest::newRow("custom id without formula")
            << json("{'version': 1, 'views': {'playground': {'activation': 'custom3'}}}")
            << "views.playground.activation: unknown activation 'custom3'";
        QTest::newRow("bad formula id")
            << json("{'version': 1, 'formulas': [{'id': 'gelu', 'formula': 'x'}]}") << "formulas[0].id";
        QTest::newRow("too many layers")
            << json("{'version': 1, 'views': {'playground': {'hidden': [1,1,1,1,1,1,1,1,1]}}}")
            << "views.playground.hidden: at most 8 hidden layers";
        QTest::newRow("huge layer") << json(
                                           "{'version': 1, 'views': {'playground': {'hidden': [100000000]}}}")
                                    << "views.playground.hidden";
        QTest::newRow("learning rate not offered")
            << json("{'version': 1, 'views': {'playground': {'learningRate': 0.02}}}")
            << "views.playground.learningRate: 0.02 is not one of";
        QTest::newRow("no features") << json("{'version': 1, 'views': {'playground': {'features': []}}}")
                                     << "views.playground.features";
        QTest::newRow("unknown gate") << json("{'version': 1, 'views': {'mask': {'gate': 'bernoulli'}}}")
                                      << "views.mask.gate: unknown gate";
        QTest::newRow("too many runs")
            << json("{'version': 1, 'views': {'compare': {'runs': [{'checked': true, 'activation': 'gelu'}, "
                    "{'checked': true, 'activation': 'gelu'}, {'checked': true, 'activation': 'gelu'}, "
                    "{'checked': true, 'activation': 'gelu'}, {'checked': true, 'activation': 'gelu'}]}}}")
            << "views.compare.runs";
        QTest::newRow("depth: the SOI gate")
            << json("{'version': 1, 'views': {'depth': {'activation': 'soi'}}}") << "views.depth.activation";
        QTest::newRow("depth: σ_w² off the plane")
            << json("{'version': 1, 'views': {'depth': {'sigmaW2': 7}}}")
            << "views.depth.sigmaW2: 7 is outside";
        QTest::newRow("depth: too wide")
            << json("{'version': 1, 'views': {'depth': {'width': 4096}}}") << "views.depth.width";
        QTest::newRow("depth: three compared")
            << json("{'version': 1, 'views': {'depth': {'compare': [{'checked': true, 'activation': 'relu'}, "
                    "{'checked': true, 'activation': 'tanh'}, {'checked': true, 'activation': 'elu'}]}}}")
            << "views.depth.compare";
        QTest::newRow("depth: unknown compared") << json("{'version': 1, 'views': {'depth': {'compare': "
                                                         "[{'checked': true, 'activation': 'gelu2'}]}}}")
                                                 << "views.depth.compare[0].activation: unknown activation";
        QTest::newRow("paper rates out of range")
            << json("{'version': 1, 'views': {'paper': {'learningRates': [-1]}}}") << "views.paper";
        QTest::newRow("network without points")
            << json("{'version': 1, 'views': {'playground': {'features': ['x1'], 'hidden': [], 'network': "
                    "{'epoch': 0, 'initialLoss': 1, 'message': '', 'history': [], 'weights': [], 'biases': "
                    "[], "
                    "'optimizer': {'steps': 0, 'velocityW': [], 'secondW': [], 'velocityB': [], 'secondB': "
                    "[]}, "
                    "'random': ''}}}}")
            << "views.playground.network: a network needs the points";
        QTest::newRow("class out of range")
            << json("{'version': 1, 'views': {'playground': {'points': {'problem': 'classification', "
                    "'classes': 2, 'train': [[0, 0, 1], [1, 1, 2]], 'test': []}}}}")
            << "views.playground.points.train[1]: the class must be";
        QTest::newRow("no training points")
            << json("{'version': 1, 'views': {'playground': {'points': {'problem': 'classification', "
                    "'classes': 2, 'train': [], 'test': []}}}}")
            << "views.playground.points.train: at least one";
        QTest::newRow("point far away")
            << json("{'version': 1, 'views': {'playground': {'points': {'problem': 'regression', "
                    "'classes': 0, 'train': [[0, 1e300, 1]], 'test': []}}}}")
            << "views.playground.points.train[0]";
        QTest::newRow("huge matrix")
            << json("{'version': 1, 'views': {'playground': {'points': {'problem': 'regression', 'classes': "
                    "0, "
                    "'train': [[0, 0, 1]], 'test': []}, 'features': ['x1'], 'hidden': [], 'network': "
                    "{'epoch': 0, 'initialLoss': 1, 'message': '', 'history': [], 'weights': [{'rows': "
                    "100000, "
                    "'cols': 100000, 'values': []}]}}}}")
            << "is not allowed";
        QTest::newRow("view not an object")
            << json("{'version': 1, 'views': {'mask': 3}}") << "views.mask: expected an object";
    }
    void badFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString problem = problemOf(bytes);
        QVERIFY2(problem.contains(expected), qPrintable(QStringLiteral("got: ") + problem));
    }

    // Hostile sizes are refused quickly, without a crash: nesting far deeper than the parser allows, an
    // array of a million numbers, a file beyond the size limit.
    void hostileSizes() {
        QByteArray deep = json("{'version': 1, 'views': {'curves': {'samples': ");
        deep += QByteArray(100'000, '[') + QByteArray(100'000, ']') + "}}}";
        QVERIFY(!problemOf(deep).isEmpty());

        QByteArray many = json("{'version': 1, 'views': {'playground': {'features': [");
        for (int i = 0; i < 1'000'000; ++i)
            many += i ? ",1" : "1";
        many += "]}}}";
        QVERIFY2(problemOf(many).contains("views.playground.features: more than"),
                 qPrintable(problemOf(many)));

        QByteArray huge(kMaxFileBytes + 10, ' ');
        huge.prepend(json("{'version': 1}"));
        QVERIFY(problemOf(huge).contains("MiB"));
    }

    // The Playground's trained network through a file: a trainer restored from what was read back trains on
    // bit for bit as the one that never stopped.
    void trainedNetworkRoundTripsAndContinues() {
        DatasetSettings dataSettings;
        dataSettings.id = "xor";
        dataSettings.points = 120;
        const Dataset data = makeDataset(dataSettings);
        TrainingSettings settings;
        settings.features = {Feature::X1, Feature::X2, Feature::X1X2};
        settings.hidden = {5, 3};
        settings.dropout = 0.1;
        Trainer trainer(data, settings);
        for (int e = 0; e < 4; ++e)
            QVERIFY(trainer.trainEpoch());
        Session s;
        PlaygroundState p;
        p.features = std::vector<std::string>{"x1", "x2", "x1x2"};
        p.hidden = settings.hidden;
        p.loss = "default";
        p.points = toPoints(data);
        p.network = trainer.state();
        s.playground = p;
        const QByteArray bytes = encode(s);
        const ReadResult back = decode(bytes);
        QVERIFY2(back.ok(), back.problem.text().c_str());
        QCOMPARE(encode(*back.session), bytes);

        Trainer resumed(toDataset(*back.session->playground->points), settings);
        resumed.restore(*back.session->playground->network);
        for (int e = 0; e < 5; ++e) {
            QVERIFY(trainer.trainEpoch());
            QVERIFY(resumed.trainEpoch());
        }
        for (std::size_t l = 0; l < trainer.network().W.size(); ++l)
            QVERIFY(trainer.network().W[l] == resumed.network().W[l]);
        QCOMPARE(resumed.history().back().testLoss, trainer.history().back().testLoss);

        // A network that does not fit the settings is refused, naming where.
        QJsonObject root = parse(bytes);
        QJsonObject views = root["views"].toObject(), playground = views["playground"].toObject();
        playground["hidden"] = QJsonArray{5, 4};
        views["playground"] = playground;
        root["views"] = views;
        const ReadResult wrong = fromJson(root);
        QVERIFY(!wrong.ok());
        QVERIFY2(wrong.problem.path == "views.playground.network", wrong.problem.text().c_str());
        // A number beyond float's range (the first array of numbers: the optimiser's, in key order).
        QByteArray huge = bytes;
        const qsizetype at = huge.indexOf("\"values\": [") + 11;
        huge.insert(at, "1e39, ");
        const qsizetype end = huge.indexOf(']', at);
        const qsizetype lastComma = huge.lastIndexOf(',', end);
        huge.remove(lastComma, end - lastComma); // still the same count
        QVERIFY2(problemOf(huge).contains("not finite"), qPrintable(problemOf(huge)));
    }

    // A network trained without test points has NaN test losses: written as "nan", read back as NaN.
    void networkWithoutTestPoints() {
        DatasetSettings dataSettings;
        dataSettings.points = 40;
        Dataset data = makeDataset(dataSettings);
        data.test.clear();
        TrainingSettings settings;
        settings.hidden = {3};
        Trainer trainer(data, settings);
        QVERIFY(trainer.trainEpoch());
        QVERIFY(std::isnan(trainer.history().back().testLoss));
        Session s;
        PlaygroundState p;
        p.features = std::vector<std::string>{"x1", "x2"};
        p.hidden = settings.hidden;
        p.loss = "default";
        p.points = toPoints(data);
        p.network = trainer.state();
        s.playground = p;
        const QByteArray bytes = encode(s);
        QVERIFY(bytes.contains("\"nan\""));
        const ReadResult back = decode(bytes);
        QVERIFY2(back.ok(), back.problem.text().c_str());
        QVERIFY(std::isnan(back.session->playground->network->history.back().testLoss));
        QVERIFY(back.session->playground->points->test.empty());
        // Where a finite number belongs, "nan" is refused.
        QVERIFY(problemOf(json("{'version': 1, 'views': {'mask': {'x': 'nan'}}}")).contains("views.mask.x"));
    }

    // A lesson keeps its steps and the step shown when saved; a step cannot hold a lesson of its own.
    void lessonsRoundTrip() {
        Session s;
        Lesson lesson;
        lesson.id = "my-lesson";
        lesson.title = "Mine";
        LessonStep first;
        first.title = "One";
        first.text = "<p>Look.</p>";
        first.show.view = "mask";
        MaskState m;
        m.samples = 100;
        first.show.mask = m;
        first.run = 5;
        LessonStep second;
        second.title = "Two";
        lesson.steps = {first, second};
        lesson.current = 1;
        s.lesson = lesson;
        const QByteArray bytes = encode(s);
        const ReadResult back = decode(bytes);
        QVERIFY2(back.ok(), back.problem.text().c_str());
        QCOMPARE(encode(*back.session), bytes);
        QCOMPARE(back.session->lesson->steps.size(), std::size_t(2));
        QCOMPARE(*back.session->lesson->current, 1);
        QCOMPARE(*back.session->lesson->steps[0].show.mask->samples, 100);
        QCOMPARE(*back.session->lesson->steps[0].run, 5);

        QJsonObject root = parse(bytes);
        QJsonObject l = root["lesson"].toObject();
        l["current"] = 2;
        root["lesson"] = l;
        QVERIFY(QString::fromStdString(fromJson(root).problem.text()).startsWith("lesson.current"));
        QVERIFY(problemOf(json("{'version': 1, 'lesson': {'id': 'a', 'title': 'A', 'steps': [{'title': 'x', "
                               "'text': '', 'views': {'mask': {'bins': 1}}}]}}"))
                    .startsWith("lesson.steps[0].views.mask.bins"));
        QVERIFY(problemOf(json("{'version': 1, 'lesson': {'id': 'a', 'title': 'A', 'steps': [{'title': 'x', "
                               "'text': '', 'lesson': {}}]}}"))
                    .contains("a step cannot hold a lesson"));
        QVERIFY(problemOf(json("{'version': 1, 'lesson': {'id': 'Bad Id', 'title': 'A', 'steps': []}}"))
                    .startsWith("lesson.id"));
    }

    void renamesCustomIds() {
        Session s = fullSession();
        renameActivations(s, {{"custom1", "custom4"}});
        QCOMPARE(s.formulas[0].id, std::string("custom4"));
        QCOMPARE((*s.curves->activations)[3].id, std::string("custom4"));
        QCOMPARE(*s.playground->activation, std::string("custom4"));
        QCOMPARE((*s.curves->activations)[0].id, std::string("gelu"));
    }

    // Validation parses formulas but registers none.
    void validationRegistersNothing() {
        const std::size_t before = customActivations().size();
        Session s;
        s.formulas = {{"custom1", "x*sin(x)*b"}};
        QVERIFY(!validate(s));
        QCOMPARE(customActivations().size(), before);
    }

    void fileRoundTripAndErrors() {
        QTemporaryDir dir;
        const QString path = dir.filePath("lesson.gelulab");
        QCOMPARE(writeFile(path, fullSession()), QString());
        const ReadResult back = readFile(path);
        QVERIFY2(back.ok(), back.problem.text().c_str());
        QCOMPARE(encode(*back.session), encode(fullSession()));

        const ReadResult missing = readFile(dir.filePath("nonesuch.gelulab"));
        QVERIFY(!missing.ok());
        QVERIFY(describe(dir.filePath("nonesuch.gelulab"), missing.problem).startsWith("nonesuch.gelulab: "));
        QVERIFY(!readFile(dir.path()).ok());
        const QString error = writeFile(dir.filePath("no/such/folder/x.gelulab"), fullSession());
        QVERIFY2(error.contains("x.gelulab") && error.contains("cannot be saved"), qPrintable(error));
    }

    // A write that fails half-way (here: the file-size limit, which also fails for root) leaves the previous
    // file byte for byte as it was, and no temporary file behind.
    void failedSaveKeepsThePreviousFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath("class.gelulab");
        Session small;
        small.view = "curves";
        QCOMPARE(writeFile(path, small), QString());
        QFile before(path);
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray original = before.readAll();
        before.close();

        Session big = fullSession();
        big.curves->activations->resize(200, ActivationChoice{"gelu", {}, std::nullopt}); // a long file
        rlimit old{};
        QVERIFY(getrlimit(RLIMIT_FSIZE, &old) == 0);
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = old;
        limited.rlim_cur = rlim_t(original.size() + 100);
        QVERIFY(setrlimit(RLIMIT_FSIZE, &limited) == 0);
        const QString error = writeFile(path, big);
        setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY2(error.contains("cannot be saved"), qPrintable(error));

        QFile after(path);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), original);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"class.gelulab"});
    }
};

QTEST_APPLESS_MAIN(TestSession)
#include "tst_session.moc"
