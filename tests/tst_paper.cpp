// The paper's experiments on the digits: a short run learns (≥ 90 % test accuracy), results are reproducible
// from the seed and independent of the thread count, the learning rate is chosen on the validation images,
// robustness starts at the test accuracy and falls with noise, the autoencoder learns, cancelling stops
// promptly and leaves no thread behind, progress is reported, and bad settings are named.
#include "digits.h"
#include "duration_text.h"
#include "fashion_mnist.h"
#include "paper.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <chrono>
#include <cmath>
#include <thread>

using namespace gelulab;

namespace {

const DigitsSplit &split() {
    static const DigitsSplit s = [] {
        QFile file(QStringLiteral(GELULAB_RESOURCE_DIR "/digits/digits.csv"));
        if (!file.open(QIODevice::ReadOnly)) qFatal("no digits file");
        return splitDigits(parseDigitsCsv(file.readAll().toStdString()), 297, 300, 1);
    }();
    return s;
}

// A small network, a few epochs: seconds even under the sanitizers.
PaperSettings small() {
    PaperSettings s;
    s.activations = {"gelu"};
    s.seeds = 1;
    s.epochs = 12;
    s.hidden = {64, 64};
    s.dropouts = {0.0};
    s.learningRates = {1e-3};
    return s;
}

int threadCount() {
    return int(QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

} // namespace

class TestPaper : public QObject {
    Q_OBJECT
private slots:
    void shortRunLearns();
    void reproducibleAndThreadIndependent();
    void learningRateChosenOnValidation();
    void robustnessFallsWithNoise();
    void autoencoderLearns();
    void cancelStopsPromptly();
    void progressReported();
    void badSettingsNamed();
    void fashionExperimentsAreThePapers();
    void fashionMnistAtItsSize();
    void timeLeftAtThePaceSoFar();
};

void TestPaper::shortRunLearns() {
    const PaperResult r = runPaperExperiment(split(), small());
    QVERIFY(r.finished);
    QCOMPARE(r.variants.size(), std::size_t(1));
    const AlternativeSummary &s = r.variants[0].summary;
    QCOMPARE(s.testAccuracy.size(), std::size_t(12));
    QVERIFY2(s.finalTestAccuracy.median >= 0.9, qPrintable(QString::number(s.finalTestAccuracy.median)));
    QVERIFY(s.testLoss.front().median > s.testLoss.back().median);
    QCOMPARE(r.trainImages, 1200);
    QCOMPARE(r.testImages, 300);
}

void TestPaper::reproducibleAndThreadIndependent() {
    PaperSettings s = small();
    s.activations = {"gelu", "elu"};
    s.seeds = 3;
    s.epochs = 4;
    s.dropouts = {0.0, 0.5};
    s.threads = 1;
    const PaperResult one = runPaperExperiment(split(), s);
    s.threads = 2;
    const PaperResult two = runPaperExperiment(split(), s);
    QCOMPARE(one.variants.size(), std::size_t(4));
    for (std::size_t v = 0; v < 4; ++v) {
        QCOMPARE(one.variants[v].summary.finalTestLoss.median, two.variants[v].summary.finalTestLoss.median);
        QCOMPARE(one.variants[v].summary.finalTestLoss.q1, two.variants[v].summary.finalTestLoss.q1);
        QCOMPARE(one.variants[v].summary.trainLoss[1].q3, two.variants[v].summary.trainLoss[1].q3);
    }
    QCOMPARE(one.variants[1].key(s.experiment), std::string("gelu/dropout=0.5"));
    // The same seed again, the same numbers; another seed, other initial weights and other numbers.
    s.seeds = 1;
    const double first = runPaperExperiment(split(), s).variants[0].summary.finalTestLoss.median;
    QCOMPARE(runPaperExperiment(split(), s).variants[0].summary.finalTestLoss.median, first);
    s.seed = 2;
    QVERIFY(runPaperExperiment(split(), s).variants[0].summary.finalTestLoss.median != first);
}

void TestPaper::learningRateChosenOnValidation() {
    PaperSettings s = small();
    s.activations = {"gelu", "relu"};
    s.learningRates = {1e-7, 1e-3}; // 1e-7 learns nothing in 12 epochs
    const PaperResult r = runPaperExperiment(split(), s);
    for (const PaperVariant &v : r.variants) {
        QCOMPARE(v.validationScores.size(), std::size_t(2));
        QVERIFY(v.validationScores[0] > v.validationScores[1]);
        QCOMPARE(v.learningRate, 1e-3);
        QVERIFY(v.validationScores[1] < 0.15);
    }
}

void TestPaper::robustnessFallsWithNoise() {
    PaperSettings s = small();
    s.experiment = PaperExperimentKind::Robustness;
    s.seeds = 2;
    const PaperResult r = runPaperExperiment(split(), s);
    const PaperVariant &v = r.variants[0];
    QCOMPARE(r.amplitudes.size(), std::size_t(13));
    QCOMPARE(v.noiseAccuracy.size(), std::size_t(13));
    // No noise: the plain test accuracy.
    QCOMPARE(v.noiseAccuracy[0].median, v.summary.finalTestAccuracy.median);
    QVERIFY(v.noiseAccuracy[12].median < v.noiseAccuracy[0].median - 0.3);
    QVERIFY(v.noiseLogLoss[12].median > v.noiseLogLoss[0].median);
}

void TestPaper::autoencoderLearns() {
    PaperSettings s = paperDefaults(PaperExperimentKind::Autoencoder);
    s.activations = {"gelu"};
    s.seeds = 1;
    s.epochs = 8;
    s.hidden = {32, 8, 32};
    const PaperResult r = runPaperExperiment(split(), s);
    QCOMPARE(r.variants.size(), std::size_t(2)); // two learning rates
    QCOMPARE(r.variants[0].key(s.experiment), std::string("gelu/lr=0.001"));
    QCOMPARE(r.variants[1].learningRate, 1e-4);
    for (const PaperVariant &v : r.variants) {
        QVERIFY(v.summary.testAccuracy.empty());
        QVERIFY(v.noiseAccuracy.empty());
        QVERIFY(v.summary.testLoss.back().median < v.summary.testLoss.front().median);
    }
    // The larger rate learns faster here.
    QVERIFY(r.variants[0].summary.finalTestLoss.median < r.variants[1].summary.finalTestLoss.median);
}

void TestPaper::cancelStopsPromptly() {
    const int before = threadCount();
    PaperSettings s = small();
    s.hidden = std::vector<int>(8, 128);
    s.seeds = 4;
    s.epochs = 10'000; // minutes, unless cancelled
    std::atomic<bool> cancel{false};
    std::atomic<int> reports{0};
    PaperResult result;
    std::thread runner([&] {
        result = runPaperExperiment(
            split(), s, [&](const PaperResult &) { ++reports; }, &cancel);
    });
    QTRY_VERIFY_WITH_TIMEOUT(reports.load() >= 1, 30'000);
    const auto cancelledAt = std::chrono::steady_clock::now();
    cancel = true;
    runner.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - cancelledAt).count();
    QVERIFY2(seconds < 5.0,
             qPrintable(QString::number(seconds))); // one epoch of one run at most, in practice
    QVERIFY(result.cancelled);
    QVERIFY(!result.finished);
    QCOMPARE(result.phase, std::string("cancelled"));
    QCOMPARE(threadCount(), before); // every worker thread joined
}

void TestPaper::progressReported() {
    PaperSettings s = small();
    s.learningRates = {1e-3, 1e-4};
    std::vector<double> fractions;
    std::vector<std::string> phases;
    runPaperExperiment(split(), s, [&](const PaperResult &r) {
        fractions.push_back(r.fraction);
        phases.push_back(r.phase);
    });
    QCOMPARE(fractions.size(), std::size_t(12 + 12 + 1)); // every epoch of both phases, then the end
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    QCOMPARE(fractions.back(), 1.0);
    QCOMPARE(phases.front(), std::string("choosing learning rates"));
    QCOMPARE(phases[12], std::string("training"));
    QCOMPARE(phases.back(), std::string("finished"));
}

void TestPaper::badSettingsNamed() {
    PaperSettings s = small();
    s.activations = {"gelu", "nonesuch"};
    QVERIFY(QString::fromStdString(checkPaperSettings(s)).contains("nonesuch"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runPaperExperiment(split(), s));
    s = small();
    s.seeds = 0;
    QVERIFY(QString::fromStdString(checkPaperSettings(s)).contains("seeds"));
    s = paperDefaults(PaperExperimentKind::Autoencoder);
    s.dropouts = {0.5};
    QVERIFY(QString::fromStdString(checkPaperSettings(s)).contains("without dropout"));
    s = small();
    s.learningRates = {-1.0};
    QVERIFY(QString::fromStdString(checkPaperSettings(s)).contains("learning rate"));
    QCOMPARE(checkPaperSettings(small()), std::string());
    QCOMPARE(fromId<PaperExperimentKind>("digits-robustness"),
             std::optional(PaperExperimentKind::Robustness));
    QVERIFY(!fromId<PaperExperimentKind>("mnist"));
}

// The Fashion-MNIST experiments take the paper's sizes by default, run on any image split (here the digits')
// and time their training passes.
void TestPaper::fashionExperimentsAreThePapers() {
    const PaperSettings c = paperDefaults(PaperExperimentKind::FashionClassification);
    QCOMPARE(c.validation, 5'000);
    QCOMPARE(c.hidden, std::vector<int>(8, 128));
    QCOMPARE(c.batch, 128);
    QCOMPARE(c.learningRates, (std::vector<double>{1e-3, 1e-4, 1e-5}));
    const PaperSettings a = paperDefaults(PaperExperimentKind::FashionAutoencoder);
    QCOMPARE(a.hidden, (std::vector<int>{1000, 500, 250, 30, 250, 500, 1000}));
    QCOMPARE(a.batch, 64);
    QCOMPARE(a.seeds, 3);
    // Every default passes the checks — the autoencoder is wider than the Playground's networks — and the
    // paper's autoencoder trains (an epoch on the digits' 64 pixels: the widths are what matters here).
    for (PaperExperimentKind kind : paperExperiments())
        QCOMPARE(checkPaperSettings(paperDefaults(kind)), std::string());
    PaperSettings wide = a;
    wide.activations = {"gelu"};
    wide.seeds = 1;
    wide.epochs = 1;
    wide.learningRates = {1e-3};
    const PaperResult trained = runPaperExperiment(split(), wide);
    QVERIFY(trained.finished);
    QVERIFY(std::isfinite(trained.variants.front().summary.finalTestLoss.median));
    wide.hidden = {2049};
    QCOMPARE(checkPaperSettings(wide), std::string("hidden layers have 1 to 2048 units"));
    QVERIFY(paperClassifies(PaperExperimentKind::FashionRobustness));
    QVERIFY(!paperClassifies(PaperExperimentKind::FashionAutoencoder));
    QVERIFY(paperMeasuresNoise(PaperExperimentKind::FashionRobustness));
    QVERIFY(!paperMeasuresNoise(PaperExperimentKind::FashionClassification));
    QVERIFY(onFashionMnist(PaperExperimentKind::FashionAutoencoder));
    QVERIFY(!onFashionMnist(PaperExperimentKind::Autoencoder));
    QCOMPARE(fromId<PaperExperimentKind>("fashion-robustness"),
             std::optional(PaperExperimentKind::FashionRobustness));

    PaperSettings s = small();
    s.experiment = PaperExperimentKind::FashionRobustness;
    const PaperResult r = runPaperExperiment(split(), s);
    QVERIFY(r.finished);
    QVERIFY(r.trainSecondsPerEpoch > 0.0);
    QCOMPARE(r.variants.front().noiseAccuracy.size(), r.amplitudes.size());
    QVERIFY(r.variants.front().summary.finalTestAccuracy.median >= 0.9);
}

// The real data, where Debian's dataset-fashion-mnist is installed: the paper's split, and one short epoch
// learns most of the classes.
void TestPaper::fashionMnistAtItsSize() {
    if (findIdxFile(kFashionMnistDir, "train-images-idx3-ubyte").empty())
        QSKIP("Fashion-MNIST is not installed here (apt-get install dataset-fashion-mnist)");
    const ImageSplit data = splitFashionMnist(loadFashionMnist(), 5'000, 1);
    PaperSettings s = paperDefaults(PaperExperimentKind::FashionClassification);
    s.activations = {"gelu"};
    s.seeds = 1;
    s.epochs = 1;
    s.hidden = {32};
    s.dropouts = {0.0};
    s.learningRates = {1e-3};
    const PaperResult r = runPaperExperiment(data, s);
    QVERIFY(r.finished);
    QCOMPARE(r.trainImages, 55'000);
    QCOMPARE(r.validationImages, 5'000);
    QCOMPARE(r.testImages, 10'000);
    QVERIFY2(r.variants.front().summary.finalTestAccuracy.median > 0.75,
             qPrintable(QString::number(r.variants.front().summary.finalTestAccuracy.median)));
    QVERIFY(r.trainSecondsPerEpoch > 0.0);
}

// What the progress bar and the tab's status line say about the time left.
void TestPaper::timeLeftAtThePaceSoFar() {
    QCOMPARE(durationText(40.2), std::string("40 s"));
    QCOMPARE(durationText(719.0), std::string("12 min"));
    QCOMPARE(durationText(3'900.0), std::string("1 h 05 min"));
    QCOMPARE(timeLeftText(10.0, 0.5), std::string("about 10 s left"));
    QCOMPARE(timeLeftText(60.0, 0.25), std::string("about 3 min left"));
    QCOMPARE(timeLeftText(4.0, 0.5), std::string()); // no pace yet
    QCOMPARE(timeLeftText(100.0, 0.001), std::string());
    QCOMPARE(timeLeftText(100.0, 1.0), std::string()); // done
}

QTEST_APPLESS_MAIN(TestPaper)
#include "tst_paper.moc"
