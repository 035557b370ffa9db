// Training on examples prepared once and shared (training_examples.h), the way the paper's runs train on
// Fashion-MNIST: trainers that share them train bit for bit as one with its own copy; evaluation in chunks
// gives the loss and accuracy of the whole set; a cancelled epoch is undone; the training pass is timed; bad
// examples are refused with their problem named.
#include "trainer.h"
#include "training_examples.h"

#include <QTest>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>

using namespace gelulab;

namespace {

// `count` training and `testCount` test examples of `inputs` inputs in three classes that a small network
// can learn: the class is the sign pattern of the first two inputs, folded to three.
MatrixData threeClasses(int count, int testCount, int inputs, std::uint64_t seed) {
    std::mt19937_64 engine(seed);
    std::normal_distribution<float> normal;
    MatrixData d;
    d.problem = Problem::Classification;
    d.classes = 3;
    const auto fill = [&](FloatMatrix &x, std::vector<int> &labels, int n) {
        x.resize(inputs, n);
        for (int c = 0; c < n; ++c) {
            for (int r = 0; r < inputs; ++r)
                x(r, c) = normal(engine);
            labels.push_back(std::min(2, int(x(0, c) > 0) + int(x(1, c) > 0)));
        }
    };
    fill(d.trainX, d.trainLabels, count);
    fill(d.testX, d.testLabels, testCount);
    return d;
}

TrainingSettings smallNetwork(int batch = 32) {
    TrainingSettings s;
    s.hidden = {6, 5};
    s.activations = {"gelu"};
    s.learningRate = 0.01;
    s.batch = batch;
    s.seed = 3;
    return s;
}

bool sameBits(const Mlp<float> &a, const Mlp<float> &b) {
    if (a.W.size() != b.W.size()) return false;
    for (std::size_t l = 0; l < a.W.size(); ++l) {
        if (a.W[l].size() != b.W[l].size() || a.b[l].size() != b.b[l].size()) return false;
        if (std::memcmp(a.W[l].data(), b.W[l].data(), sizeof(float) * std::size_t(a.W[l].size())) != 0 ||
            std::memcmp(a.b[l].data(), b.b[l].data(), sizeof(float) * std::size_t(a.b[l].size())) != 0)
            return false;
    }
    return true;
}

} // namespace

class TestTrainingExamples : public QObject {
    Q_OBJECT
private slots:
    void sharedExamplesTrainTheSameBits();
    void chunkedEvaluationIsTheWholeSet();
    void cancelledEpochIsUndone();
    void trainingPassIsTimed();
    void badExamplesRefused_data();
    void badExamplesRefused();
};

void TestTrainingExamples::sharedExamplesTrainTheSameBits() {
    const MatrixData data = threeClasses(500, 200, 4, 1);
    const std::shared_ptr<const TrainingExamples> shared = prepareExamples(data);
    Trainer own(data, smallNetwork()), first(shared, smallNetwork()), second(shared, smallNetwork());
    for (int e = 0; e < 10; ++e) {
        QVERIFY(own.trainEpoch());
        QVERIFY(first.trainEpoch());
    }
    QVERIFY(second.trainEpoch()); // the other trainer's epochs changed nothing it reads
    for (int e = 1; e < 10; ++e)
        QVERIFY(second.trainEpoch());
    QVERIFY(sameBits(own.network(), first.network()));
    QVERIFY(sameBits(own.network(), second.network()));
    QCOMPARE(own.history().back().testLoss, second.history().back().testLoss);
    QVERIFY2(own.history().back().testAccuracy.value_or(0.0) > 0.8, // it learnt
             qPrintable(QString::number(own.history().back().testAccuracy.value_or(0.0))));
    QCOMPARE(shared.use_count(), 3); // one copy, read by both
}

// Sets larger than a chunk are evaluated chunk by chunk; the result is the whole set's mean loss (to float
// rounding of the partial sums) and exactly its accuracy.
void TestTrainingExamples::chunkedEvaluationIsTheWholeSet() {
    const int count = int(Trainer::kEvaluationChunk) * 2 + 77, testCount = int(Trainer::kEvaluationChunk) + 5;
    const MatrixData data = threeClasses(count, testCount, 3, 2);
    Trainer t(data, smallNetwork(256));
    QVERIFY(t.trainEpoch());
    const EpochRecord &r = t.history().back();
    const auto whole = [&](const FloatMatrix &x, const std::vector<int> &labels, double &loss,
                           double &accuracy) {
        ForwardCache<float> cache;
        forward(t.network(), t.activations(), x, cache);
        FloatMatrix targets = FloatMatrix::Zero(3, x.cols());
        for (std::size_t i = 0; i < labels.size(); ++i)
            targets(labels[i], Eigen::Index(i)) = 1.0f;
        loss = meanLoss(t.network(), cache, targets);
        int right = 0;
        for (Eigen::Index c = 0; c < x.cols(); ++c) {
            Eigen::Index best = 0;
            cache.a.back().col(c).maxCoeff(&best);
            right += int(best) == labels[std::size_t(c)];
        }
        accuracy = double(right) / double(x.cols());
    };
    double loss = 0.0, accuracy = 0.0;
    whole(data.trainX, data.trainLabels, loss, accuracy);
    QVERIFY2(std::abs(r.trainLoss - loss) <= 1e-5 * loss, qPrintable(QString::number(r.trainLoss - loss)));
    QCOMPARE(r.trainAccuracy.value_or(-1.0), accuracy);
    whole(data.testX, data.testLabels, loss, accuracy);
    QVERIFY2(std::abs(r.testLoss - loss) <= 1e-5 * loss, qPrintable(QString::number(r.testLoss - loss)));
    QCOMPARE(r.testAccuracy.value_or(-1.0), accuracy);
    // The noise score goes through the same chunks: without noise it is the test record.
    const NoisyScore clean = t.scoreUnderNoise(0.0, 1);
    QCOMPARE(clean.accuracy.value_or(-1.0), r.testAccuracy.value_or(-2.0));
    QVERIFY(std::abs(clean.loss - r.testLoss) <= 1e-12 * r.testLoss);
}

// Cancelled before its first mini-batch or half-way, an epoch leaves the trainer as it was: the next epoch
// is bit for bit the first epoch of a trainer never cancelled (weights, optimiser state, shuffle and dropout
// draws all put back).
void TestTrainingExamples::cancelledEpochIsUndone() {
    const MatrixData data = threeClasses(20'000, 100, 3, 4);
    TrainingSettings s = smallNetwork(1); // 20,000 mini-batches: an epoch long enough to cancel half-way
    s.dropout = 0.2;
    const std::shared_ptr<const TrainingExamples> shared = prepareExamples(data);
    Trainer reference(shared, s), cancelled(shared, s);
    QVERIFY(reference.trainEpoch());

    std::atomic<bool> cancel{true};
    QVERIFY(!cancelled.trainEpoch(&cancel));
    QCOMPARE(cancelled.epoch(), 0);
    QVERIFY(!cancelled.diverged());

    cancel = false;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(3));
        cancel = true;
    });
    const bool finished = cancelled.trainEpoch(&cancel);
    canceller.join();
    if (finished) QSKIP("the epoch ended before the cancel arrived (a very fast or idle-starved machine)");
    QCOMPARE(cancelled.epoch(), 0);
    QVERIFY(cancelled.history().empty());

    QVERIFY(cancelled.trainEpoch());
    QVERIFY(sameBits(cancelled.network(), reference.network()));
    QCOMPARE(cancelled.history().back().trainLoss, reference.history().back().trainLoss);
}

void TestTrainingExamples::trainingPassIsTimed() {
    Trainer t(threeClasses(2'000, 100, 3, 5), smallNetwork(8));
    QCOMPARE(t.lastTrainingPassSeconds(), 0.0);
    QVERIFY(t.trainEpoch());
    QVERIFY(t.lastTrainingPassSeconds() > 0.0);
    QVERIFY(t.lastTrainingPassSeconds() < 60.0);
}

void TestTrainingExamples::badExamplesRefused_data() {
    QTest::addColumn<int>("flaw");
    QTest::addColumn<QString>("message");
    QTest::newRow("no training examples") << 0 << "there are no training examples";
    QTest::newRow("widths differ") << 1 << "training and test inputs differ in width";
    QTest::newRow("a label missing") << 2 << "one label per example is needed";
    QTest::newRow("label out of range") << 3 << "a label is outside 0 … classes − 1";
    QTest::newRow("one class") << 4 << "classification needs two classes or more";
    QTest::newRow("targets do not match") << 5 << "one target column per example is needed";
}

void TestTrainingExamples::badExamplesRefused() {
    QFETCH(int, flaw);
    QFETCH(QString, message);
    MatrixData d = threeClasses(20, 10, 3, 6);
    switch (flaw) {
    case 0:
        d.trainX.resize(3, 0);
        d.trainLabels.clear();
        break;
    case 1:
        d.testX = FloatMatrix::Zero(4, 10);
        break;
    case 2:
        d.trainLabels.pop_back();
        break;
    case 3:
        d.testLabels[4] = 3;
        break;
    case 4:
        d.classes = 1;
        break;
    case 5:
        d.problem = Problem::Regression;
        d.trainTargets = FloatMatrix::Zero(2, 20);
        d.testTargets = FloatMatrix::Zero(2, 9);
        break;
    }
    try {
        prepareExamples(d);
        QFAIL("accepted");
    } catch (const std::invalid_argument &e) {
        QCOMPARE(QString::fromUtf8(e.what()), message);
    }
}

QTEST_APPLESS_MAIN(TestTrainingExamples)
#include "tst_trainingexamples.moc"
