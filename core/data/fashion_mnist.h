#pragma once
// Fashion-MNIST (Zalando Research, MIT licence): 60,000 training and 10,000 test images of 28 × 28 grey
// pixels in ten classes of clothing, the size of the paper's MNIST. Debian's dataset-fashion-mnist installs
// its four IDX files, gzip-compressed, in kFashionMnistDir; any folder holding the same four files
// (compressed or not) will do. Read through the IDX reader (idx.h), checked, kept as bytes (47 MB), and dealt
// into the paper's parts as floats in [0, 1] only when an experiment asks.

#include "idx.h"
#include "image_split.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace gelulab {

inline constexpr const char *kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
inline constexpr std::array<const char *, 10> kFashionMnistClasses{
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

// Grey images of one size with their labels.
struct ImageSet {
    int rows = 0;
    int columns = 0;
    std::vector<std::uint8_t> pixels; // image after image, each row-major, 0 (background) … 255
    std::vector<int> labels;          // one per image, 0 … classes − 1
    int count() const { return int(labels.size()); }
    int pixelsPerImage() const { return rows * columns; }
};

struct FashionMnist {
    static constexpr int kClasses = 10;
    ImageSet train, test;
};

// An image set from an IDX array of images (count × rows × columns) and one of labels (count), checked:
// their shapes, equal counts, labels below `classes`. Throws std::invalid_argument naming `what` and the
// problem.
ImageSet imageSet(IdxArray images, const IdxArray &labels, int classes, const std::string &what);

// The file of this base name in dir: NAME.gz, else NAME; empty when neither exists.
std::string findIdxFile(const std::string &dir, const std::string &name);

// The four files, by base name: training images and labels, test images and labels.
inline constexpr std::array<const char *, 4> kFashionMnistFiles{
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

// Why dir cannot be Fashion-MNIST's folder — the first of its files missing, and how to install Debian's
// package when dir is its folder — or an empty string when all four are there (not read: the loader checks
// them).
std::string fashionMnistMissing(const std::string &dir);

// The four files of dir (kFashionMnistFiles, each .gz or plain). Throws std::runtime_error for a missing or
// unreadable file (saying how to install Debian's package when dir is its folder) and std::invalid_argument
// for a bad one, both naming the file; training and test images must have the same size.
FashionMnist loadFashionMnist(const std::string &dir = kFashionMnistDir);

// The paper's split: `validation` training images (stratified, from the seed) held out to choose the learning
// rate, the rest to train, the test images to test; pixels / 255.
ImageSplit splitFashionMnist(const FashionMnist &data, int validation, std::uint64_t seed);

} // namespace gelulab
