#pragma once
// Images (or any examples as columns) dealt into training, validation and test parts with the same share of
// every class in each part (stratified), from a seed: what the paper's protocols train and choose on. Shared
// by the UCI digits and Fashion-MNIST.

#include "matrix_data.h"
#include "random.h"

#include <vector>

namespace gelulab {

struct ImageSplit {
    FloatMatrix trainX, validationX, testX; // pixels × images
    std::vector<int> trainLabels, validationLabels, testLabels;
};

// Deals the indices 0 … labels.size() − 1 into parts of the given sizes and the rest, each class in
// proportion (its indices shuffled, the rounding remainders carried from class to class so the totals are
// exact). Returns the rest first, then the parts in order, each shuffled so that no part is sorted by class.
// Throws std::invalid_argument for a label outside 0 … classes − 1 or sizes that leave no rest.
std::vector<std::vector<int>> dealStratified(const std::vector<int> &labels, int classes,
                                             const std::vector<int> &sizes, RandomEngine &engine);

// The labels at these indices, in that order.
std::vector<int> labelsAt(const std::vector<int> &labels, const std::vector<int> &index);

// The columns of x (and their labels) at these indices, in that order.
void takeColumns(const FloatMatrix &x, const std::vector<int> &labels, const std::vector<int> &index,
                 FloatMatrix &partX, std::vector<int> &partLabels);

// What a trainer takes: classify, tested on the validation part (to choose a learning rate) or on the test
// part; or reconstruct the images (regression with the inputs as targets).
MatrixData splitClassification(const ImageSplit &split, int classes, bool onValidation);
MatrixData splitAutoencoder(const ImageSplit &split, bool onValidation);

} // namespace gelulab
