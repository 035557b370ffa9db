#pragma once
// How far one activation is from another over a grid: what the error view and `gelu-lab-cli error` report.

#include "activation.h"

#include <span>
#include <string>
#include <vector>

namespace gelulab {

struct ApproximationError {
    double maxAbsError = 0.0;
    double at = 0.0; // where |error| is largest; of a tie between ±x, the positive one
    double rmsError = 0.0;
    double maxRelError = 0.0; // over points where |reference| > 1e-300
    double maxUlpError = 0.0; // |error| in units in the last place of the reference, where it is nonzero
    int points = 0;           // where both are finite: what the figures above are over
    int nonFinitePoints = 0;  // where either is NaN or ±∞, left out; with points = 0 every figure is NaN
};

// n points from `from` to `to`, both included, symmetric to the last bit when from = −to, finite for every
// finite range (±1e308 included). Throws std::invalid_argument for n < 2, from ≥ to or a non-finite bound.
std::vector<double> uniformGrid(double from, double to, int n);
// Its point i (0 ≤ i < n), for a grid walked in pieces; the checks are checkGrid's.
double gridPoint(double from, double to, int n, int i);
void checkGrid(double from, double to, int n);

// Compares f^(order) of approximation and reference over uniformGrid(from, to, n). Points where either is not
// finite are counted (nonFinitePoints) and left out. Throws std::invalid_argument for n < 2, from ≥ to or a
// non-finite bound.
ApproximationError approximationError(const ActivationInstance &approximation,
                                      const ActivationInstance &reference, double from, double to, int n,
                                      int order);

// The same statistics over values already evaluated: a[i] and r[i] at x[i] (the error view plots them too).
// Throws std::invalid_argument when the sizes differ.
ApproximationError approximationError(std::span<const double> x, std::span<const double> approximation,
                                      std::span<const double> reference);

// The statistics as the command line and the error view print them, one per line (six significant digits, the
// location ten), so that both show the same digits.
std::string describe(const ApproximationError &error);

} // namespace gelulab
