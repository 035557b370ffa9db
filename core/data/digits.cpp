#include "digits.h"

#include "random.h"

#include <charconv>
#include <stdexcept>
#include <string>

namespace gelulab {

Digits parseDigitsCsv(std::string_view text) {
    std::vector<float> pixels;
    Digits digits;
    int lineNumber = 0;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        ++lineNumber;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        const auto fail = [&](const std::string &why) {
            throw std::invalid_argument("digits line " + std::to_string(lineNumber) + ": " + why);
        };
        int field = 0;
        const char *p = line.data(), *last = line.data() + line.size();
        while (true) {
            int value = 0;
            const auto [next, error] = std::from_chars(p, last, value);
            if (error != std::errc()) fail("field " + std::to_string(field + 1) + " is not a whole number");
            if (field < Digits::kPixels) {
                if (value < 0 || value > 16) fail("a pixel must be from 0 to 16");
                pixels.push_back(float(value) / 16.0f);
            } else if (field == Digits::kPixels) {
                if (value < 0 || value >= Digits::kClasses) fail("the label must be a digit 0 to 9");
                digits.labels.push_back(value);
            } else {
                fail("more than 65 fields");
            }
            ++field;
            p = next;
            if (p == last) break;
            if (*p != ',') fail("fields must be separated by commas");
            ++p;
        }
        if (field != Digits::kPixels + 1)
            fail("65 fields expected (64 pixels and the label), found " + std::to_string(field));
    }
    if (digits.labels.empty()) throw std::invalid_argument("the digits file holds no images");
    const auto n = Eigen::Index(digits.labels.size());
    // Read image by image (column-major), stored pixel by pixel (row-major).
    digits.x = Eigen::Map<const Eigen::Matrix<float, Digits::kPixels, Eigen::Dynamic, Eigen::ColMajor>>(
        pixels.data(), Digits::kPixels, n);
    return digits;
}

DigitsSplit splitDigits(const Digits &digits, int validation, int test, std::uint64_t seed) {
    const int n = int(digits.labels.size());
    if (validation < 0 || test < 1 || validation + test >= n)
        throw std::invalid_argument("the validation and test parts must leave training images");
    RandomEngine engine = streamEngine(seed, 11);
    const std::vector<std::vector<int>> parts =
        dealStratified(digits.labels, Digits::kClasses, {validation, test}, engine);
    DigitsSplit split;
    takeColumns(digits.x, digits.labels, parts[0], split.trainX, split.trainLabels);
    takeColumns(digits.x, digits.labels, parts[1], split.validationX, split.validationLabels);
    takeColumns(digits.x, digits.labels, parts[2], split.testX, split.testLabels);
    return split;
}

MatrixData digitsClassification(const DigitsSplit &split, bool onValidation) {
    return splitClassification(split, Digits::kClasses, onValidation);
}

MatrixData digitsAutoencoder(const DigitsSplit &split, bool onValidation) {
    return splitAutoencoder(split, onValidation);
}

} // namespace gelulab
