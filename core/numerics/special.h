#pragma once
// Special functions of the standard normal distribution, accurate over all doubles.
//
// The Gaussian quantities behind GELU are evaluated from erfc and exp with the argument carried as a
// double-double (hi + lo), because rounding x/√2 or x² to one double is amplified about x² times in the far
// tail: at x = −37 a plain erfc(−x/√2) is ~1,700 ulp off. Deep in the tail (z ≤ −10) Φ is computed as
// φ(z)·M(−z) with M the Mills ratio, and φ is one exponential while that is a normal double (|z| ≤ 37.6),
// else assembled from two or four parts, so that a result that is a normal double never passes through a
// subnormal intermediate.

namespace gelulab::special {

// An unevaluated sum hi + lo with |lo| ≤ ulp(hi)/2.
struct DoubleDouble {
    double hi = 0.0;
    double lo = 0.0;
};

// Exact product a·b as hi + lo (error-free transformation through fma).
DoubleDouble twoProduct(double a, double b);
// Exact sum a + b as hi + lo.
DoubleDouble twoSum(double a, double b);

// Standard normal density φ(x) = exp(−x²/2)/√(2π).
double normalPdf(double x);
// Standard normal CDF Φ(x) = erfc(−x/√2)/2, accurate in both tails.
double normalCdf(double x);

// c·φ(z) for z = z.hi + z.lo, computed without intermediate underflow or overflow wherever the result is
// representable (for |c| up to ~1e300).
double scaledNormalPdf(double c, DoubleDouble z);
// Φ(z) for z = z.hi + z.lo.
double normalCdf(DoubleDouble z);
// Mills ratio M(t) = Φ(−t)/φ(t) for t ≥ 10, by its continued fraction 1/(t + 1/(t + 2/(t + 3/(t + …)))).
double millsRatio(double t);
// That fraction's denominator, 1/M(t): x·M(t) as x/millsDenominator(t) rounds once instead of twice.
double millsDenominator(double t);

// Below this z, Φ(z) is evaluated as φ(z)·M(−z) (see normalCdf).
inline constexpr double kMillsThreshold = -10.0;

} // namespace gelulab::special
