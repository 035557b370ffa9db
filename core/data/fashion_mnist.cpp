#include "fashion_mnist.h"

#include "quote.h"

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace gelulab {

namespace {

std::string shape(const IdxArray &a) {
    std::string text;
    for (std::size_t d = 0; d < a.dimensions.size(); ++d)
        text += (d > 0 ? " × " : "") + std::to_string(a.dimensions[d]);
    return text;
}

// The images at these indices as columns (pixels / 255), in blocks of images: each image's bytes are read
// along a cache line while a row of the row-major result is written contiguously (a column at a time would
// stride across the whole matrix for every pixel).
FloatMatrix imageColumns(const ImageSet &set, const std::vector<int> &index) {
    constexpr std::size_t kBlock = 64;
    const auto pixels = std::size_t(set.pixelsPerImage());
    FloatMatrix x(Eigen::Index(pixels), Eigen::Index(index.size()));
    for (std::size_t from = 0; from < index.size(); from += kBlock) {
        const std::size_t to = std::min(index.size(), from + kBlock);
        for (std::size_t p = 0; p < pixels; ++p) {
            float *row = x.row(Eigen::Index(p)).data();
            for (std::size_t i = from; i < to; ++i)
                row[i] = float(set.pixels[std::size_t(index[i]) * pixels + p]) * (1.0f / 255.0f);
        }
    }
    return x;
}

} // namespace

ImageSet imageSet(IdxArray images, const IdxArray &labels, int classes, const std::string &what) {
    const auto fail = [&](const std::string &why) { throw std::invalid_argument(what + ": " + why); };
    if (images.dimensions.size() != 3)
        fail("the images file holds a " + std::to_string(images.dimensions.size()) + "-dimensional array (" +
             shape(images) + "), not images × rows × columns");
    if (labels.dimensions.size() != 1)
        fail("the labels file holds a " + std::to_string(labels.dimensions.size()) + "-dimensional array (" +
             shape(labels) + "), not one label per image");
    if (images.dimensions[0] != labels.dimensions[0])
        fail(std::to_string(images.dimensions[0]) + " images but " + std::to_string(labels.dimensions[0]) +
             " labels");
    if (images.dimensions[1] > 4096 || images.dimensions[2] > 4096)
        fail("images of " + std::to_string(images.dimensions[1]) + " × " +
             std::to_string(images.dimensions[2]) + " pixels are larger than GELU Lab reads (4096 a side)");
    ImageSet set;
    set.rows = int(images.dimensions[1]);
    set.columns = int(images.dimensions[2]);
    set.labels.reserve(labels.values.size());
    for (std::size_t i = 0; i < labels.values.size(); ++i) {
        if (labels.values[i] >= classes)
            fail("label " + std::to_string(labels.values[i]) + " of image " + std::to_string(i + 1) +
                 " is not a class 0 to " + std::to_string(classes - 1));
        set.labels.push_back(labels.values[i]);
    }
    set.pixels = std::move(images.values);
    return set;
}

std::string findIdxFile(const std::string &dir, const std::string &name) {
    std::error_code error;
    for (const std::string &candidate : {name + ".gz", name}) {
        const std::filesystem::path path = std::filesystem::path(dir) / candidate;
        if (std::filesystem::exists(path, error)) return path.string();
    }
    return {};
}

std::string fashionMnistMissing(const std::string &dir) {
    // In the order the loader reads them, so that the first file missing is the one named.
    for (const char *name : kFashionMnistFiles)
        if (findIdxFile(dir, name).empty()) {
            std::string message =
                "Fashion-MNIST is not in " + quoteText(dir) + ": " + name + "(.gz) is missing";
            if (std::filesystem::path(dir) == std::filesystem::path(kFashionMnistDir))
                message += "; install it with: sudo apt install dataset-fashion-mnist";
            return message;
        }
    return {};
}

FashionMnist loadFashionMnist(const std::string &dir) {
    if (const std::string missing = fashionMnistMissing(dir); !missing.empty())
        throw std::runtime_error(missing);
    const auto read = [&](const char *name) { return readIdxFile(findIdxFile(dir, name)); };
    IdxArray trainImages = read(kFashionMnistFiles[0]), trainLabels = read(kFashionMnistFiles[1]);
    IdxArray testImages = read(kFashionMnistFiles[2]), testLabels = read(kFashionMnistFiles[3]);
    FashionMnist data;
    data.train = imageSet(std::move(trainImages), trainLabels, FashionMnist::kClasses,
                          "Fashion-MNIST's training set in " + quoteText(dir));
    data.test = imageSet(std::move(testImages), testLabels, FashionMnist::kClasses,
                         "Fashion-MNIST's test set in " + quoteText(dir));
    if (data.train.rows != data.test.rows || data.train.columns != data.test.columns)
        throw std::invalid_argument(
            "Fashion-MNIST in " + quoteText(dir) + ": training images are " +
            std::to_string(data.train.rows) + " × " + std::to_string(data.train.columns) + ", test images " +
            std::to_string(data.test.rows) + " × " + std::to_string(data.test.columns));
    return data;
}

ImageSplit splitFashionMnist(const FashionMnist &data, int validation, std::uint64_t seed) {
    RandomEngine engine = streamEngine(seed, 12);
    const std::vector<std::vector<int>> parts =
        dealStratified(data.train.labels, FashionMnist::kClasses, {validation}, engine);
    std::vector<int> all(std::size_t(data.test.count()));
    std::iota(all.begin(), all.end(), 0);
    ImageSplit split;
    split.trainX = imageColumns(data.train, parts[0]);
    split.trainLabels = labelsAt(data.train.labels, parts[0]);
    split.validationX = imageColumns(data.train, parts[1]);
    split.validationLabels = labelsAt(data.train.labels, parts[1]);
    split.testX = imageColumns(data.test, all);
    split.testLabels = data.test.labels;
    return split;
}

} // namespace gelulab
