#pragma once
// Summaries over seeds: quantiles and quartiles of the finite values.

#include <limits>
#include <vector>

namespace gelulab {

// The q-quantile (0 ≤ q ≤ 1, linear interpolation between order statistics) of the finite values; NaN
// when none is finite.
double quantile(std::vector<double> values, double q);

struct Quartiles {
    double q1 = std::numeric_limits<double>::quiet_NaN();
    double median = std::numeric_limits<double>::quiet_NaN();
    double q3 = std::numeric_limits<double>::quiet_NaN();
};
Quartiles quartiles(const std::vector<double> &values);
// The error rate 1 − accuracy of accuracy quartiles (which swaps the first and third).
Quartiles errorQuartiles(const Quartiles &accuracy);

} // namespace gelulab
