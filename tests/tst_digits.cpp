// The UCI digits: the built-in copy's shape and class counts, malformed lines named, and the stratified,
// seeded split.
#include "digits.h"

#include <QFile>
#include <QTest>

#include <set>

using namespace gelulab;

namespace {

std::string readDigitsFile() {
    QFile file(QStringLiteral(GELULAB_RESOURCE_DIR "/digits/digits.csv"));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return file.readAll().toStdString();
}

std::vector<int> counts(const std::vector<int> &labels) {
    std::vector<int> c(Digits::kClasses, 0);
    for (int l : labels)
        ++c[std::size_t(l)];
    return c;
}

} // namespace

class TestDigits : public QObject {
    Q_OBJECT
private slots:
    void shapeAndClassCounts();
    void malformedLinesNamed_data();
    void malformedLinesNamed();
    void splitIsStratifiedAndSeeded();
    void matrixDataForTheTrainer();
};

void TestDigits::shapeAndClassCounts() {
    const std::string text = readDigitsFile();
    QVERIFY(!text.empty());
    const Digits d = parseDigitsCsv(text);
    QCOMPARE(d.x.rows(), Eigen::Index(64));
    QCOMPARE(d.x.cols(), Eigen::Index(1797));
    QCOMPARE(d.labels.size(), std::size_t(1797));
    // The documented class counts (sklearn's load_digits: 178, 182, 177, 183, 181, 182, 181, 179, 174, 180).
    QCOMPARE(counts(d.labels), (std::vector<int>{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}));
    // Pixels from 0 to 16, scaled to [0, 1] (a loop: GCC 12 warns falsely inside Eigen's AVX-512 min/max).
    float low = 1.0f, high = 0.0f;
    for (Eigen::Index i = 0; i < d.x.size(); ++i) {
        low = std::min(low, d.x.data()[i]);
        high = std::max(high, d.x.data()[i]);
    }
    QCOMPARE(low, 0.0f);
    QCOMPARE(high, 1.0f);
    // The first image, a 0: its top row is 0,0,5,13,9,1,0,0 (scaled by 1/16), its label 0.
    QCOMPARE(d.labels[0], 0);
    QCOMPARE(d.x(2, 0), 5.0f / 16.0f);
    QCOMPARE(d.x(3, 0), 13.0f / 16.0f);
    QCOMPARE(d.x(63, 1796), 0.0f);
}

void TestDigits::malformedLinesNamed_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    const QString good = QStringLiteral("0,").repeated(64) + QStringLiteral("3\n");
    QTest::newRow("too few fields") << good + QStringLiteral("1,2,3\n")
                                    << "digits line 2: 65 fields expected";
    QTest::newRow("pixel above 16") << QStringLiteral("17,") + QStringLiteral("0,").repeated(63) + "1\n"
                                    << "digits line 1: a pixel must be from 0 to 16";
    QTest::newRow("label 10") << good + good + QStringLiteral("0,").repeated(64) + "10\n"
                              << "digits line 3: the label must be a digit";
    QTest::newRow("not a number") << QStringLiteral("x,") + QStringLiteral("0,").repeated(63) + "1\n"
                                  << "digits line 1: field 1 is not a whole number";
    QTest::newRow("too many fields") << QStringLiteral("0,").repeated(65) + "1\n"
                                     << "more than 65 fields";
    QTest::newRow("empty") << QStringLiteral("\n\n") << "holds no images";
}

void TestDigits::malformedLinesNamed() {
    QFETCH(QString, text);
    QFETCH(QString, message);
    try {
        parseDigitsCsv(text.toStdString());
        QFAIL("accepted");
    } catch (const std::invalid_argument &e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(message), e.what());
    }
}

void TestDigits::splitIsStratifiedAndSeeded() {
    const Digits d = parseDigitsCsv(readDigitsFile());
    const DigitsSplit a = splitDigits(d, 297, 300, 1);
    QCOMPARE(a.trainX.cols(), Eigen::Index(1200));
    QCOMPARE(a.validationX.cols(), Eigen::Index(297));
    QCOMPARE(a.testX.cols(), Eigen::Index(300));
    // Every digit's share in each part within the rounding of its share of the whole (the training part
    // takes what the other two rounded away: less than two images).
    const std::vector<int> all = counts(d.labels);
    for (const auto &[labels, size] : {std::pair{&a.trainLabels, 1200}, std::pair{&a.validationLabels, 297},
                                       std::pair{&a.testLabels, 300}}) {
        const std::vector<int> c = counts(*labels);
        for (int k = 0; k < Digits::kClasses; ++k)
            QVERIFY2(
                std::abs(c[std::size_t(k)] - double(all[std::size_t(k)]) * size / 1797.0) < 2.0,
                qPrintable(QStringLiteral("digit %1: %2 of %3").arg(k).arg(c[std::size_t(k)]).arg(size)));
    }
    // No image in two parts: the pixel columns of the three parts together are the data set's.
    std::multiset<std::vector<float>> seen, expected;
    for (const auto *x : {&a.trainX, &a.validationX, &a.testX})
        for (Eigen::Index c = 0; c < x->cols(); ++c) {
            std::vector<float> column(64);
            for (Eigen::Index r = 0; r < 64; ++r)
                column[std::size_t(r)] = (*x)(r, c);
            seen.insert(column);
        }
    for (Eigen::Index c = 0; c < d.x.cols(); ++c) {
        std::vector<float> column(64);
        for (Eigen::Index r = 0; r < 64; ++r)
            column[std::size_t(r)] = d.x(r, c);
        expected.insert(column);
    }
    QVERIFY(seen == expected);
    // Seeded: the same seed, the same split; another seed, another.
    const DigitsSplit b = splitDigits(d, 297, 300, 1), c = splitDigits(d, 297, 300, 2);
    QVERIFY(a.testLabels == b.testLabels && a.testX == b.testX);
    QVERIFY(a.testLabels != c.testLabels);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, splitDigits(d, 1000, 797, 1));
}

void TestDigits::matrixDataForTheTrainer() {
    const DigitsSplit s = splitDigits(parseDigitsCsv(readDigitsFile()), 297, 300, 1);
    const MatrixData v = digitsClassification(s, true);
    QCOMPARE(v.classes, 10);
    QCOMPARE(v.testX.cols(), Eigen::Index(297));
    QVERIFY(v.testLabels == s.validationLabels);
    const MatrixData t = digitsClassification(s, false);
    QVERIFY(t.testLabels == s.testLabels);
    const MatrixData a = digitsAutoencoder(s, false);
    QVERIFY(a.problem == Problem::Regression);
    QVERIFY(a.trainTargets == a.trainX && a.testTargets == s.testX);
}

QTEST_APPLESS_MAIN(TestDigits)
#include "tst_digits.moc"
