// Kept runs (run_cache.h): a kept state reads back to the bit and trains on as if it had never stopped; a
// file that is short, corrupt, another run's or not a run at all is refused, never a crash; the cache finds
// the longest run up to the epochs asked for and a longer save supersedes the shorter; every setting, the
// data and the SIMD target are in the key. Through the paper's experiments: a rerun takes every run and gives
// the same result, more epochs or more seeds train only what is new and equal an experiment run in one go, a
// cancelled experiment goes on from where it stopped, and a cache that cannot be written leaves a whole
// result with the reason.
#include "digits.h"
#include "paper.h"
#include "run_cache.h"
#include "simd_target.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>

using namespace gelulab;

namespace {

const ImageSplit &split() {
    static const ImageSplit s = [] {
        QFile file(QStringLiteral(GELULAB_RESOURCE_DIR "/digits/digits.csv"));
        if (!file.open(QIODevice::ReadOnly)) qFatal("no digits file");
        return splitDigits(parseDigitsCsv(file.readAll().toStdString()), 297, 300, 1);
    }();
    return s;
}

// Two activations, two learning rates to choose from, two seeds: a few seconds even under the sanitizers.
PaperSettings small(int epochs = 3) {
    PaperSettings s;
    s.activations = {"gelu", "relu"};
    s.seeds = 2;
    s.epochs = epochs;
    s.hidden = {32, 32};
    s.dropouts = {0.0};
    s.learningRates = {1e-3, 1e-4};
    return s;
}

TrainingSettings trainingSettings() {
    TrainingSettings t;
    t.hidden = {16, 16};
    t.activations = {"gelu"};
    t.init = InitKind::UnitNorm;
    t.learningRate = 1e-3;
    t.batch = 64;
    t.epochs = 10;
    t.seed = 7;
    return t;
}

std::shared_ptr<const TrainingExamples> examples() {
    static const auto e = [] {
        MatrixData d;
        d.problem = Problem::Classification;
        d.classes = 10;
        d.trainX = split().trainX.leftCols(400);
        d.trainLabels.assign(split().trainLabels.begin(), split().trainLabels.begin() + 400);
        d.testX = split().testX;
        d.testLabels = split().testLabels;
        return prepareExamples(d);
    }();
    return e;
}

void compareResults(const PaperResult &a, const PaperResult &b) {
    QCOMPARE(a.variants.size(), b.variants.size());
    for (std::size_t v = 0; v < a.variants.size(); ++v) {
        const PaperVariant &x = a.variants[v], &y = b.variants[v];
        QCOMPARE(x.learningRate, y.learningRate);
        QCOMPARE(x.validationScores, y.validationScores);
        QCOMPARE(x.summary.trainLoss.size(), y.summary.trainLoss.size());
        for (std::size_t e = 0; e < x.summary.trainLoss.size(); ++e) {
            QCOMPARE(x.summary.trainLoss[e].median, y.summary.trainLoss[e].median);
            QCOMPARE(x.summary.testLoss[e].q1, y.summary.testLoss[e].q1);
            QCOMPARE(x.summary.testLoss[e].q3, y.summary.testLoss[e].q3);
            QCOMPARE(x.summary.testAccuracy[e].median, y.summary.testAccuracy[e].median);
        }
        QCOMPARE(x.noiseAccuracy.size(), y.noiseAccuracy.size());
        for (std::size_t i = 0; i < x.noiseAccuracy.size(); ++i) {
            QCOMPARE(x.noiseAccuracy[i].median, y.noiseAccuracy[i].median);
            QCOMPARE(x.noiseLogLoss[i].median, y.noiseLogLoss[i].median);
        }
    }
}

std::size_t filesIn(const QString &folder) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto &entry : std::filesystem::directory_iterator(folder.toStdString()))
        ++n;
    return n;
}

} // namespace

class TestRunCache : public QObject {
    Q_OBJECT
private slots:
    void stateReadsBackAndTrainsOn();
    void badBytesRefused();
    void longestUpToTheEpochsAsked();
    void keyNamesEverySetting_data();
    void keyNamesEverySetting();
    void keyNamesDataAndTarget();
    void rerunTakesEveryRun();
    void moreEpochsAndSeedsTrainOnlyWhatIsNew();
    void cancelledExperimentGoesOn();
    void unwritableCacheLeavesAWholeResult();
};

void TestRunCache::stateReadsBackAndTrainsOn() {
    Trainer uninterrupted(examples(), trainingSettings());
    for (int e = 0; e < 4; ++e)
        uninterrupted.trainEpoch();
    Trainer first(examples(), trainingSettings());
    first.trainEpoch();
    first.trainEpoch();
    const std::string key = "a key";
    const TrainerState read = decodeRun(encodeRun(key, first.state()), key);
    QCOMPARE(read.epoch, 2);
    QCOMPARE(read.history.size(), std::size_t(2));
    QCOMPARE(read.random, first.state().random);
    QCOMPARE(read.optimizer.steps, first.state().optimizer.steps);
    Trainer second(examples(), trainingSettings());
    second.restore(read);
    second.trainEpoch();
    second.trainEpoch();
    QCOMPARE(second.epoch(), 4);
    for (std::size_t l = 0; l < uninterrupted.network().W.size(); ++l) {
        QVERIFY(second.network().W[l] == uninterrupted.network().W[l]); // bit for bit
        QVERIFY(second.network().b[l] == uninterrupted.network().b[l]);
    }
    QCOMPARE(second.history().back().testLoss, uninterrupted.history().back().testLoss);
}

void TestRunCache::badBytesRefused() {
    Trainer t(examples(), trainingSettings());
    t.trainEpoch();
    const std::string key = "gelu-lab; some run";
    const std::vector<char> bytes = encodeRun(key, t.state());
    // Every prefix (sampled) is short; nothing after the run is allowed either.
    for (std::size_t n = 0; n < bytes.size(); n += 1 + n / 3)
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 decodeRun(std::vector<char>(bytes.begin(), bytes.begin() + long(n)), key));
    std::vector<char> longer = bytes;
    longer.push_back(0);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, decodeRun(longer, key));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, decodeRun(bytes, "another run"));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, decodeRun(std::vector<char>(100, 'x'), key));
    // A length field made huge (the key's length, just after magic, format and byte order): refused before
    // anything is allocated.
    std::vector<char> huge = bytes;
    for (std::size_t i = 20; i < 24; ++i)
        huge[i] = char(0xff);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, decodeRun(huge, key));
    // A weight matrix claiming 2³¹ − 1 rows and columns (their product in bytes overflows 64 bits): refused,
    // never allocated.
    TrainerState one;
    one.weights = {Mlp<float>::Matrix::Zero(1, 1)};
    std::vector<char> claim = encodeRun(key, one);
    const std::size_t rowsAt = 12 + 4 + 4 + 4 + key.size() + 4 + 8 + 4 + 4 + 4 + 4;
    // rows, cols, one float; no biases; Adam's steps and four empty lists; the engine's empty text
    QCOMPARE(claim.size(), rowsAt + 12 + 4 + 8 + 16 + 4);
    for (std::size_t i = rowsAt; i < rowsAt + 8; ++i)
        claim[i] = char((i - rowsAt) % 4 == 3 ? 0x7f : 0xff); // little-endian 2³¹ − 1
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, decodeRun(claim, key));
    // Empty matrices (0 rows) read back as empty, with nothing copied (found by the run fuzz target: a copy
    // to an empty matrix's null data pointer).
    TrainerState empty;
    empty.weights = {Mlp<float>::Matrix(0, 3)};
    empty.biases = {Mlp<float>::Vector(0)};
    const TrainerState emptyRead = decodeRun(encodeRun(key, empty), key);
    QCOMPARE(emptyRead.weights.size(), std::size_t(1));
    QCOMPARE(emptyRead.weights[0].rows(), 0);
    QCOMPARE(emptyRead.weights[0].cols(), 3);
    QCOMPARE(emptyRead.biases[0].size(), 0);
    // Every byte flipped in turn (sampled): refused, or read as a state the trainer's own check judges.
    for (std::size_t i = 0; i < bytes.size(); i += 1 + i / 5) {
        std::vector<char> flipped = bytes;
        flipped[i] = char(flipped[i] ^ 0x5a);
        try {
            const TrainerState s = decodeRun(flipped, key);
            Trainer fresh(examples(), trainingSettings());
            try {
                fresh.restore(s);
            } catch (const std::invalid_argument &) {
            }
        } catch (const std::runtime_error &) {
        }
    }
}

void TestRunCache::longestUpToTheEpochsAsked() {
    QTemporaryDir folder;
    const RunCache cache(folder.path().toStdString());
    const std::string key = "k";
    QVERIFY(!cache.load(key, 10));
    Trainer t(examples(), trainingSettings());
    t.trainEpoch();
    QCOMPARE(cache.save(key, t.state()), std::string());
    t.trainEpoch();
    t.trainEpoch();
    QCOMPARE(cache.save(key, t.state()), std::string()); // 3 epochs supersede 1
    QCOMPARE(cache.keptEpochs(key), std::vector<int>{3});
    QCOMPARE(cache.load(key, 10)->epoch, 3);
    QCOMPARE(cache.load(key, 3)->epoch, 3);
    QVERIFY(!cache.load(key, 2)); // longer than asked: of no use
    QVERIFY(!cache.load("another key", 10));
    // A shorter run saved beside a longer one stays for requests of its length.
    Trainer shorter(examples(), trainingSettings());
    shorter.trainEpoch();
    QCOMPARE(cache.save(key, shorter.state()), std::string());
    QCOMPARE(cache.keptEpochs(key), (std::vector<int>{3, 1}));
    QCOMPARE(cache.load(key, 2)->epoch, 1);
    // A corrupt longest file is passed over for the next readable one.
    {
        std::ofstream out(cache.fileFor(key, 3), std::ios::binary | std::ios::trunc);
        out << "GELULAB-RUN\ngarbage";
    }
    QCOMPARE(cache.load(key, 10)->epoch, 1);
    QCOMPARE(filesIn(folder.path()), std::size_t(2)); // no temporary file left behind
    QVERIFY(!RunCache().enabled());
    QVERIFY(!RunCache().load(key, 10));
    QCOMPARE(RunCache().save(key, t.state()), std::string());
}

void TestRunCache::keyNamesEverySetting_data() {
    QTest::addColumn<int>("change");
    const char *names[] = {"hidden", "activation", "init",  "optimizer", "learning rate", "schedule", "l1",
                           "l2",     "dropout",    "batch", "seed",      "loss",          "features"};
    for (int i = 0; i < int(std::size(names)); ++i)
        QTest::newRow(names[i]) << i;
}

void TestRunCache::keyNamesEverySetting() {
    QFETCH(int, change);
    const TrainingSettings base = trainingSettings();
    TrainingSettings t = base;
    switch (change) {
    case 0:
        t.hidden = {16, 17};
        break;
    case 1:
        t.activations = {"relu"};
        break;
    case 2:
        t.init = InitKind::He;
        break;
    case 3:
        t.optimizer = OptimizerKind::Momentum;
        break;
    case 4:
        t.learningRate = std::nextafter(1e-3, 1.0);
        break; // every digit counts
    case 5:
        t.schedule = Schedule::Cosine;
        break;
    case 6:
        t.l1 = 1e-5;
        break;
    case 7:
        t.l2 = 1e-5;
        break;
    case 8:
        t.dropout = 0.5;
        break;
    case 9:
        t.batch = 65;
        break;
    case 10:
        t.seed = 8;
        break;
    case 11:
        t.loss = LossKind::Squared;
        break;
    case 12:
        t.features = {Feature::X1};
        break;
    }
    QVERIFY(trainingKey(t) != trainingKey(base));
    // The run length only where a schedule reads it.
    t.epochs = base.epochs + 5;
    TrainingSettings longer = base;
    longer.epochs = base.epochs + 5;
    QCOMPARE(trainingKey(longer), trainingKey(base));
    if (change == 5) {
        TrainingSettings cosine = t;
        cosine.epochs = base.epochs;
        QVERIFY(trainingKey(cosine) != trainingKey(t));
    }
}

void TestRunCache::keyNamesDataAndTarget() {
    QVERIFY(runKeyPrefix().find("target " + simd::activeTarget()) != std::string::npos);
    QVERIFY(runKeyPrefix().find(GELULAB_VERSION) != std::string::npos);
    ImageSplit changed = split();
    QCOMPARE(splitFingerprint(changed), splitFingerprint(split()));
    changed.testX(3, 5) += 1.0f / 16;
    QVERIFY(splitFingerprint(changed) != splitFingerprint(split()));
    changed = split();
    std::swap(changed.trainLabels[0], changed.trainLabels[1]);
    QVERIFY(splitFingerprint(changed) != splitFingerprint(split()));
    const ImageSplit other =
        splitDigits(parseDigitsCsv([] {
                        QFile file(QStringLiteral(GELULAB_RESOURCE_DIR "/digits/digits.csv"));
                        file.open(QIODevice::ReadOnly);
                        return file.readAll().toStdString();
                    }()),
                    297, 300, 2); // another split seed
    QVERIFY(splitFingerprint(other) != splitFingerprint(split()));
}

void TestRunCache::rerunTakesEveryRun() {
    QTemporaryDir folder;
    const RunCache cache(folder.path().toStdString());
    const PaperSettings s = small();
    const PaperResult plain = runPaperExperiment(split(), s);
    const PaperResult first = runPaperExperiment(split(), s, {}, nullptr, &cache);
    QCOMPARE(first.reusedRuns, 0);
    QVERIFY(first.trainSecondsPerEpoch > 0.0);
    QCOMPARE(first.cacheProblem, std::string());
    compareResults(first, plain);
    QCOMPARE(filesIn(folder.path()), std::size_t(2 * 2 + 2 * 2)); // 4 tuning runs, 4 reported runs
    const PaperResult second = runPaperExperiment(split(), s, {}, nullptr, &cache);
    QCOMPARE(second.reusedRuns, 8);
    QCOMPARE(second.trainSecondsPerEpoch, 0.0); // nothing trained
    QVERIFY(second.finished);
    compareResults(second, plain);
    // Another activation's runs are not those.
    PaperSettings other = s;
    other.activations = {"elu"};
    QCOMPARE(runPaperExperiment(split(), other, {}, nullptr, &cache).reusedRuns, 0);
}

void TestRunCache::moreEpochsAndSeedsTrainOnlyWhatIsNew() {
    QTemporaryDir folder;
    const RunCache cache(folder.path().toStdString());
    const PaperResult shorter = runPaperExperiment(split(), small(3), {}, nullptr, &cache);
    PaperSettings more = small(5);
    more.seeds = 3;
    const PaperResult extended = runPaperExperiment(split(), more, {}, nullptr, &cache);
    // Every tuning run goes on from epoch 3; so do the first two seeds of a variant whose learning rate the
    // longer tuning chose again (another rate is another run).
    int sameRate = 0;
    for (std::size_t v = 0; v < extended.variants.size(); ++v)
        sameRate += extended.variants[v].learningRate == shorter.variants[v].learningRate;
    QCOMPARE(extended.reusedRuns, 4 + 2 * sameRate);
    compareResults(extended, runPaperExperiment(split(), more));
    // The 5-epoch runs replaced the 3-epoch ones of their keys.
    QCOMPARE(filesIn(folder.path()), std::size_t(4 + 2 * 3 + 2 * (2 - sameRate)));
}

void TestRunCache::cancelledExperimentGoesOn() {
    QTemporaryDir folder;
    const RunCache cache(folder.path().toStdString());
    const PaperSettings s = small(4);
    std::atomic<bool> cancel{false};
    int reports = 0;
    const PaperResult cancelled = runPaperExperiment(
        split(), s,
        [&](const PaperResult &r) {
            if (++reports == 6) cancel = true; // after the reported runs' second epoch (and 4 of tuning)
            (void)r;
        },
        &cancel, &cache);
    QVERIFY(cancelled.cancelled);
    QVERIFY(filesIn(folder.path()) > 4); // the tuning runs and the reported runs so far
    const PaperResult resumed = runPaperExperiment(split(), s, {}, nullptr, &cache);
    QVERIFY(resumed.finished);
    QCOMPARE(resumed.reusedRuns, 8);
    compareResults(resumed, runPaperExperiment(split(), s));
}

void TestRunCache::unwritableCacheLeavesAWholeResult() {
    QTemporaryDir folder;
    const QString blocker = folder.filePath(QStringLiteral("a-file"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const RunCache cache((blocker + QStringLiteral("/runs")).toStdString()); // under a file: never a folder
    const PaperResult r = runPaperExperiment(split(), small(2), {}, nullptr, &cache);
    QVERIFY(r.finished);
    QVERIFY2(r.cacheProblem.find("cannot create") != std::string::npos, r.cacheProblem.c_str());
    compareResults(r, runPaperExperiment(split(), small(2)));
}

QTEST_APPLESS_MAIN(TestRunCache)
#include "tst_runcache.moc"
