#pragma once
// The examples a trainer reads, prepared once and shared read only by every trainer that trains on them (the
// paper's runs share one copy of 55,000 images instead of one each). The training inputs and regression
// targets are kept one example per row, so that a mini-batch gathers contiguous rows: in the network's layout
// (one example per column) every input of every example in a batch is a cache miss of its own, which was
// half the training pass on Fashion-MNIST. docs/ARCHITECTURE.md, "nn".

#include "matrix_data.h"

#include <memory>
#include <vector>

namespace gelulab {

struct TrainingExamples {
    Problem problem = Problem::Classification;
    int classes = 0;                          // classification: labels are 0 … classes − 1
    FloatMatrix trainRows;                    // examples × inputs
    FloatMatrix trainTargetRows;              // regression: examples × outputs (classification: empty)
    FloatMatrix testX;                        // inputs × examples, as the network evaluates them
    FloatMatrix testTargets;                  // regression: outputs × examples
    std::vector<int> trainLabels, testLabels; // classification

    int inputs() const { return int(trainRows.cols()); }
    int trainCount() const { return int(trainRows.rows()); }
};

// Checks matrix data and prepares it; throws std::invalid_argument naming the problem (no training examples,
// inputs of different widths, a missing or out-of-range label, targets that do not match the examples).
std::shared_ptr<const TrainingExamples> prepareExamples(MatrixData data);

} // namespace gelulab
