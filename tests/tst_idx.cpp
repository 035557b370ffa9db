// The IDX reader (plain and gzip through zlib) on fixtures the test makes, every way a file can be wrong, and
// Fashion-MNIST: a small set of four files in a temporary folder, and Debian's package where it is installed.
#include "fashion_mnist.h"
#include "idx.h"

#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <stdexcept>

using namespace gelulab;

namespace {

QByteArray bytes(const std::string &s) {
    return QByteArray(s.data(), qsizetype(s.size()));
}

// A gzip stream of `plain` (zlib's deflate with a gzip wrapper, as gzip(1) writes).
std::string gzip(const std::string &plain) {
    z_stream s{};
    if (deflateInit2(&s, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
    std::string out(deflateBound(&s, uLong(plain.size())) + 64, '\0');
    s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(plain.data()));
    s.avail_in = uInt(plain.size());
    s.next_out = reinterpret_cast<Bytef *>(out.data());
    s.avail_out = uInt(out.size());
    deflate(&s, Z_FINISH);
    out.resize(out.size() - s.avail_out);
    deflateEnd(&s);
    return out;
}

std::vector<std::uint8_t> iota(std::size_t n) {
    std::vector<std::uint8_t> v(n);
    std::iota(v.begin(), v.end(), std::uint8_t(0));
    return v;
}

void writeFile(const std::string &path, const std::string &contents) {
    std::ofstream(path, std::ios::binary) << contents;
}

// Images 4 × 3 (up to 256) whose pixels tell image and place apart, labels cycling through the ten classes.
void writeSet(const QString &dir, const std::string &prefix, std::uint32_t count, bool compressed) {
    std::vector<std::uint8_t> pixels, labels;
    for (std::uint32_t i = 0; i < count; ++i) {
        for (int p = 0; p < 12; ++p) // the first pixel numbers the image
            pixels.push_back(std::uint8_t(p == 0 ? i : (i * 12 + std::uint32_t(p)) % 256));
        labels.push_back(std::uint8_t(i % 10));
    }
    const auto write = [&](const std::string &name, const std::string &data) {
        const std::string path = dir.toStdString() + "/" + name + (compressed ? ".gz" : "");
        writeFile(path, compressed ? gzip(data) : data);
    };
    write(prefix + "-images-idx3-ubyte", encodeIdx({count, 4, 3}, pixels));
    write(prefix + "-labels-idx1-ubyte", encodeIdx({count}, labels));
}

// Every fixture both ways: a plain IDX file and its gzip stream.
void compressionRows() {
    QTest::addColumn<bool>("compressed");
    QTest::newRow("plain") << false;
    QTest::newRow("gzip") << true;
}

} // namespace

class TestIdx : public QObject {
    Q_OBJECT
private slots:
    void readsPlainAndCompressed_data() { compressionRows(); }
    void readsPlainAndCompressed() {
        QFETCH(bool, compressed);
        const std::string plain = encodeIdx({3, 2, 4}, iota(24));
        QCOMPARE(plain.size(), std::size_t(4 + 3 * 4 + 24));
        const IdxArray a = decodeIdx(compressed ? gzip(plain) : plain);
        QCOMPARE(a.dimensions, (std::vector<std::uint32_t>{3, 2, 4}));
        QCOMPARE(a.values, iota(24));
        // Big-endian sizes above 255.
        const IdxArray labels =
            decodeIdx(compressed ? gzip(encodeIdx({300}, iota(300))) : encodeIdx({300}, iota(300)));
        QCOMPARE(labels.dimensions, std::vector<std::uint32_t>{300});
        QCOMPARE(labels.values[299], std::uint8_t(299 % 256));
        // A large array inflates in several chunks.
        std::vector<std::uint8_t> big(3'000'000);
        for (std::size_t i = 0; i < big.size(); ++i)
            big[i] = std::uint8_t((i * 7919) % 251);
        const std::string bigFile = encodeIdx({1000, 3000}, big);
        QVERIFY(decodeIdx(compressed ? gzip(bigFile) : bigFile).values == big);
    }

    void badFilesSayWhatIsWrong_data() {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("message");
        const std::string good = encodeIdx({2, 2, 5}, iota(20));
        QTest::newRow("empty") << QByteArray() << "ends inside its header, after 0 bytes";
        QTest::newRow("a zip file") << QByteArray("PK\x03\x04rest", 8) << "starts with the bytes 50 4b 03 04";
        QTest::newRow("floats") << bytes(std::string("\0\0\x0d\x01\0\0\0\x01\0\0\0\0", 12))
                                << "it holds floats (IDX type 0d); GELU Lab reads unsigned bytes";
        QTest::newRow("unknown type") << bytes(std::string("\0\0\x07\x01", 4)) << "type byte 07 is none";
        QTest::newRow("no dimensions") << bytes(std::string("\0\0\x08\0", 4)) << "it has 0 dimensions";
        QTest::newRow("five dimensions") << bytes(std::string("\0\0\x08\x05", 4)) << "it has 5 dimensions";
        QTest::newRow("a dimension 0") << bytes(encodeIdx({3, 0}, {})) << "dimension 2 is 0";
        QTest::newRow("four gigabytes")
            << bytes(encodeIdx({65536, 65536}, {})) << "describes more than 1024 MiB of values";
        QTest::newRow("cut in the header")
            << bytes(good.substr(0, 9)) << "ends inside its header, after 9 bytes";
        QTest::newRow("cut in the values")
            << bytes(good.substr(0, good.size() - 1))
            << "ends after 35 of the 36 bytes its header describes (truncated)";
        QTest::newRow("more than described")
            << bytes(good + "xy") << "2 bytes follow the 36 its header describes";
        const std::string z = gzip(good);
        QTest::newRow("gzip cut short") << bytes(z.substr(0, z.size() / 2)) << "compressed data ends early";
        std::string badCheck = z;
        badCheck[badCheck.size() - 6] = char(badCheck[badCheck.size() - 6] ^ 0x5a); // the CRC-32
        QTest::newRow("gzip check fails")
            << bytes(badCheck) << "compressed data is corrupt (zlib: incorrect data check)";
        std::string badData = z;
        for (std::size_t i = 10; i < 20 && i < badData.size(); ++i)
            badData[i] = char(0xff);
        QTest::newRow("gzip data damaged") << bytes(badData) << "compressed data is corrupt";
        QTest::newRow("gzip bomb") << bytes(gzip(encodeIdx({1}, {7}) + std::string(50'000'000, '\0')))
                                   << "inflates beyond the 9 bytes its header describes";
        QTest::newRow("gzip with trailing bytes")
            << bytes(z + "junk") << "4 bytes follow the end of the compressed data";
        QTest::newRow("gzip of text") << bytes(gzip("hello, world")) << "not an IDX file";
    }
    void badFilesSayWhatIsWrong() {
        QFETCH(QByteArray, file);
        QFETCH(QString, message);
        try {
            decodeIdx(std::string_view(file.constData(), std::size_t(file.size())));
            QFAIL("accepted");
        } catch (const std::invalid_argument &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
    }

    void filesAreNamed() {
        QTemporaryDir dir;
        const std::string bad = dir.filePath(QStringLiteral("bad\x1b[31m.gz")).toStdString();
        writeFile(bad, gzip("not idx"));
        try {
            readIdxFile(bad);
            QFAIL("accepted");
        } catch (const std::invalid_argument &e) {
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.startsWith(QLatin1Char('\'')) &&
                         what.contains(QStringLiteral("bad\\x1b[31m.gz': not an IDX file")),
                     e.what());
        }
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 readIdxFile(dir.filePath(QStringLiteral("none")).toStdString()));
        try {
            readIdxFile(dir.path().toStdString());
            QFAIL("accepted");
        } catch (const std::runtime_error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("it is a directory")), e.what());
        }
    }

    void fashionMnistFixture_data() { compressionRows(); }
    void fashionMnistFixture() {
        QFETCH(bool, compressed);
        QTemporaryDir dir;
        writeSet(dir.path(), "train", 40, compressed);
        writeSet(dir.path(), "t10k", 20, compressed);
        const FashionMnist data = loadFashionMnist(dir.path().toStdString());
        QCOMPARE(data.train.count(), 40);
        QCOMPARE(data.test.count(), 20);
        QCOMPARE(data.train.rows, 4);
        QCOMPARE(data.train.columns, 3);
        QCOMPARE(data.train.pixels[12 * 7 + 5], std::uint8_t(12 * 7 + 5));
        QCOMPARE(data.train.labels[13], 3);
        // 10 of the 40 held out, one per class; pixels / 255 image by image.
        const ImageSplit split = splitFashionMnist(data, 10, 1);
        QCOMPARE(split.trainX.cols(), Eigen::Index(30));
        QCOMPARE(split.validationX.cols(), Eigen::Index(10));
        QCOMPARE(split.testX.cols(), Eigen::Index(20));
        QCOMPARE(split.trainX.rows(), Eigen::Index(12));
        std::vector<int> perClass(10, 0);
        for (int label : split.validationLabels)
            ++perClass[std::size_t(label)];
        QCOMPARE(perClass, std::vector<int>(10, 1));
        QCOMPARE(split.testX(5, 7), float(12 * 7 + 5) / 255.0f);
        QCOMPARE(split.testLabels[7], 7);
        for (Eigen::Index c = 0; c < split.validationX.cols(); ++c) {
            // Each column is one training image: its first pixel names it, and its label follows.
            const int image = int(std::lround(split.validationX(0, c) * 255.0f));
            QCOMPARE(split.validationLabels[std::size_t(c)], image % 10);
        }
        const ImageSplit again = splitFashionMnist(data, 10, 1), other = splitFashionMnist(data, 10, 2);
        QCOMPARE(again.validationLabels, split.validationLabels);
        QVERIFY(again.validationX == split.validationX);
        QVERIFY(other.validationX != split.validationX);
    }

    void fashionMnistProblemsAreNamed() {
        QTemporaryDir dir;
        writeSet(dir.path(), "train", 40, true);
        try {
            loadFashionMnist(dir.path().toStdString());
            QFAIL("accepted");
        } catch (const std::runtime_error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(
                         QStringLiteral("t10k-images-idx3-ubyte(.gz) is missing")),
                     e.what());
            QVERIFY(!QString::fromUtf8(e.what()).contains(QStringLiteral("apt"))); // not Debian's folder
        }
        const IdxArray images = decodeIdx(encodeIdx({3, 2, 2}, iota(12)));
        const auto problem = [](const IdxArray &i, const IdxArray &l) {
            try {
                imageSet(i, l, 10, "set");
            } catch (const std::invalid_argument &e) {
                return QString::fromUtf8(e.what());
            }
            return QString();
        };
        QCOMPARE(problem(images, decodeIdx(encodeIdx({2}, {1, 2}))),
                 QStringLiteral("set: 3 images but 2 labels"));
        QCOMPARE(problem(images, decodeIdx(encodeIdx({3}, {1, 10, 2}))),
                 QStringLiteral("set: label 10 of image 2 is not a class 0 to 9"));
        QVERIFY(problem(decodeIdx(encodeIdx({12}, iota(12))), decodeIdx(encodeIdx({12}, iota(12))))
                    .contains(QStringLiteral("1-dimensional array (12), not images × rows × columns")));
        QVERIFY(problem(images, images).contains(QStringLiteral("not one label per image")));
        QVERIFY(problem(images, decodeIdx(encodeIdx({3}, {1, 2, 3}))).isEmpty());
    }

    // Debian's dataset-fashion-mnist: 60,000 + 10,000 images of 28 × 28, 6,000 + 1,000 of each class; the
    // paper's split holds out 500 of each.
    void debiansFashionMnist() {
        if (findIdxFile(kFashionMnistDir, "train-images-idx3-ubyte").empty())
            QSKIP("Fashion-MNIST is not installed here (sudo apt install dataset-fashion-mnist)");
        const FashionMnist data = loadFashionMnist();
        QCOMPARE(data.train.count(), 60000);
        QCOMPARE(data.test.count(), 10000);
        QCOMPARE(data.train.rows, 28);
        QCOMPARE(data.train.columns, 28);
        std::vector<int> train(10, 0), test(10, 0);
        for (int label : data.train.labels)
            ++train[std::size_t(label)];
        for (int label : data.test.labels)
            ++test[std::size_t(label)];
        QCOMPARE(train, std::vector<int>(10, 6000));
        QCOMPARE(test, std::vector<int>(10, 1000));
        const ImageSplit split = splitFashionMnist(data, 5000, 1);
        QCOMPARE(split.trainX.cols(), Eigen::Index(55000));
        QCOMPARE(split.validationX.cols(), Eigen::Index(5000));
        std::vector<int> held(10, 0);
        for (int label : split.validationLabels)
            ++held[std::size_t(label)];
        QCOMPARE(held, std::vector<int>(10, 500));
        QVERIFY(split.trainX.minCoeff() >= 0.0f && split.trainX.maxCoeff() <= 1.0f);
        QCOMPARE(split.trainX.maxCoeff(), 1.0f);
    }
};

QTEST_APPLESS_MAIN(TestIdx)
#include "tst_idx.moc"
