#include "training_examples.h"

#include <stdexcept>

namespace gelulab {

std::shared_ptr<const TrainingExamples> prepareExamples(MatrixData data) {
    const bool classify = data.problem == Problem::Classification;
    if (data.trainX.cols() == 0) throw std::invalid_argument("there are no training examples");
    if (data.testX.rows() != data.trainX.rows() && data.testX.cols() > 0)
        throw std::invalid_argument("training and test inputs differ in width");
    if (classify) {
        if (data.classes < 2) throw std::invalid_argument("classification needs two classes or more");
        if (data.trainLabels.size() != std::size_t(data.trainX.cols()) ||
            data.testLabels.size() != std::size_t(data.testX.cols()))
            throw std::invalid_argument("one label per example is needed");
        for (const auto *labels : {&data.trainLabels, &data.testLabels})
            for (int label : *labels)
                if (label < 0 || label >= data.classes)
                    throw std::invalid_argument("a label is outside 0 … classes − 1");
    } else if (data.trainTargets.cols() != data.trainX.cols() ||
               data.testTargets.cols() != data.testX.cols() || data.trainTargets.rows() < 1 ||
               data.testTargets.rows() != data.trainTargets.rows()) {
        throw std::invalid_argument("one target column per example is needed");
    }
    auto examples = std::make_shared<TrainingExamples>();
    examples->problem = data.problem;
    examples->classes = classify ? data.classes : 0;
    examples->trainRows = data.trainX.transpose();
    data.trainX = FloatMatrix(); // the inputs once, not twice, at the peak
    if (!classify) {
        examples->trainTargetRows = data.trainTargets.transpose();
        data.trainTargets = FloatMatrix();
    }
    examples->testX = std::move(data.testX);
    examples->testTargets = std::move(data.testTargets);
    examples->trainLabels = std::move(data.trainLabels);
    examples->testLabels = std::move(data.testLabels);
    return examples;
}

} // namespace gelulab
