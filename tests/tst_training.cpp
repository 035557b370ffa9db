// The training engine: gradients against central finite differences for every output and loss, many
// activations and layer shapes (in double), the optimisers and schedules, and the trainer's promises —
// accuracy on the Playground's sets with the defaults, determinism, divergence kept in hand, the SOI gate,
// the inactive-unit statistic, switching activations without losing the weights, the grids.
#include "activation.h"
#include "grid_probe.h"
#include "precision.h"
#include "trainer.h"

#include <QTest>

#include <cmath>
#include <cstring>
#include <random>
#include <set>

using namespace gelulab;

namespace {

using MatrixD = Mlp<double>::Matrix;

// Loss (with regularisation) of net at x, targets; inference mode (no masks).
double totalLoss(const Mlp<double> &net, const std::vector<HiddenActivation> &acts, const MatrixD &x,
                 const MatrixD &t, double l1, double l2) {
    ForwardCache<double> cache;
    forward(net, acts, x, cache);
    return meanLoss(net, cache, t) + regularization(net, l1, l2);
}

} // namespace

class TestTraining : public QObject {
    Q_OBJECT
private slots:
    void gradientsMatchFiniteDifferences_data();
    void gradientsMatchFiniteDifferences();
    void optimisersDescend();
    void schedules();
    void defaultsLearnThePlaygroundSets_data();
    void defaultsLearnThePlaygroundSets();
    void sameSeedSameBits();
    void boundedHistoryTrainsTheSameBits();
    void restoredStateContinuesBitForBit_data();
    void restoredStateContinuesBitForBit();
    void unfittingStateIsRefused();
    void divergenceIsReported();
    void collapseIsAWarning_data();
    void collapseIsAWarning();
    void soiGateTrains();
    void soiLayerMasksAndGradients();
    void inactiveUnitsRiseForReluNotGelu();
    void switchingActivationKeepsWeights();
    void gridsMatchTheNetwork();
    void badSettings();
    void idTablesRoundTrip();
};

void TestTraining::gradientsMatchFiniteDifferences_data() {
    QTest::addColumn<QString>("activation");
    QTest::addColumn<int>("output");
    QTest::addColumn<QString>("hidden");
    QTest::addColumn<double>("l1");
    QTest::addColumn<double>("l2");
    const int tanhOut = int(OutputKind::Tanh), sigmoid = int(OutputKind::Sigmoid),
              softmax = int(OutputKind::Softmax), linear = int(OutputKind::Linear);
    for (const char *a : {"gelu", "gelu_tanh", "gelu_sigmoid", "silu", "elu", "tanh", "softplus", "mish",
                          "sigmoid", "relu", "leaky_relu", "selu", "soi"})
        QTest::newRow(a) << a << sigmoid << "4,3" << 0.0 << 0.0;
    QTest::newRow("tanh output, squared") << "gelu" << tanhOut << "5" << 0.0 << 0.0;
    QTest::newRow("softmax") << "gelu" << softmax << "4,4" << 0.0 << 0.0;
    QTest::newRow("linear") << "gelu" << linear << "3,3,3" << 0.0 << 0.0;
    QTest::newRow("no hidden layer") << "gelu" << sigmoid << "" << 0.0 << 0.0;
    QTest::newRow("deep narrow") << "gelu" << tanhOut << "2,2,2,2,2,2" << 0.0 << 0.0;
    QTest::newRow("l2") << "gelu" << sigmoid << "4" << 0.0 << 0.01;
    QTest::newRow("l1") << "gelu" << sigmoid << "4" << 0.003 << 0.0;
    QTest::newRow("custom formula") << "custom" << linear << "3" << 0.0 << 0.0;
}

// Every weight and bias: the backward pass against (L(w + h) − L(w − h))/2h, h = 1e-6, in double; relative
// error ≤ 1e-6 (absolute 1e-9 for tiny gradients). Inputs are drawn so that no pre-activation sits on a kink.
void TestTraining::gradientsMatchFiniteDifferences() {
    QFETCH(QString, activation);
    QFETCH(int, output);
    QFETCH(QString, hidden);
    QFETCH(double, l1);
    QFETCH(double, l2);
    std::vector<int> widths;
    for (const QString &w : hidden.split(',', Qt::SkipEmptyParts))
        widths.push_back(w.toInt());
    const int classes = output == int(OutputKind::Softmax) ? 3 : 1;
    Mlp<double> net(3, widths, classes, OutputKind(output));
    std::mt19937_64 engine(42);
    std::normal_distribution<double> normal(0.0, 0.8);
    for (auto &w : net.W)
        for (Eigen::Index i = 0; i < w.size(); ++i)
            w.data()[i] = normal(engine);
    for (auto &b : net.b)
        for (Eigen::Index i = 0; i < b.size(); ++i)
            b.data()[i] = normal(engine) * 0.3;
    const std::string id = activation == "custom" ? std::string(registerCustomActivation("x*Phi(1.3*x)").id)
                                                  : activation.toStdString();
    const std::vector<HiddenActivation> acts = hiddenActivations({id}, widths.size());
    MatrixD x(3, 7), t = MatrixD::Zero(classes, 7);
    for (Eigen::Index i = 0; i < x.size(); ++i)
        x.data()[i] = normal(engine) * 2.0;
    for (Eigen::Index c = 0; c < 7; ++c) {
        if (output == int(OutputKind::Softmax))
            t(c % 3, c) = 1.0;
        else if (output == int(OutputKind::Sigmoid))
            t(0, c) = c % 2;
        else if (output == int(OutputKind::Tanh))
            t(0, c) = c % 2 ? 1.0 : -1.0;
        else
            t(0, c) = normal(engine);
    }
    ForwardCache<double> cache;
    forward(net, acts, x, cache);
    std::vector<MatrixD> dW;
    std::vector<Mlp<double>::Vector> db;
    backward(net, acts, cache, t, l1, l2, dW, db);
    const double h = 1e-6;
    int checked = 0;
    const auto check = [&](double &parameter, double analytic, const char *what) {
        const double saved = parameter;
        parameter = saved + h;
        const double up = totalLoss(net, acts, x, t, l1, l2);
        parameter = saved - h;
        const double down = totalLoss(net, acts, x, t, l1, l2);
        parameter = saved;
        const double numeric = (up - down) / (2 * h);
        if (std::abs(numeric - analytic) > 1e-6 * std::max(std::abs(numeric), 1e-3))
            QFAIL(qPrintable(QStringLiteral("%1: analytic %2, numeric %3")
                                 .arg(what)
                                 .arg(analytic, 0, 'g', 12)
                                 .arg(numeric, 0, 'g', 12)));
        ++checked;
    };
    for (std::size_t l = 0; l < net.W.size(); ++l) {
        for (Eigen::Index i = 0; i < net.W[l].size(); ++i)
            check(net.W[l].data()[i], dW[l].data()[i], "weight");
        for (Eigen::Index i = 0; i < net.b[l].size(); ++i)
            check(net.b[l].data()[i], db[l].data()[i], "bias");
    }
    QVERIFY(checked >= 4);
}

// A few hundred steps of each optimiser on the same small problem lower the training loss.
void TestTraining::optimisersDescend() {
    for (OptimizerKind kind :
         {OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Nesterov, OptimizerKind::Adam}) {
        DatasetSettings data;
        data.id = "gauss";
        TrainingSettings s;
        s.optimizer = kind;
        s.learningRate = kind == OptimizerKind::Adam ? 0.01 : 0.03;
        Trainer trainer(makeDataset(data), s);
        const double before = trainer.snapshot().record.trainLoss;
        TrainingSnapshot after;
        for (int e = 0; e < 20; ++e)
            after = trainer.step();
        QVERIFY2(after.record.trainLoss < 0.5 * before, idOf(kind).data());
        QCOMPARE(fromId<OptimizerKind>(idOf(kind)), std::optional<OptimizerKind>(kind));
    }
}

void TestTraining::schedules() {
    QCOMPARE(scheduledRate(Schedule::Constant, 0.1, 399, 400), 0.1);
    QCOMPARE(scheduledRate(Schedule::Step, 0.1, 99, 400), 0.1);
    QCOMPARE(scheduledRate(Schedule::Step, 0.1, 100, 400), 0.05);
    QCOMPARE(scheduledRate(Schedule::Step, 0.1, 399, 400), 0.0125);
    QCOMPARE(scheduledRate(Schedule::Cosine, 0.1, 0, 400), 0.1);
    QVERIFY(std::abs(scheduledRate(Schedule::Cosine, 0.1, 200, 400) - 0.05) < 1e-15);
    QVERIFY(scheduledRate(Schedule::Cosine, 0.1, 400, 400) < 1e-17);
}

void TestTraining::defaultsLearnThePlaygroundSets_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("seed");
    for (const QString &id : {QStringLiteral("spiral"), QStringLiteral("circle"), QStringLiteral("xor")})
        for (int seed = 1; seed <= 3; ++seed)
            QTest::newRow(qPrintable(QStringLiteral("%1 seed %2").arg(id).arg(seed))) << id << seed;
}

// The defaults (Adam 0.01, batch 10, 500 epochs, cross-entropy) with --hidden 8,8 --activation gelu reach 95
// % test accuracy on the Playground's hardest sets.
void TestTraining::defaultsLearnThePlaygroundSets() {
    QFETCH(QString, id);
    QFETCH(int, seed);
    DatasetSettings data;
    data.id = id.toStdString();
    data.seed = std::uint64_t(seed);
    TrainingSettings s;
    s.seed = std::uint64_t(seed);
    Trainer trainer(makeDataset(data), s);
    TrainingSnapshot last;
    for (int e = 0; e < s.epochs; ++e)
        last = trainer.step();
    QVERIFY2(*last.record.testAccuracy >= 0.95, qPrintable(QString::number(*last.record.testAccuracy)));
    QCOMPARE(int(trainer.history().size()), s.epochs);
}

void TestTraining::sameSeedSameBits() {
    DatasetSettings data;
    data.id = "spiral";
    data.noise = 10;
    TrainingSettings s;
    s.dropout = 0.1;
    s.activations = {"soi", "gelu"};
    Trainer a(makeDataset(data), s), b(makeDataset(data), s);
    for (int e = 0; e < 30; ++e) {
        a.step();
        b.step();
    }
    for (std::size_t l = 0; l < a.network().W.size(); ++l)
        QVERIFY(std::memcmp(a.network().W[l].data(), b.network().W[l].data(),
                            sizeof(float) * std::size_t(a.network().W[l].size())) == 0);
    QCOMPARE(a.history().back().testLoss, b.history().back().testLoss);
    s.seed = 2;
    Trainer c(makeDataset(data), s);
    for (int e = 0; e < 30; ++e)
        c.step();
    QVERIFY(c.history().back().testLoss != a.history().back().testLoss);
}

// A bounded history (a long Playground run) changes nothing but what is kept: the same bits, the latest
// epochs whole, and a state that restores with its thinned history.
void TestTraining::boundedHistoryTrainsTheSameBits() {
    TrainingSettings s;
    s.hidden = {4};
    Trainer whole(makeDataset(DatasetSettings{}), s), bounded(makeDataset(DatasetSettings{}), s);
    bounded.setHistoryBound(16, 4);
    for (int e = 0; e < 100; ++e) {
        QVERIFY(whole.trainEpoch());
        QVERIFY(bounded.trainEpoch());
    }
    QCOMPARE(whole.history().size(), std::size_t(100));
    QVERIFY(bounded.history().size() <= 20);
    QCOMPARE(bounded.history().back().testLoss, whole.history().back().testLoss);
    QVERIFY(bounded.network().W[0] == whole.network().W[0]);
    for (const EpochRecord &r : bounded.history())
        QCOMPARE(r.trainLoss, whole.history()[std::size_t(r.epoch - 1)].trainLoss);
    Trainer resumed(makeDataset(DatasetSettings{}), s);
    resumed.restore(bounded.state());
    QCOMPARE(resumed.history().size(), bounded.history().size());
    QVERIFY(resumed.trainEpoch());
    QCOMPARE(resumed.history().back().epoch, 101);
}

void TestTraining::restoredStateContinuesBitForBit_data() {
    QTest::addColumn<int>("optimizer");
    QTest::addColumn<double>("dropout");
    QTest::newRow("adam, dropout") << int(OptimizerKind::Adam) << 0.2;
    QTest::newRow("nesterov") << int(OptimizerKind::Nesterov) << 0.0;
    QTest::newRow("sgd, dropout") << int(OptimizerKind::Sgd) << 0.1;
}

// Trained 7 epochs, its state taken and restored into a new trainer of the same data and settings: the next
// 9 epochs give the very same bits (weights, optimiser, losses, the engine's draws) as 16 epochs straight.
void TestTraining::restoredStateContinuesBitForBit() {
    QFETCH(int, optimizer);
    QFETCH(double, dropout);
    DatasetSettings data;
    data.id = "spiral";
    data.noise = 10;
    TrainingSettings s;
    s.optimizer = OptimizerKind(optimizer);
    s.dropout = dropout;
    s.hidden = {6, 4};
    s.activations = {"gelu", "elu"};
    Trainer straight(makeDataset(data), s);
    for (int e = 0; e < 7; ++e)
        QVERIFY(straight.trainEpoch());
    const TrainerState saved = straight.state();
    for (int e = 0; e < 9; ++e)
        QVERIFY(straight.trainEpoch());

    Trainer resumed(makeDataset(data), s);
    resumed.restore(saved);
    QCOMPARE(resumed.epoch(), 7);
    QCOMPARE(resumed.history().size(), std::size_t(7));
    for (int e = 0; e < 9; ++e)
        QVERIFY(resumed.trainEpoch());
    const TrainerState a = straight.state(), b = resumed.state();
    QCOMPARE(b.epoch, 16);
    QCOMPARE(b.random, a.random);
    QCOMPARE(b.optimizer.steps, a.optimizer.steps);
    const auto same = [](const auto &x, const auto &y) {
        return x.size() == y.size() &&
               std::memcmp(x.data(), y.data(), sizeof(float) * std::size_t(x.size())) == 0;
    };
    for (std::size_t l = 0; l < a.weights.size(); ++l) {
        QVERIFY(same(a.weights[l], b.weights[l]));
        QVERIFY(same(a.biases[l], b.biases[l]));
        if (s.optimizer != OptimizerKind::Sgd)
            QVERIFY(same(a.optimizer.velocityW[l], b.optimizer.velocityW[l]));
    }
    for (std::size_t e = 0; e < a.history.size(); ++e) {
        QCOMPARE(b.history[e].trainLoss, a.history[e].trainLoss);
        QCOMPARE(b.history[e].testLoss, a.history[e].testLoss);
    }
}

// A state of another shape, with a NaN or with a damaged engine is refused, and the trainer is unchanged.
void TestTraining::unfittingStateIsRefused() {
    DatasetSettings data;
    TrainingSettings s;
    s.hidden = {5};
    Trainer small(makeDataset(data), s);
    s.hidden = {6};
    Trainer other(makeDataset(data), s);
    other.trainEpoch();
    const TrainerState before = small.state();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, small.restore(other.state()));
    TrainerState nan = small.state();
    nan.weights[0](0, 0) = std::nanf("");
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, small.restore(nan));
    TrainerState badRandom = small.state();
    badRandom.random = "12 34 x";
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, small.restore(badRandom));
    TrainerState badHistory = small.state();
    badHistory.history.resize(3);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, small.restore(badHistory));
    badHistory.epoch = 5;
    const auto epochs = [](std::initializer_list<int> list) {
        std::vector<EpochRecord> records;
        for (int e : list)
            records.emplace_back().epoch = e;
        return records;
    };
    badHistory.history = epochs({3, 2, 4}); // not in order
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, small.restore(badHistory));
    badHistory.history = epochs({2, 6}); // beyond the state's epoch
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, small.restore(badHistory));
    QCOMPARE(small.state().random, before.random);
    QCOMPARE(small.epoch(), 0);
    QVERIFY(small.network().W[0] == before.weights[0]);
}

// --lr 1000 on plane: divergence at a named epoch, the last good (finite) weights kept, nothing printed as
// NaN.
void TestTraining::divergenceIsReported() {
    for (OptimizerKind kind : {OptimizerKind::Adam, OptimizerKind::Sgd}) {
        DatasetSettings data;
        data.id = "plane";
        TrainingSettings s;
        s.learningRate = 1000;
        s.optimizer = kind;
        Trainer trainer(makeDataset(data), s);
        TrainingSnapshot last;
        for (int e = 0; e < 10; ++e)
            last = trainer.step();
        QVERIFY(trainer.diverged());
        QVERIFY(last.divergedAt.has_value());
        QVERIFY(QString::fromStdString(last.message)
                    .startsWith(QStringLiteral("training diverged at epoch %1").arg(*last.divergedAt)));
        QVERIFY(std::isfinite(last.record.trainLoss) && std::isfinite(last.record.testLoss));
        for (const auto &w : trainer.network().W)
            QVERIFY(w.allFinite());
        QCOMPARE(trainer.epoch(), *last.divergedAt - 1);
    }
}

void TestTraining::collapseIsAWarning_data() {
    QTest::addColumn<std::vector<double>>("trainLoss");
    QTest::addColumn<double>("testLoss"); // every epoch's, unless NaN at the last
    QTest::addColumn<int>("epoch");       // of the warning; 0 for none
    QTest::addColumn<QString>("message");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // 8 × 128 GELU with Adam: down to 1e-12, then a spike back to chance at "epoch" 5.
    QTest::newRow("late spike")
        << std::vector<double>{0.3, 1e-6, 1e-12, 1e-12, 0.69, 0.69} << 0.5 << 5
        << "training collapsed at epoch 5: the training loss rose from 1e-12 (epoch 3) to 0.69";
    QTest::newRow("ends far above its start")
        << std::vector<double>{2.0, 40.0, 4.6e6} << 1.0 << 3
        << "the training loss ended at 4.6e+06, 6.64e+06 times where it started";
    QTest::newRow("test loss NaN") << std::vector<double>{0.6, 0.5, 0.4} << nan << 3
                                   << "the test loss is not a finite number at epoch 3";
    // A spike the run recovered from is no warning: the run stands well at its last epoch.
    QTest::newRow("spike, recovered")
        << std::vector<double>{0.3, 1e-6, 1e-9, 0.69, 0.05, 1e-5} << 0.1 << 0 << "";
    // Reported from the epoch it rose, with the low it rose from and where it stands now.
    QTest::newRow("collapsed and stays")
        << std::vector<double>{0.3, 1e-9, 0.4, 0.6, 0.7} << 0.5 << 3
        << "training collapsed at epoch 3: the training loss rose from 1e-09 (epoch 2) to 0.7";
    QTest::newRow("healthy") << std::vector<double>{0.6, 0.3, 0.1, 0.05, 0.06, 0.04} << 0.1 << 0 << "";
    QTest::newRow("noisy but fine") << std::vector<double>{0.6, 0.05, 0.2, 0.03, 0.3, 0.02} << 0.1 << 0 << "";
}

// Going wrong without crossing the divergence threshold is reported with its epoch (initial loss 0.693).
void TestTraining::collapseIsAWarning() {
    QFETCH(std::vector<double>, trainLoss);
    QFETCH(double, testLoss);
    QFETCH(int, epoch);
    QFETCH(QString, message);
    std::vector<EpochRecord> history;
    for (std::size_t e = 0; e < trainLoss.size(); ++e) {
        EpochRecord r;
        r.epoch = int(e) + 1;
        r.trainLoss = trainLoss[e];
        r.testLoss = std::isnan(testLoss) && e + 1 < trainLoss.size() ? 0.5 : testLoss;
        history.push_back(r);
    }
    const std::optional<TrainingWarning> w = trainingWarning(history, 0.693);
    if (epoch == 0) {
        QVERIFY2(!w, w ? w->message.c_str() : "");
        return;
    }
    QVERIFY(w);
    QCOMPARE(w->epoch, epoch);
    QVERIFY2(QString::fromStdString(w->message).startsWith(message), w->message.c_str());
}

// The SOI layer of the network (the paper's stochastic 0-I map): at inference x·Φ(x), the registry's gelu to
// the last bit; while training m·x with a fresh m ~ Bernoulli(Φ(x)) per unit and example, whose mean is
// x·Φ(x); and the gradient passes through the same masks (dL/dz = m·dL/da).
void TestTraining::soiLayerMasksAndGradients() {
    const std::vector<HiddenActivation> soi = hiddenActivations({"soi"}, 1);
    // One input, one hidden unit (z = x), a linear output y = a.
    Mlp<double> net(1, {1}, 1, OutputKind::Linear);
    net.W[0](0, 0) = 1.0;
    net.W[1](0, 0) = 1.0;
    MatrixD x(1, 401);
    for (Eigen::Index i = 0; i < x.cols(); ++i)
        x(0, i) = -10.0 + 0.05 * double(i);
    ForwardCache<double> cache;
    forward(net, soi, x, cache, Mode::Inference);
    std::vector<double> expected(std::size_t(x.cols()));
    ActivationInstance("gelu").evaluate(std::span<const double>(x.data(), expected.size()),
                                        std::span<double>(expected));
    QVERIFY(std::memcmp(cache.a[1].data(), expected.data(), expected.size() * sizeof(double)) == 0);

    const double x0 = 0.8;
    const MatrixD same = MatrixD::Constant(1, 50000, x0);
    std::mt19937_64 engine(5);
    forward(net, soi, same, cache, Mode::Training, 0.0, &engine);
    QCOMPARE(cache.soiDrawn[0], char(1));
    double sum = 0.0, ones = 0.0;
    for (Eigen::Index i = 0; i < same.cols(); ++i) {
        const double m = cache.gate[0](0, i);
        QVERIFY(m == 0.0 || m == 1.0);
        QCOMPARE(cache.a[1](0, i), m * x0);
        sum += cache.a[1](0, i);
        ones += m;
    }
    const double p = 0.5 * std::erfc(-x0 / std::sqrt(2.0));
    const double n = double(same.cols());
    const double se = x0 * std::sqrt(p * (1 - p) / n);
    QVERIFY2(std::abs(sum / n - x0 * p) <= 4.0 * se, qPrintable(QString::number(sum / n)));
    // Targets one below the outputs: dL/dy is the same for every example, so the output bias gets n times
    // it and the hidden bias only the examples whose mask is 1.
    const MatrixD targets = cache.a.back().array() - 1.0;
    std::vector<MatrixD> dW;
    std::vector<Mlp<double>::Vector> db;
    backward(net, soi, cache, targets, 0.0, 0.0, dW, db);
    QVERIFY(db[1](0) != 0.0);
    QVERIFY(std::abs(db[0](0) / db[1](0) - ones / n) < 1e-12);
}

void TestTraining::soiGateTrains() {
    DatasetSettings data;
    data.id = "circle";
    TrainingSettings s;
    s.activations = {"soi"};
    Trainer trainer(makeDataset(data), s);
    TrainingSnapshot last;
    for (int e = 0; e < 300; ++e)
        last = trainer.step();
    QVERIFY2(*last.record.testAccuracy >= 0.9, qPrintable(QString::number(*last.record.testAccuracy)));
    QCOMPARE(trainer.activations().front().id(), std::string("soi"));
}

// Three hidden layers of 8 on circle, 200 epochs of Adam, seed 1: at lr 0.1 ReLU units die (|f′| < 1e-3 on
// every training point) while GELU's stay alive; at lr 0.01 few ReLUs die.
void TestTraining::inactiveUnitsRiseForReluNotGelu() {
    const auto train = [](const char *activation, double lr) {
        DatasetSettings data;
        data.id = "circle";
        TrainingSettings s;
        s.hidden = {8, 8, 8};
        s.activations = {activation};
        s.learningRate = lr;
        Trainer trainer(makeDataset(data), s);
        TrainingSnapshot last;
        for (int e = 0; e < 200; ++e)
            last = trainer.step();
        return last;
    };
    const auto mean = [](const TrainingSnapshot &snap) {
        double total = 0.0;
        for (const LayerStatistics &l : snap.layers)
            total += l.inactiveFraction;
        return total / double(snap.layers.size());
    };
    const TrainingSnapshot relu = train("relu", 0.1);
    for (const LayerStatistics &l : relu.layers)
        QCOMPARE(int(l.inactiveUnits.size()), int(std::lround(l.inactiveFraction * 8)));
    const double reluHigh = mean(relu), reluLow = mean(train("relu", 0.01)),
                 geluHigh = mean(train("gelu", 0.1));
    QVERIFY2(reluHigh >= 0.25, qPrintable(QString::number(reluHigh)));
    QVERIFY2(reluLow < reluHigh, qPrintable(QString::number(reluLow)));
    QVERIFY2(geluHigh <= 0.05, qPrintable(QString::number(geluHigh)));
}

void TestTraining::switchingActivationKeepsWeights() {
    DatasetSettings data;
    TrainingSettings s;
    s.activations = {"gelu"};
    Trainer trainer(makeDataset(data), s);
    for (int e = 0; e < 5; ++e)
        trainer.step();
    const Mlp<float> before = trainer.network();
    trainer.setActivations({"gelu_tanh", "relu"});
    QCOMPARE(trainer.activations()[1].id(), std::string("relu"));
    for (std::size_t l = 0; l < before.W.size(); ++l)
        QVERIFY(before.W[l] == trainer.network().W[l]);
    trainer.setLearningRate(0.001);
    trainer.step();
    QCOMPARE(trainer.epoch(), 6);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, trainer.setActivations({"gelu", "relu", "elu"}));
    trainer.setWeight(1, 0, 3, 0.75);
    trainer.setBias(2, 0, -1.5);
    QCOMPARE(trainer.network().W[1](0, 3), 0.75f);
    QCOMPARE(trainer.network().b[2](0), -1.5f);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, trainer.setWeight(1, 8, 0, 1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, trainer.setWeight(5, 0, 0, 1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, trainer.setBias(0, 0, std::nan("")));
}

void TestTraining::gridsMatchTheNetwork() {
    DatasetSettings data;
    data.id = "xor";
    TrainingSettings s;
    s.hidden = {4, 3};
    Trainer trainer(makeDataset(data), s);
    GridProbe probe(s.features, 20, -6, 6);
    const TrainingSnapshot snap = trainer.step();
    const GridPicture grid = probe.draw(trainer);
    QCOMPARE(grid.size, 20);
    QCOMPARE(grid.output.size(), std::size_t(400));
    QCOMPARE(grid.layers.size(), std::size_t(2));
    QCOMPARE(grid.layers[0].rows(), 4);
    QCOMPARE(grid.layers[1].cols(), 400);
    // Cell (row 3, column 11): x1 = −6 + 12·11.5/20, x2 = −6 + 12·3.5/20.
    const DataPoint p{-6.0 + 12.0 * 11.5 / 20.0, -6.0 + 12.0 * 3.5 / 20.0, 0.0};
    ForwardCache<float> cache;
    forward(trainer.network(), trainer.activations(), trainer.featureMatrix({p}), cache);
    QCOMPARE(grid.output[3 * 20 + 11], cache.a.back()(0, 0));
    QCOMPARE(grid.unit(1, 1, 3 * 20 + 11), cache.a[2](1, 0)); // second unit of the second layer
    // A second picture into the same storage after more training shows the new network.
    GridPicture again = grid;
    trainer.step();
    probe.draw(trainer, again);
    forward(trainer.network(), trainer.activations(), trainer.featureMatrix({p}), cache);
    QCOMPARE(again.output[3 * 20 + 11], cache.a.back()(0, 0));
    QVERIFY(again.output != grid.output);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, GridProbe(s.features, 1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, GridProbe(s.features, 20, 1.0, 1.0));
    QCOMPARE(snap.layers.size(), std::size_t(2));
    int counted = 0;
    for (int c : snap.layers[0].histogram)
        counted += c;
    QCOMPARE(counted, 4 * int(trainer.data().train.size()));
    // Units on a grid of their own (their small maps) and one hovered unit at the output's resolution: the
    // same values as a probe that draws everything on one grid.
    GridProbe split(s.features, 20, -6, 6, 5);
    GridPicture parts;
    split.draw(trainer, parts, 1, 2);
    QCOMPARE(parts.size, 20);
    QCOMPARE(parts.unitSize, 5);
    QCOMPARE(parts.layers[0].cols(), 25);
    QCOMPARE(parts.hoveredLayer, 1);
    QCOMPARE(parts.hoveredUnit, 2);
    GridPicture whole;
    probe.draw(trainer, whole);
    QCOMPARE(parts.output, whole.output);
    for (int i = 0; i < 400; ++i)
        QCOMPARE(parts.hovered[std::size_t(i)], whole.unit(1, 2, std::size_t(i)));
    GridProbe(s.features, 5, -6, 6).draw(trainer, whole);
    for (int i = 0; i < 25; ++i)
        QCOMPARE(parts.unit(0, 3, std::size_t(i)), whole.unit(0, 3, std::size_t(i)));
    QVERIFY(parts.serial != whole.serial);
    split.draw(trainer, parts, 5, 0); // no such layer: no hovered map
    QCOMPARE(parts.hoveredLayer, -1);
    QVERIFY(parts.hovered.empty());
    QVERIFY(split.cost(trainer.network()) > probe.cost(trainer.network()));
}

void TestTraining::badSettings() {
    DatasetSettings data;
    TrainingSettings s;
    s.hidden = std::vector<int>(9, 4);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Trainer(makeDataset(data), s));
    s.hidden = {200};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Trainer(makeDataset(data), s));
    s.hidden = {8};
    s.activations = {"nope"};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Trainer(makeDataset(data), s));
    s.activations = {"gelu"};
    s.loss = LossKind::Squared;
    data.id = "blobs";
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Trainer(makeDataset(data), s));
    s.loss = LossKind::CrossEntropy;
    data.id = "plane";
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Trainer(makeDataset(data), s));
    s.loss.reset();
    s.learningRate = -1;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Trainer(makeDataset(data), s));
}

// Every enumeration's id table: each value has one non-empty lower-case id, no two share one, and the id
// leads back to the value.
template<typename Enum>
void checkIds() {
    std::set<std::string_view> seen;
    for (Enum value : enumValues<Enum>()) {
        const std::string_view id = idOf(value);
        QVERIFY(!id.empty());
        QVERIFY2(std::none_of(id.begin(), id.end(), [](char c) { return c >= 'A' && c <= 'Z'; }), id.data());
        QVERIFY2(seen.insert(id).second, id.data());
        QCOMPARE(fromId<Enum>(id), std::optional<Enum>(value));
    }
    QVERIFY(!fromId<Enum>("no-such-id"));
}

void TestTraining::idTablesRoundTrip() {
    checkIds<OptimizerKind>();
    checkIds<Schedule>();
    checkIds<LossKind>();
    checkIds<InitKind>();
    checkIds<Feature>();
    checkIds<PrecisionCase>();
    checkIds<GateKind>();
    QCOMPARE(enumValues<InitKind>().size(), std::size_t(4));
}

QTEST_APPLESS_MAIN(TestTraining)
#include "tst_training.moc"
