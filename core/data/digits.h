#pragma once
// The UCI handwritten digits (resources/digits/): 8×8 images of 16 grey levels, ten classes. Parsed from
// the CSV text, scaled to [0, 1], and split into train, validation and test parts with the same share of
// every digit in each part (stratified), from a seed.

#include "image_split.h"

#include <cstdint>
#include <string_view>

namespace gelulab {

struct Digits {
    static constexpr int kPixels = 64;
    static constexpr int kClasses = 10;
    FloatMatrix x; // kPixels × images, pixel / 16
    std::vector<int> labels;
};

// Lines of 64 integers 0 … 16 and a label 0 … 9, comma-separated. Throws std::invalid_argument naming the
// line of the first malformed one.
Digits parseDigitsCsv(std::string_view text);

using DigitsSplit = ImageSplit;

// Stratified: each digit's images are shuffled with the seed and dealt to the parts in proportion, so every
// part holds about the same share of each digit. Throws std::invalid_argument when the counts do not fit.
DigitsSplit splitDigits(const Digits &digits, int validation, int test, std::uint64_t seed);

// What a trainer takes: classify the digits, tested on the validation part (to choose a learning rate) or
// on the test part.
MatrixData digitsClassification(const DigitsSplit &split, bool onValidation);
// Reconstruct the images (regression with the inputs as targets).
MatrixData digitsAutoencoder(const DigitsSplit &split, bool onValidation);

} // namespace gelulab
