#pragma once
// Toy 2-D data sets for the Playground, seeded. The four classification and two regression sets of TensorFlow
// Playground keep its geometry (circle: radius 5, inner disc of radius 2.5 against a ring 3.5–5; xor: the
// quadrants of [−5, 5]² with a 0.3 gap; gauss: two normals at ±(2, 2); spiral: two arms, radius 0 → 5, 1.75
// turns; plane: label (x1 + x2)/10 over [−6, 6]²; multigauss: six signed bumps), and its noise: a percentage
// 0–50 that perturbs the point used to label (circle, xor, plane, multigauss), the spread (gauss) or the
// position (spiral). GELU Lab adds moons, checkerboard, and the multi-class blobs and spirals.

#include "id_table.h"
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gelulab {

enum class Problem { Classification, Regression };

struct DataPoint {
    double x1 = 0.0;
    double x2 = 0.0;
    double target = 0.0; // class index (0, 1, …) for classification, the value for regression
};

struct DatasetSettings {
    std::string id = "circle";
    double noise = 0.0; // percent, 0–50
    int points = 500;   // 2 to 100,000
    double trainRatio = 0.5;
    int classes = 3; // blobs and spirals only: 3 to 5
    std::uint64_t seed = 1;
};

struct Dataset {
    Problem problem = Problem::Classification;
    int classes = 2; // 0 for regression
    std::vector<DataPoint> train;
    std::vector<DataPoint> test;
};

// The built-in ids: circle, xor, gauss, spiral, moons, checkerboard, blobs, spirals, plane, multigauss.
const std::vector<std::string_view> &datasetIds();
std::optional<Problem> datasetProblem(std::string_view id);

// The seeded data set, shuffled and split (the first trainRatio of the points train). Throws
// std::invalid_argument for an unknown id or a setting out of range.
Dataset makeDataset(const DatasetSettings &settings);

// The largest |x₁|, |x₂| a CSV may hold: √FLT_MAX, beyond which the features x², x₁·x₂ overflow float.
inline constexpr double kMaxCoordinate = 1.8e19;

// A data set from CSV text: rows x1,x2,label (classification; labels are whole numbers, remapped to 0, 1, …
// in increasing order; −1/1 become 0/1) or x1,x2,target (regression), chosen by the header's third name; a
// header line is required. Shuffled with the seed and split by trainRatio. Throws std::invalid_argument
// naming the line of the first malformed row (a field that is empty, not a number, out of double's range, or
// a coordinate beyond ±kMaxCoordinate); nothing is returned half-loaded.
Dataset parseDatasetCsv(std::string_view text, double trainRatio, std::uint64_t seed);
// Reads the file, then as parseDatasetCsv; a file that cannot be read is a std::runtime_error.
Dataset loadDatasetCsv(const std::string &path, double trainRatio, std::uint64_t seed);

// The half-width of the square [−e, e]² that shows every point of the data: 6 (the toy sets' frame), or more
// for points beyond it (a loaded file): the largest |x₁| or |x₂| with a tenth to spare, rounded up to a whole
// number.
double dataExtent(const Dataset &data);

// Adds a point to the training (or test) part. Removes the point nearest to (x1, x2) within `radius` from
// either part; returns whether one was removed.
void addPoint(Dataset &data, const DataPoint &point, bool toTrain = true);
bool removeNearestPoint(Dataset &data, double x1, double x2, double radius);

// The Playground's input features.
enum class Feature { X1, X2, X1Squared, X2Squared, X1X2, SinX1, SinX2 };
template<>
struct EnumIds<Feature> {
    static constexpr std::array rows{IdRow{Feature::X1, "x1"},          IdRow{Feature::X2, "x2"},
                                     IdRow{Feature::X1Squared, "x1sq"}, IdRow{Feature::X2Squared, "x2sq"},
                                     IdRow{Feature::X1X2, "x1x2"},      IdRow{Feature::SinX1, "sinx1"},
                                     IdRow{Feature::SinX2, "sinx2"}};
};
// A comma-separated list; throws std::invalid_argument for an unknown or repeated name or an empty list.
std::vector<Feature> parseFeatures(std::string_view list);
double featureValue(Feature f, double x1, double x2);

} // namespace gelulab
