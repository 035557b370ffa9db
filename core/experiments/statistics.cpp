#include "statistics.h"

#include <algorithm>
#include <cmath>

namespace gelulab {

double quantile(std::vector<double> values, double q) {
    std::erase_if(values, [](double x) { return !std::isfinite(x); });
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(values.begin(), values.end());
    const double position = std::clamp(q, 0.0, 1.0) * double(values.size() - 1);
    const auto low = std::size_t(position);
    const std::size_t high = std::min(low + 1, values.size() - 1);
    return values[low] + (values[high] - values[low]) * (position - double(low));
}

Quartiles quartiles(const std::vector<double> &values) {
    return {quantile(values, 0.25), quantile(values, 0.5), quantile(values, 0.75)};
}

Quartiles errorQuartiles(const Quartiles &accuracy) {
    return {1.0 - accuracy.q3, 1.0 - accuracy.median, 1.0 - accuracy.q1};
}

} // namespace gelulab
