// What a session keeps of the Compare and Paper tabs beyond their settings: Compare's own setup and finished
// results of both. The experiments' results convert to the session's and back unchanged; setups and results
// that do not fit their own sizes and kinds are refused, naming the key.
#include "saved_results.h"
#include "session_json.h"

#include <QJsonDocument>
#include <QTest>

#include <cmath>

using namespace gelulab;
using namespace gelulab::session;

namespace {

// JSON written with single quotes, which read better inside C++ strings.
QByteArray json(const char *text) {
    return QByteArray(text).replace('\'', '"');
}

QString problemOf(const QByteArray &bytes) {
    const ReadResult r = decode(bytes);
    return r.ok() ? QString() : QString::fromStdString(r.problem.text());
}

Quartiles q(double a, double b, double c) {
    return {a, b, c};
}

} // namespace

class TestSavedResults : public QObject {
    Q_OBJECT
private slots:
    // A comparison's summary and a paper result survive the trip through the session's structs and JSON.
    void resultsConvertBothWays() {
        AlternativeSummary a;
        a.trainLoss = {q(1, 2, 3), q(0.5, 0.6, 0.7)};
        a.testLoss = {q(std::nan(""), std::nan(""), std::nan("")), q(1, 1, 1)};
        a.finalTrainLoss = q(0.5, 0.6, 0.7);
        a.divergedRuns = 2;
        const AlternativeSummary back = toAlternativeSummary(toCompareSummary(a));
        QCOMPARE(back.trainLoss.size(), std::size_t(2));
        QCOMPARE(back.trainLoss[1].median, 0.6);
        QVERIFY(std::isnan(back.testLoss[0].q3));
        QCOMPARE(back.finalTrainLoss.q3, 0.7);
        QCOMPARE(back.divergedRuns, 2);

        PaperResult r;
        r.settings = paperDefaults(PaperExperimentKind::Classification);
        r.settings.activations = {"gelu"};
        r.settings.epochs = 2;
        PaperVariant v;
        v.activation = "gelu";
        v.learningRate = 0.001;
        v.summary = a;
        v.summary.testAccuracy = {q(0.8, 0.9, 0.95), q(0.85, 0.9, 0.95)};
        v.noiseAccuracy = {q(0.9, 0.9, 0.9)};
        r.variants = {v};
        r.amplitudes = {0.0};
        r.finished = true;
        r.trainImages = 1200;
        const PaperResults saved = toPaperResults(r);
        QCOMPARE(saved.experiment, std::string("digits-classification"));
        const std::optional<PaperResults> read = paperResultsFromJson(paperResultsToJson(saved));
        QVERIFY(read);
        const PaperResult again = toPaperResult(*read);
        QCOMPARE(again.settings.experiment, PaperExperimentKind::Classification);
        QCOMPARE(again.settings.epochs, 2);
        QCOMPARE(again.settings.batch,
                 r.settings.batch); // the experiment's defaults where the file is silent
        QVERIFY(again.finished && !again.cancelled);
        QCOMPARE(again.variants[0].summary.testAccuracy[1].median, 0.9);
        QCOMPARE(again.variants[0].noiseAccuracy[0].q1, 0.9);
        QCOMPARE(again.trainImages, 1200);
    }

    void badFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected"); // a part of the one-line message
        const QByteArray setup = json(
            "{'version': 1, 'views': {'compare': {'setup': {'points': {'problem': 'classification', "
            "'classes': 2, 'train': [[0, 0, 1]], 'test': []}, 'features': ['x1'], 'hidden': [2], 'loss': "
            "'default', 'init': 'he', 'optimizer': 'adam', 'schedule': 'constant', 'learningRate': 0.01, "
            "'l1': 0, 'l2': 0, 'dropout': 0, 'batch': 10, 'seed': 1, 'description': ''}}}}");
        QTest::newRow("compare setup: unknown feature") << QByteArray(setup).replace("[\"x1\"]", "[\"x3\"]")
                                                        << "views.compare.setup.features[0]: unknown feature";
        QTest::newRow("compare setup: dropout")
            << QByteArray(setup).replace("\"dropout\": 0,", "\"dropout\": 0.95,")
            << "views.compare.setup.dropout";
        QTest::newRow("compare setup: no points")
            << QByteArray(setup).replace("[[0, 0, 1]]", "[]") << "views.compare.setup.points.train";
        QTest::newRow("compare setup: missing key")
            << QByteArray(setup).replace("\"batch\": 10, ", "") << "views.compare.setup.batch: missing";
        QTest::newRow("compare setup: squared loss, three classes")
            << QByteArray(setup)
                   .replace("\"loss\": \"default\"", "\"loss\": \"squared\"")
                   .replace("\"classes\": 2", "\"classes\": 3")
            << "views.compare.setup.loss";
        QTest::newRow("compare results: a boundary of the wrong size")
            << json("{'version': 1, 'views': {'compare': {'results': {'activations': ['gelu'], 'epochs': 1, "
                    "'cancelled': false, 'seconds': 1, 'summaries': [{'trainLoss': [[1, 1, 1]], 'testLoss': "
                    "[[1, "
                    "1, 1]], 'testAccuracy': [], 'finalTrainLoss': [1, 1, 1], 'finalTestLoss': [1, 1, 1], "
                    "'finalTestAccuracy': [1, 1, 1], 'divergedRuns': 0, 'warnedRuns': 0}], 'messages': [''], "
                    "'gridSize': 3, 'boundaries': [[1, 2]], 'outputs': [1], 'amplitudes': [], 'robustness': "
                    "[]}}}}")
            << "views.compare.results.boundaries[0]: expected gridSize² values";
        QTest::newRow("compare results: curves of different lengths")
            << json("{'version': 1, 'views': {'compare': {'results': {'activations': ['gelu'], 'epochs': 1, "
                    "'cancelled': false, 'seconds': 1, 'summaries': [{'trainLoss': [[1, 1, 1], [1, 1, 1]], "
                    "'testLoss': [[1, 1, 1]], 'testAccuracy': [], 'finalTrainLoss': [1, 1, 1], "
                    "'finalTestLoss': "
                    "[1, 1, 1], 'finalTestAccuracy': [1, 1, 1], 'divergedRuns': 0, 'warnedRuns': 0}], "
                    "'messages': [''], 'gridSize': 0, 'boundaries': [[]], 'outputs': [1], 'amplitudes': [], "
                    "'robustness': []}}}}")
            << "views.compare.results.summaries[0].trainLoss: expected 1 epochs";
        QTest::newRow("paper results: unknown experiment")
            << json("{'version': 1, 'views': {'paper': {'results': {'experiment': 'imagenet', 'activations': "
                    "['gelu'], 'seeds': 1, 'epochs': 1, 'dropouts': [0], 'learningRates': [0.001], "
                    "'optimizer': "
                    "'adam', 'variants': [], 'amplitudes': [], 'trainImages': 0, 'validationImages': 0, "
                    "'testImages': 0, 'trainSecondsPerEpoch': 0, 'cancelled': false, 'reusedRuns': 0}}}}")
            << "views.paper.results.experiment";
        QTest::newRow("paper results: a classifier without accuracy")
            << json("{'version': 1, 'views': {'paper': {'results': {'experiment': 'digits-classification', "
                    "'activations': ['gelu'], 'seeds': 1, 'epochs': 1, 'dropouts': [0], 'learningRates': "
                    "[0.001], "
                    "'optimizer': 'adam', 'variants': [{'activation': 'gelu', 'dropout': 0, 'learningRate': "
                    "0.001, "
                    "'validationScores': [], 'summary': {'trainLoss': [[1, 1, 1]], 'testLoss': [[1, 1, 1]], "
                    "'testAccuracy': [], 'finalTrainLoss': [1, 1, 1], 'finalTestLoss': [1, 1, 1], "
                    "'finalTestAccuracy': [1, 1, 1], 'divergedRuns': 0, 'warnedRuns': 0}, 'noiseAccuracy': "
                    "[], "
                    "'noiseLogLoss': []}], 'amplitudes': [], 'trainImages': 0, 'validationImages': 0, "
                    "'testImages': 0, 'trainSecondsPerEpoch': 0, 'cancelled': false, 'reusedRuns': 0}}}}")
            << "views.paper.results.variants[0].summary.testAccuracy";
    }
    void badFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString problem = problemOf(bytes);
        QVERIFY2(!problem.isEmpty() && problem.contains(expected),
                 qPrintable(QStringLiteral("got: ") + problem));
    }
};

QTEST_APPLESS_MAIN(TestSavedResults)
#include "tst_savedresults.moc"
