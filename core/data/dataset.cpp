#include "dataset.h"
#include "number_text.h"
#include "quote.h"

#include "matrix_data.h"

#include "random.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <sstream>
#include <stdexcept>

namespace gelulab {
namespace {

constexpr double kPi = std::numbers::pi;

// TensorFlow Playground's normalRandom takes a mean and a *variance*.
double normalWithVariance(RandomEngine &engine, double mean, double variance) {
    return normal(engine, mean, std::sqrt(variance));
}

std::vector<DataPoint> circle(int n, double noise, RandomEngine &r) {
    constexpr double radius = 5.0;
    std::vector<DataPoint> points;
    const auto add = [&](double rMin, double rMax) {
        const double rr = uniform(r, rMin, rMax), angle = uniform(r, 0.0, 2.0 * kPi);
        const double x = rr * std::sin(angle), y = rr * std::cos(angle);
        const double nx = uniform(r, -radius, radius) * noise, ny = uniform(r, -radius, radius) * noise;
        points.push_back({x, y, std::hypot(x + nx, y + ny) < radius * 0.5 ? 1.0 : 0.0});
    };
    for (int i = 0; i < n / 2; ++i)
        add(0.0, radius * 0.5);
    for (int i = n / 2; i < n; ++i)
        add(radius * 0.7, radius);
    return points;
}

std::vector<DataPoint> xorData(int n, double noise, RandomEngine &r) {
    std::vector<DataPoint> points;
    for (int i = 0; i < n; ++i) {
        double x = uniform(r, -5.0, 5.0), y = uniform(r, -5.0, 5.0);
        x += x > 0 ? 0.3 : -0.3;
        y += y > 0 ? 0.3 : -0.3;
        const double nx = uniform(r, -5.0, 5.0) * noise, ny = uniform(r, -5.0, 5.0) * noise;
        points.push_back({x, y, (x + nx) * (y + ny) >= 0 ? 1.0 : 0.0});
    }
    return points;
}

std::vector<DataPoint> gauss(int n, double noise, RandomEngine &r) {
    const double variance = 0.5 + (4.0 - 0.5) * (noise / 0.5);
    std::vector<DataPoint> points;
    for (int i = 0; i < n; ++i) {
        const bool positive = i < n / 2;
        const double c = positive ? 2.0 : -2.0;
        const double x = normalWithVariance(r, c, variance), y = normalWithVariance(r, c, variance);
        points.push_back({x, y, positive ? 1.0 : 0.0});
    }
    return points;
}

// Arms of the spiral: radius 0 → 5 over 1.75 turns, the k-th arm turned by 2πk/arms.
std::vector<DataPoint> spiral(int n, double noise, int arms, RandomEngine &r) {
    std::vector<DataPoint> points;
    const int perArm = n / arms;
    for (int k = 0; k < arms; ++k) {
        const int count = k + 1 == arms ? n - perArm * (arms - 1) : perArm;
        for (int i = 0; i < count; ++i) {
            const double rr = double(i) / count * 5.0;
            const double t = 1.75 * double(i) / count * 2.0 * kPi + 2.0 * kPi * k / arms;
            const double x = rr * std::sin(t) + uniform(r, -1.0, 1.0) * noise;
            const double y = rr * std::cos(t) + uniform(r, -1.0, 1.0) * noise;
            // Two arms: the Playground's labels (the first arm positive).
            points.push_back({x, y, arms == 2 ? (k == 0 ? 1.0 : 0.0) : double(k)});
        }
    }
    return points;
}

// Two interleaved half circles (radius 3), the lower one shifted right and down, centred on the origin.
std::vector<DataPoint> moons(int n, double noise, RandomEngine &r) {
    std::vector<DataPoint> points;
    for (int i = 0; i < n; ++i) {
        const bool upper = i < n / 2;
        const double t = uniform(r, 0.0, kPi);
        double x = upper ? 3.0 * std::cos(t) - 1.5 : 3.0 - 3.0 * std::cos(t) - 1.5;
        double y = upper ? 3.0 * std::sin(t) - 0.75 : 1.5 - 3.0 * std::sin(t) - 0.75;
        x += uniform(r, -5.0, 5.0) * noise;
        y += uniform(r, -5.0, 5.0) * noise;
        points.push_back({x, y, upper ? 1.0 : 0.0});
    }
    return points;
}

// A 4 × 4 board over [−5, 5]², labelled by the parity of the cell of the (noisy) point.
std::vector<DataPoint> checkerboard(int n, double noise, RandomEngine &r) {
    std::vector<DataPoint> points;
    for (int i = 0; i < n; ++i) {
        const double x = uniform(r, -5.0, 5.0), y = uniform(r, -5.0, 5.0);
        const double nx = x + uniform(r, -5.0, 5.0) * noise, ny = y + uniform(r, -5.0, 5.0) * noise;
        const int cx = int(std::floor((nx + 5.0) / 2.5)), cy = int(std::floor((ny + 5.0) / 2.5));
        points.push_back({x, y, ((cx + cy) % 2 + 2) % 2 == 0 ? 1.0 : 0.0});
    }
    return points;
}

// Gaussian clusters on a circle of radius 3.5, one per class, the spread growing with the noise.
std::vector<DataPoint> blobs(int n, double noise, int classes, RandomEngine &r) {
    const double variance = 0.3 + 3.0 * (noise / 0.5);
    std::vector<DataPoint> points;
    for (int i = 0; i < n; ++i) {
        const int k = i * classes / n;
        const double angle = 2.0 * kPi * k / classes + kPi / 2.0;
        points.push_back({normalWithVariance(r, 3.5 * std::cos(angle), variance),
                          normalWithVariance(r, 3.5 * std::sin(angle), variance), double(k)});
    }
    return points;
}

std::vector<DataPoint> plane(int n, double noise, RandomEngine &r) {
    constexpr double radius = 6.0;
    std::vector<DataPoint> points;
    for (int i = 0; i < n; ++i) {
        const double x = uniform(r, -radius, radius), y = uniform(r, -radius, radius);
        const double nx = uniform(r, -radius, radius) * noise, ny = uniform(r, -radius, radius) * noise;
        points.push_back({x, y, (x + nx + y + ny) / 10.0});
    }
    return points;
}

std::vector<DataPoint> multigauss(int n, double noise, RandomEngine &r) {
    constexpr double radius = 6.0;
    constexpr double bumps[6][3] = {{-4, 2.5, 1},   {0, 2.5, -1}, {4, 2.5, 1},
                                    {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
    std::vector<DataPoint> points;
    for (int i = 0; i < n; ++i) {
        const double x = uniform(r, -radius, radius), y = uniform(r, -radius, radius);
        const double px = x + uniform(r, -radius, radius) * noise,
                     py = y + uniform(r, -radius, radius) * noise;
        double label = 0.0;
        for (const auto &b : bumps) {
            // 1 at the centre, falling linearly to 0 at distance 2.
            const double v = b[2] * std::clamp(1.0 - std::hypot(px - b[0], py - b[1]) / 2.0, 0.0, 1.0);
            if (std::abs(v) > std::abs(label)) label = v;
        }
        points.push_back({x, y, label});
    }
    return points;
}

Dataset split(std::vector<DataPoint> points, Problem problem, int classes, double trainRatio,
              RandomEngine &r) {
    shuffle(points, r); // the same order with every standard library (random.h)
    Dataset d;
    d.problem = problem;
    d.classes = problem == Problem::Regression ? 0 : classes;
    const auto nTrain = std::size_t(std::llround(trainRatio * double(points.size())));
    d.train.assign(points.begin(), points.begin() + std::ptrdiff_t(nTrain));
    d.test.assign(points.begin() + std::ptrdiff_t(nTrain), points.end());
    return d;
}

void checkRatio(double trainRatio) {
    if (!(trainRatio > 0.0 && trainRatio < 1.0))
        throw std::invalid_argument("the train ratio must be between 0 and 1 (exclusive)");
}

} // namespace

const std::vector<std::string_view> &datasetIds() {
    static const std::vector<std::string_view> ids{"circle", "xor",          "gauss", "spiral",
                                                   "moons",  "checkerboard", "blobs", "spirals",
                                                   "plane",  "multigauss"};
    return ids;
}

std::optional<Problem> datasetProblem(std::string_view id) {
    if (id == "plane" || id == "multigauss") return Problem::Regression;
    for (std::string_view known : datasetIds())
        if (known == id) return Problem::Classification;
    return std::nullopt;
}

Dataset makeDataset(const DatasetSettings &s) {
    const std::optional<Problem> problem = datasetProblem(s.id);
    if (!problem) throw std::invalid_argument("unknown data set " + quoteText(s.id));
    if (!(s.noise >= 0.0 && s.noise <= 50.0))
        throw std::invalid_argument("the noise must be from 0 to 50 (percent)");
    if (s.points < 2 || s.points > 100'000)
        throw std::invalid_argument("the number of points must be from 2 to 100000");
    checkRatio(s.trainRatio);
    const bool multi = s.id == "blobs" || s.id == "spirals";
    if (multi && (s.classes < 3 || s.classes > 5))
        throw std::invalid_argument("--classes must be from 3 to 5");
    RandomEngine r = streamEngine(s.seed, 0);
    const double noise = s.noise / 100.0;
    std::vector<DataPoint> points;
    if (s.id == "circle")
        points = circle(s.points, noise, r);
    else if (s.id == "xor")
        points = xorData(s.points, noise, r);
    else if (s.id == "gauss")
        points = gauss(s.points, noise, r);
    else if (s.id == "spiral")
        points = spiral(s.points, noise, 2, r);
    else if (s.id == "moons")
        points = moons(s.points, noise, r);
    else if (s.id == "checkerboard")
        points = checkerboard(s.points, noise, r);
    else if (s.id == "blobs")
        points = blobs(s.points, noise, s.classes, r);
    else if (s.id == "spirals")
        points = spiral(s.points, noise, s.classes, r);
    else if (s.id == "plane")
        points = plane(s.points, noise, r);
    else
        points = multigauss(s.points, noise, r);
    return split(std::move(points), *problem, multi ? s.classes : 2, s.trainRatio, r);
}

Dataset parseDatasetCsv(std::string_view text, double trainRatio, std::uint64_t seed) {
    checkRatio(trainRatio);
    std::vector<DataPoint> points;
    std::optional<Problem> problem;
    int lineNumber = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++lineNumber;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) {
            if (start > text.size()) break;
            continue;
        }
        // Every field, an empty last one included ("0,0,0," has four).
        std::vector<std::string> fields;
        for (std::size_t from = 0;;) {
            const std::size_t comma = line.find(',', from);
            std::string field(line.substr(from, comma == std::string_view::npos ? line.npos : comma - from));
            field.erase(0, field.find_first_not_of(" \t"));
            field.erase(field.find_last_not_of(" \t") + 1);
            fields.push_back(std::move(field));
            if (comma == std::string_view::npos) break;
            from = comma + 1;
        }
        const std::string where = "line " + std::to_string(lineNumber) + ": ";
        if (fields.size() != 3)
            throw std::invalid_argument(where + "expected 3 comma-separated fields, found " +
                                        std::to_string(fields.size()));
        if (!problem) {
            if (fields[0] != "x1" || fields[1] != "x2" || (fields[2] != "label" && fields[2] != "target"))
                throw std::invalid_argument(where + "the header must be x1,x2,label or x1,x2,target");
            problem = fields[2] == "label" ? Problem::Classification : Problem::Regression;
            continue;
        }
        double v[3];
        for (int i = 0; i < 3; ++i) {
            const std::string &f = fields[std::size_t(i)];
            const auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v[i]);
            if (const std::string problem = doubleRangeProblem(f); !problem.empty())
                throw std::invalid_argument(where + quoteText(f) + " " + problem);
            if (f.empty())
                throw std::invalid_argument(where + "field " + std::to_string(i + 1) + " is empty");
            if (ec != std::errc() || ptr != f.data() + f.size() || !std::isfinite(v[i]))
                throw std::invalid_argument(where + quoteText(f) + " is not a finite number");
        }
        // The network computes in float and its features include x₁², x₁·x₂: a coordinate beyond √FLT_MAX
        // would overflow there and train to NaN, which would look like a learning rate too high.
        for (int i = 0; i < 2; ++i)
            if (std::abs(v[i]) > kMaxCoordinate)
                throw std::invalid_argument(
                    where + "x" + std::to_string(i + 1) + " = " + fields[std::size_t(i)] +
                    " is too large: the features x², x₁·x₂ of the network overflow float "
                    "beyond ±1.8e19");
        if (std::abs(v[2]) > std::numeric_limits<float>::max())
            throw std::invalid_argument(where + "the target " + fields[2] + " is too large for float");
        if (*problem == Problem::Classification && v[2] != std::floor(v[2]))
            throw std::invalid_argument(where + "a label must be a whole number, not " + fields[2]);
        points.push_back({v[0], v[1], v[2]});
    }
    if (!problem)
        throw std::invalid_argument("the file is empty (expected a header x1,x2,label or x1,x2,target)");
    if (points.size() < 2) throw std::invalid_argument("the file has fewer than 2 points");
    int classes = 0;
    if (*problem == Problem::Classification) {
        std::map<double, int> index;
        for (const DataPoint &p : points)
            index.emplace(p.target, 0);
        if (index.size() < 2 || index.size() > 10)
            throw std::invalid_argument("a classification file needs 2 to 10 distinct labels, found " +
                                        std::to_string(index.size()));
        for (auto &[label, i] : index)
            i = classes++;
        for (DataPoint &p : points)
            p.target = index[p.target];
    }
    RandomEngine r = streamEngine(seed, 0);
    return split(std::move(points), *problem, classes, trainRatio, r);
}

Dataset loadDatasetCsv(const std::string &path, double trainRatio, std::uint64_t seed) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        throw std::runtime_error("cannot read " + path + ": it is a directory");
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error("cannot read " + path);
    std::stringstream contents;
    contents << file.rdbuf();
    try {
        return parseDatasetCsv(contents.str(), trainRatio, seed);
    } catch (const std::invalid_argument &e) {
        throw std::invalid_argument(path + ", " + e.what());
    }
}

void addPoint(Dataset &data, const DataPoint &point, bool toTrain) {
    (toTrain ? data.train : data.test).push_back(point);
}

bool removeNearestPoint(Dataset &data, double x1, double x2, double radius) {
    std::vector<DataPoint> *best = nullptr;
    std::size_t bestIndex = 0;
    double bestDistance = radius;
    for (std::vector<DataPoint> *part : {&data.train, &data.test})
        for (std::size_t i = 0; i < part->size(); ++i) {
            const double d = std::hypot((*part)[i].x1 - x1, (*part)[i].x2 - x2);
            if (d <= bestDistance) {
                bestDistance = d;
                best = part;
                bestIndex = i;
            }
        }
    if (!best) return false;
    best->erase(best->begin() + std::ptrdiff_t(bestIndex));
    return true;
}

std::vector<Feature> parseFeatures(std::string_view list) {
    std::vector<Feature> features;
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t end = list.find(',', start);
        if (end == std::string_view::npos) end = list.size();
        const std::string_view name = list.substr(start, end - start);
        start = end + 1;
        bool found = false;
        for (Feature f : {Feature::X1, Feature::X2, Feature::X1Squared, Feature::X2Squared, Feature::X1X2,
                          Feature::SinX1, Feature::SinX2})
            if (idOf(f) == name) {
                if (std::find(features.begin(), features.end(), f) != features.end())
                    throw std::invalid_argument("feature " + quoteText(std::string(name)) +
                                                " is given twice");
                features.push_back(f);
                found = true;
            }
        if (!found)
            throw std::invalid_argument("unknown feature " + quoteText(name) +
                                        " (x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2)");
        if (end == list.size()) break;
    }
    if (features.empty()) throw std::invalid_argument("at least one feature is needed");
    return features;
}

double featureValue(Feature f, double x1, double x2) {
    switch (f) {
    case Feature::X1:
        return x1;
    case Feature::X2:
        return x2;
    case Feature::X1Squared:
        return x1 * x1;
    case Feature::X2Squared:
        return x2 * x2;
    case Feature::X1X2:
        return x1 * x2;
    case Feature::SinX1:
        return std::sin(x1);
    case Feature::SinX2:
        return std::sin(x2);
    }
    return 0.0;
}

FloatMatrix featureMatrix(const std::vector<Feature> &features, const std::vector<DataPoint> &points) {
    FloatMatrix x(Eigen::Index(features.size()), Eigen::Index(points.size()));
    for (std::size_t i = 0; i < points.size(); ++i)
        for (std::size_t f = 0; f < features.size(); ++f)
            x(Eigen::Index(f), Eigen::Index(i)) =
                float(featureValue(features[f], points[i].x1, points[i].x2));
    return x;
}

double dataExtent(const Dataset &data) {
    double largest = 0.0;
    for (const std::vector<DataPoint> *part : {&data.train, &data.test})
        for (const DataPoint &p : *part)
            if (std::isfinite(p.x1) && std::isfinite(p.x2))
                largest = std::max({largest, std::abs(p.x1), std::abs(p.x2)});
    return largest <= 6.0 ? 6.0 : std::ceil(largest * 1.1);
}

} // namespace gelulab
