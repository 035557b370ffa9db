#pragma once
// Examples as matrix columns, for inputs of any width (the digits, IDX images): what a trainer takes besides
// the Playground's 2-D points.

#include "dataset.h"

#include <Eigen/Core>

#include <vector>

namespace gelulab {

// Row-major: each unit's (or pixel's) values over the examples are contiguous; the network's float matrix.
using FloatMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// The features of 2-D points as a network sees them: one row per feature, one column per point.
FloatMatrix featureMatrix(const std::vector<Feature> &features, const std::vector<DataPoint> &points);

// The inputs, and labels to classify or target columns to regress (an autoencoder's targets are its inputs).
struct MatrixData {
    Problem problem = Problem::Classification;
    int classes = 0;                          // classification: labels are 0 … classes − 1
    FloatMatrix trainX, testX;                // inputs × examples
    std::vector<int> trainLabels, testLabels; // classification
    FloatMatrix trainTargets, testTargets;    // regression: outputs × examples
};

} // namespace gelulab
