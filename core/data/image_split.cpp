#include "image_split.h"

#include <stdexcept>
#include <string>

namespace gelulab {

std::vector<std::vector<int>> dealStratified(const std::vector<int> &labels, int classes,
                                             const std::vector<int> &sizes, RandomEngine &engine) {
    const auto n = labels.size();
    long long dealt = 0;
    for (int size : sizes) {
        if (size < 0) throw std::invalid_argument("a part cannot have a negative size");
        dealt += size;
    }
    if (dealt >= (long long)n)
        throw std::invalid_argument("the validation and test parts must leave training images");
    std::vector<std::vector<int>> byClass(std::size_t(std::max(classes, 0)));
    for (std::size_t i = 0; i < n; ++i) {
        if (labels[i] < 0 || labels[i] >= classes)
            throw std::invalid_argument("label " + std::to_string(labels[i]) + " is outside 0 to " +
                                        std::to_string(classes - 1));
        byClass[std::size_t(labels[i])].push_back(int(i));
    }
    std::vector<std::vector<int>> parts(sizes.size() + 1); // the rest, then the parts
    std::vector<double> debt(sizes.size(), 0.0);
    for (std::vector<int> &members : byClass) {
        shuffle(members, engine);
        std::size_t from = 0;
        for (std::size_t p = 0; p < sizes.size(); ++p) {
            debt[p] += double(members.size()) * sizes[p] / double(n);
            const auto take = std::min(std::size_t(debt[p] + 0.5), members.size() - from);
            debt[p] -= double(take);
            parts[p + 1].insert(parts[p + 1].end(), members.begin() + std::ptrdiff_t(from),
                                members.begin() + std::ptrdiff_t(from + take));
            from += take;
        }
        parts[0].insert(parts[0].end(), members.begin() + std::ptrdiff_t(from), members.end());
    }
    for (std::vector<int> &part : parts)
        shuffle(part, engine);
    return parts;
}

std::vector<int> labelsAt(const std::vector<int> &labels, const std::vector<int> &index) {
    std::vector<int> part;
    part.reserve(index.size());
    for (int i : index)
        part.push_back(labels[std::size_t(i)]);
    return part;
}

void takeColumns(const FloatMatrix &x, const std::vector<int> &labels, const std::vector<int> &index,
                 FloatMatrix &partX, std::vector<int> &partLabels) {
    partX.resize(x.rows(), Eigen::Index(index.size()));
    for (std::size_t i = 0; i < index.size(); ++i)
        partX.col(Eigen::Index(i)) = x.col(index[i]);
    partLabels = labelsAt(labels, index);
}

MatrixData splitClassification(const ImageSplit &split, int classes, bool onValidation) {
    MatrixData data;
    data.problem = Problem::Classification;
    data.classes = classes;
    data.trainX = split.trainX;
    data.trainLabels = split.trainLabels;
    data.testX = onValidation ? split.validationX : split.testX;
    data.testLabels = onValidation ? split.validationLabels : split.testLabels;
    return data;
}

MatrixData splitAutoencoder(const ImageSplit &split, bool onValidation) {
    MatrixData data;
    data.problem = Problem::Regression;
    data.trainX = split.trainX;
    data.trainTargets = split.trainX;
    data.testX = onValidation ? split.validationX : split.testX;
    data.testTargets = data.testX;
    return data;
}

} // namespace gelulab
