// The toy data sets: sizes, splits and labels, the Playground's geometry at zero noise, seeds, CSV reading
// with errors that name the line, features, adding and removing points.
#include "dataset.h"

#include <QTest>

#include <limits>

#include <cmath>
#include <set>

using namespace gelulab;

class TestDataset : public QObject {
    Q_OBJECT
private slots:
    void everyIdSplitsAndLabels();
    void playgroundGeometry();
    void seeds();
    void badSettings();
    void extentShowsEveryPoint();
    void csv();
    void csvErrorsNameTheLine_data();
    void csvErrorsNameTheLine();
    void features();
    void addAndRemove();
};

void TestDataset::everyIdSplitsAndLabels() {
    for (std::string_view id : datasetIds()) {
        DatasetSettings s;
        s.id = std::string(id);
        s.points = 400;
        s.trainRatio = 0.7;
        s.classes = 4;
        s.noise = 10;
        const Dataset d = makeDataset(s);
        QCOMPARE(d.train.size(), std::size_t(280));
        QCOMPARE(d.test.size(), std::size_t(120));
        const bool regression = id == "plane" || id == "multigauss";
        QCOMPARE(d.problem, regression ? Problem::Regression : Problem::Classification);
        QCOMPARE(d.classes, regression ? 0 : (id == "blobs" || id == "spirals" ? 4 : 2));
        std::set<double> labels;
        for (const auto *part : {&d.train, &d.test})
            for (const DataPoint &p : *part) {
                QVERIFY(std::isfinite(p.x1) && std::isfinite(p.x2) && std::abs(p.x1) < 20 &&
                        std::abs(p.x2) < 20);
                if (regression)
                    QVERIFY2(std::abs(p.target) <= 1.3, id.data());
                else
                    labels.insert(p.target);
            }
        if (!regression) QCOMPARE(int(labels.size()), d.classes); // every class present, labels 0 … k − 1
        if (!regression) QCOMPARE(*labels.rbegin(), double(d.classes - 1));
    }
}

// At zero noise the labels follow the Playground's rules exactly.
void TestDataset::playgroundGeometry() {
    DatasetSettings s;
    s.points = 1000;
    s.id = "circle";
    for (const DataPoint &p : makeDataset(s).train) {
        const double r = std::hypot(p.x1, p.x2);
        QVERIFY(r <= 5.0);
        QCOMPARE(p.target, r < 2.5 ? 1.0 : 0.0);
        QVERIFY(r < 2.5 || r >= 3.5);
    }
    s.id = "xor";
    for (const DataPoint &p : makeDataset(s).train) {
        QVERIFY(std::abs(p.x1) >= 0.3 && std::abs(p.x2) >= 0.3 && std::abs(p.x1) <= 5.3);
        QCOMPARE(p.target, p.x1 * p.x2 >= 0 ? 1.0 : 0.0);
    }
    s.id = "spiral";
    double maxRadius = 0.0;
    for (const DataPoint &p : makeDataset(s).train)
        maxRadius = std::max(maxRadius, std::hypot(p.x1, p.x2));
    QVERIFY(maxRadius <= 5.0 && maxRadius > 4.9);
    s.id = "plane";
    for (const DataPoint &p : makeDataset(s).train)
        QVERIFY(std::abs(p.target - (p.x1 + p.x2) / 10.0) < 1e-15);
    s.id = "gauss";
    double sum1 = 0.0;
    int n1 = 0;
    for (const DataPoint &p : makeDataset(s).train)
        if (p.target == 1.0) {
            sum1 += p.x1;
            ++n1;
        }
    QVERIFY(std::abs(sum1 / n1 - 2.0) < 0.2); // centred at (2, 2)
}

void TestDataset::seeds() {
    DatasetSettings s;
    s.id = "spiral";
    s.noise = 20;
    const Dataset a = makeDataset(s), b = makeDataset(s);
    s.seed = 2;
    const Dataset c = makeDataset(s);
    QCOMPARE(a.train.front().x1, b.train.front().x1);
    QCOMPARE(a.test.back().x2, b.test.back().x2);
    QVERIFY(a.train.front().x1 != c.train.front().x1);
}

void TestDataset::badSettings() {
    DatasetSettings s;
    s.id = "donut";
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeDataset(s));
    s.id = "circle";
    s.noise = 60;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeDataset(s));
    s.noise = 0;
    s.trainRatio = 1.0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeDataset(s));
    s.trainRatio = 0.5;
    s.id = "blobs";
    s.classes = 7;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeDataset(s));
}

void TestDataset::csv() {
    const Dataset d = parseDatasetCsv("x1,x2,label\n1,2,-1\n3,4,1\n\n5, 6 ,1\r\n-1,-2,-1\n", 0.5, 1);
    QCOMPARE(d.problem, Problem::Classification);
    QCOMPARE(d.classes, 2);
    QCOMPARE(d.train.size() + d.test.size(), std::size_t(4));
    double ones = 0;
    for (const auto *part : {&d.train, &d.test})
        for (const DataPoint &p : *part) {
            QVERIFY(p.target == 0.0 || p.target == 1.0); // −1/1 became 0/1
            ones += p.target;
            if (p.x1 == 5.0) QCOMPARE(p.x2, 6.0);
        }
    QCOMPARE(ones, 2.0);
    const Dataset r = parseDatasetCsv("x1,x2,target\n0,0,0.5\n1,1,-0.25\n", 0.5, 1);
    QCOMPARE(r.problem, Problem::Regression);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, loadDatasetCsv("/nonexistent/data.csv", 0.5, 1));
    try { // a directory opens as a stream on Linux and reads as empty: say what it is
        loadDatasetCsv(GELULAB_TEST_DATA_DIR, 0.5, 1);
        QFAIL("no error");
    } catch (const std::runtime_error &e) {
        QVERIFY2(std::string(e.what()).ends_with(": it is a directory"), e.what());
    }
    // The largest coordinate allowed still trains in float: x² stays finite.
    QVERIFY(kMaxCoordinate * kMaxCoordinate < double(std::numeric_limits<float>::max()));
    QVERIFY(parseDatasetCsv("x1,x2,label\n1.8e19,0,0\n1,1,1\n", 0.5, 1).train.size() +
                parseDatasetCsv("x1,x2,label\n1.8e19,0,0\n1,1,1\n", 0.5, 1).test.size() ==
            2);
}

void TestDataset::csvErrorsNameTheLine_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("no header") << "1,2,1\n"
                               << "line 1: the header must be";
    QTest::newRow("two fields") << "x1,x2,label\n1,2,1\n3,4\n"
                                << "line 3: expected 3 comma-separated fields, found 2";
    QTest::newRow("not a number") << "x1,x2,label\n1,2,1\n1,abc,0\n"
                                  << "line 3: 'abc' is not a finite number";
    QTest::newRow("nan") << "x1,x2,target\n1,nan,1\n"
                         << "line 2: 'nan' is not a finite number";
    QTest::newRow("fractional label") << "x1,x2,label\n1,2,0.5\n"
                                      << "line 2: a label must be a whole number";
    QTest::newRow("one class") << "x1,x2,label\n1,2,1\n3,4,1\n"
                               << "2 to 10 distinct labels";
    QTest::newRow("empty") << ""
                           << "the file is empty";
    QTest::newRow("trailing comma") << "x1,x2,label\n0,0,0,\n1,1,1\n"
                                    << "line 2: expected 3 comma-separated fields, found 4";
    QTest::newRow("empty field") << "x1,x2,label\n0,,0\n1,1,1\n"
                                 << "line 2: field 2 is empty";
    QTest::newRow("underflow") << "x1,x2,target\n1e-400,0,1\n1,1,1\n"
                               << "line 2: '1e-400' underflows";
    QTest::newRow("overflow") << "x1,x2,target\n1,1e999,1\n1,1,1\n"
                              << "line 2: '1e999' overflows";
    // Finite, but x² overflows float in the network: the data is refused, not trained to NaN.
    QTest::newRow("huge coordinate") << "x1,x2,label\n1e308,0,0\n1,1,1\n"
                                     << "line 2: x1 = 1e308 is too large";
    QTest::newRow("huge target") << "x1,x2,target\n0,0,1e39\n1,1,1\n"
                                 << "line 2: the target 1e39 is too large for float";
}

void TestDataset::csvErrorsNameTheLine() {
    QFETCH(QString, text);
    QFETCH(QString, message);
    try {
        parseDatasetCsv(text.toStdString(), 0.5, 1);
        QFAIL("no error");
    } catch (const std::invalid_argument &e) {
        QVERIFY2(QString(e.what()).contains(message), e.what());
    }
}

void TestDataset::features() {
    const std::vector<Feature> f = parseFeatures("x1,x2,x1sq,sinx2");
    QCOMPARE(f.size(), std::size_t(4));
    QCOMPARE(featureValue(f[2], 3.0, 4.0), 9.0);
    QCOMPARE(featureValue(Feature::X1X2, 3.0, 4.0), 12.0);
    QCOMPARE(featureValue(f[3], 0.0, 1.0), std::sin(1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseFeatures("x1,x3"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseFeatures("x1,x1"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseFeatures(""));
}

void TestDataset::addAndRemove() {
    DatasetSettings s;
    s.points = 10;
    Dataset d = makeDataset(s);
    addPoint(d, {0.25, -0.5, 1.0});
    QCOMPARE(d.train.size(), std::size_t(6));
    QCOMPARE(d.train.back().x2, -0.5);
    QVERIFY(removeNearestPoint(d, 0.3, -0.45, 0.2));
    QCOMPARE(d.train.size(), std::size_t(5));
    QVERIFY(!removeNearestPoint(d, 100.0, 100.0, 0.5));
}

// The frame of the Playground's pictures: ±6 for points within it, else the largest coordinate with a tenth
// to spare, rounded up; test points count, and non-finite ones do not.
void TestDataset::extentShowsEveryPoint() {
    gelulab::Dataset data;
    data.train = {{1.0, -2.0, 0.0}, {5.9, 0.0, 1.0}};
    QCOMPARE(gelulab::dataExtent(data), 6.0);
    data.test = {{0.0, -9.5, 1.0}};
    QCOMPARE(gelulab::dataExtent(data), 11.0); // ⌈9.5 × 1.1⌉ = ⌈10.45⌉
    data.train.push_back({std::numeric_limits<double>::infinity(), 0.0, 0.0});
    QCOMPARE(gelulab::dataExtent(data), 11.0);
    QCOMPARE(gelulab::dataExtent(gelulab::Dataset{}), 6.0);
}

QTEST_APPLESS_MAIN(TestDataset)
#include "tst_dataset.moc"
