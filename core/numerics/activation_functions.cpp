#include "activation_functions.h"

#include "special.h"
#include "tanh_series.h"

#include <array>
#include <cmath>
#include <limits>

namespace gelulab::fn {
namespace {

using special::DoubleDouble;

constexpr double kInvPi = 0.3183098861837907;
constexpr double kSqrt2OverPi = 0.7978845608028654;
constexpr double kGeluTanhCubic = 0.044715;
constexpr double kGeluSigmoidScale = 1.702;
constexpr double kSeluLambda = 1.0507009873554804934;
constexpr double kSeluAlpha = 1.6732632423543772848;

// Picks f, f′ or f″ from the three values of a piecewise-linear or otherwise simple function.
constexpr double pick(int order, double f, double d1, double d2) {
    return order == 0 ? f : (order == 1 ? d1 : d2);
}

// σ(z)·σ(−z) = e/(1 + e)² with e = exp(−|z|): the logistic density, with no 1 − σ.
double logisticProduct(double z) {
    const double e = std::exp(-std::abs(z));
    const double s = 1.0 / (1.0 + e);
    return e * s * s;
}

// x·σ(k·x) and its derivatives (silu: k = 1; gelu_sigmoid: k = 1.702).
//   f′ = σ(kx)(1 + kx·σ(−kx)),  f″ = k·σ(kx)σ(−kx)(2 − kx·tanh(kx/2)).
double scaledSilu(double x, int order, double k) {
    if (std::isnan(x)) return x;
    const double z = k * x;
    if (std::abs(z) > 800.0) // σ is 0 or 1 to the last bit; keep inf·0 out of the formulas
        return z > 0 ? pick(order, x, 1.0, 0.0) : pick(order, -0.0, -0.0, 0.0);
    switch (order) {
    case 0:
        return x * logistic(z);
    case 1:
        return logistic(z) * (1.0 + z * logistic(-z));
    default:
        return k * logisticProduct(z) * (2.0 - z * std::tanh(0.5 * z));
    }
}

// x − tanh(x) for |x| < 0.6 from the series −Σ c[2n+1]·x^(2n+1), n ≥ 1: terms shrink by ≥ 0.146 per step,
// so 26 terms reach 1e-20 relative.
double tanhshrinkSeries(double x) {
    const double w = x * x;
    double sum = 0.0;
    for (int n = 26; n >= 1; --n)
        sum = sum * w - kTanhCoefficients[static_cast<std::size_t>(2 * n + 1)];
    return x * w * sum;
}

// atan(z) − z/(1 + z²) for 0 ≤ z ≤ 0.5: Σ_{k≥1} (−1)^(k+1)·(2k/(2k + 1))·z^(2k+1), exactly the cancellation
// that f′ of gelu_cauchy suffers for x ≤ −2 (z = 1/|x|).
double atanMinusRational(double z) {
    const double w = z * z;
    double sum = 0.0;
    for (int k = 30; k >= 1; --k) {
        const double coefficient = (k % 2 == 1 ? 2.0 * k : -2.0 * k) / (2.0 * k + 1.0);
        sum = sum * w + coefficient;
    }
    return z * w * sum;
}

} // namespace

double logistic(double z) {
    if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1.0 + e);
}

double geluGeneral(double x, int order, const double *params) {
    const double mu = params[0];
    const double sigma = params[1];
    if (std::isnan(x)) return x;
    if (sigma == 0.0) // the step x·[x > μ]
        return x > mu ? pick(order, x, 1.0, 0.0) : pick(order, 0.0, 0.0, 0.0);
    // z = (x − μ)/σ as a double-double: the difference is exact, the quotient gets its remainder.
    const DoubleDouble d = special::twoSum(x, -mu);
    DoubleDouble z{d.hi / sigma, 0.0};
    if (std::abs(z.hi) > 80.0 || std::isinf(x)) {
        // φ(z) < 1e-1390: the gate is exactly 0 or 1 even after scaling by x/σ ≤ 1.8e308.
        if (z.hi > 0) return pick(order, x, 1.0, 0.0);
        return pick(order, std::copysign(0.0, x), 0.0, 0.0);
    }
    z.lo = (std::fma(-z.hi, sigma, d.hi) + d.lo) / sigma;
    const double xOverSigma = x / sigma;
    switch (order) {
    case 0:
        if (z.hi < special::kMillsThreshold)
            return special::scaledNormalPdf(x / special::millsDenominator(-z.hi), z);
        return x * special::normalCdf(z);
    case 1:
        if (z.hi < special::kMillsThreshold)
            return special::scaledNormalPdf(special::millsRatio(-z.hi) + xOverSigma, z);
        return special::normalCdf(z) + special::scaledNormalPdf(xOverSigma, z);
    default: {
        // 2 − x·z/σ with x·z carried as a double-double: for σ = 1, μ = 0 this is 2 − x² exactly rounded
        // once, which keeps f″ accurate next to its zeros at ±√2.
        DoubleDouble p = special::twoProduct(x, z.hi);
        p.lo += x * z.lo;
        const double q1 = p.hi / sigma;
        const double q2 = (std::fma(-q1, sigma, p.hi) + p.lo) / sigma;
        return special::scaledNormalPdf(((2.0 - q1) - q2) / sigma, z);
    }
    }
}

double gelu(double x, int order, const double *) {
    static constexpr double standard[] = {0.0, 1.0};
    return geluGeneral(x, order, standard);
}

double geluTanh(double x, int order, const double *) {
    if (std::isnan(x)) return x;
    if (std::abs(x) > 50.0) // |g| > 9,000: σ(g) is exactly 0 or 1
        return x > 0 ? pick(order, x, 1.0, 0.0) : pick(order, -0.0, -0.0, 0.0);
    const double x2 = x * x;
    const double g = 2.0 * kSqrt2OverPi * (x + kGeluTanhCubic * x * x2);
    switch (order) {
    case 0:
        return x * logistic(g);
    case 1: {
        const double g1 = 2.0 * kSqrt2OverPi * (1.0 + 3.0 * kGeluTanhCubic * x2);
        return logistic(g) * (1.0 + x * g1 * logistic(-g));
    }
    default: {
        const double g1 = 2.0 * kSqrt2OverPi * (1.0 + 3.0 * kGeluTanhCubic * x2);
        const double g2 = 2.0 * kSqrt2OverPi * 6.0 * kGeluTanhCubic * x;
        return logisticProduct(g) * (2.0 * g1 + x * g2 - x * g1 * g1 * std::tanh(0.5 * g));
    }
    }
}

double geluSigmoid(double x, int order, const double *) {
    return scaledSilu(x, order, kGeluSigmoidScale);
}

double silu(double x, int order, const double *) {
    return scaledSilu(x, order, 1.0);
}

double geluCauchy(double x, int order, const double *) {
    if (std::isnan(x)) return x;
    // 1/2 + arctan(x)/π = atan2(1, −x)/π: no cancellation for negative x.
    switch (order) {
    case 0:
        if (std::isinf(x)) // x·F(x) → x·1/(π|x|) = −1/π as x → −∞
            return x > 0 ? x : -kInvPi;
        return x * (std::atan2(1.0, -x) * kInvPi);
    case 1:
        if (x <= -2.0) return atanMinusRational(-1.0 / x) * kInvPi;
        if (std::abs(x) > 1e150) return std::atan2(1.0, -x) * kInvPi;
        return std::atan2(1.0, -x) * kInvPi + x / (1.0 + x * x) * kInvPi;
    default: {
        if (std::abs(x) > 1e150) return 0.0;
        const double d = 1.0 + x * x;
        return 2.0 * kInvPi / (d * d);
    }
    }
}

double relu(double x, int order, const double *) {
    if (std::isnan(x)) return x;
    return x > 0 ? pick(order, x, 1.0, 0.0) : pick(order, 0.0, 0.0, 0.0);
}

double relu6(double x, int order, const double *) {
    if (std::isnan(x)) return x;
    if (x <= 0) return 0.0;
    if (x >= 6.0) return pick(order, 6.0, 0.0, 0.0);
    return pick(order, x, 1.0, 0.0);
}

double leakyRelu(double x, int order, const double *params) {
    const double slope = params[0];
    if (std::isnan(x)) return x;
    return x > 0 ? pick(order, x, 1.0, 0.0) : pick(order, slope * x, slope, 0.0);
}

double rrelu(double x, int order, const double *params) {
    const double slope = 0.5 * (params[0] + params[1]);
    return leakyRelu(x, order, &slope);
}

double threshold(double x, int order, const double *params) {
    if (std::isnan(x)) return x;
    return x > params[0] ? pick(order, x, 1.0, 0.0) : pick(order, params[1], 0.0, 0.0);
}

double elu(double x, int order, const double *params) {
    const double alpha = params[0];
    if (std::isnan(x)) return x;
    if (x > 0) return pick(order, x, 1.0, 0.0);
    return order == 0 ? alpha * std::expm1(x) : alpha * std::exp(x);
}

double celu(double x, int order, const double *params) {
    const double alpha = params[0];
    if (std::isnan(x)) return x;
    if (x > 0) return pick(order, x, 1.0, 0.0);
    const double z = x / alpha;
    return pick(order, alpha * std::expm1(z), std::exp(z), std::exp(z) / alpha);
}

double selu(double x, int order, const double *) {
    static constexpr double alpha = kSeluAlpha;
    return kSeluLambda * elu(x, order, &alpha);
}

double softplus(double x, int order, const double *params) {
    const double beta = params[0];
    const double limit = params[1];
    if (std::isnan(x)) return x;
    const double z = beta * x;
    if (z > limit) // the optional linear regime
        return pick(order, x, 1.0, 0.0);
    switch (order) {
    case 0:
        // For z > 0: log(1 + e^z) = z + log(1 + e^−z), written as x + (…)/β so that huge x stays finite.
        return z > 0 ? x + std::log1p(std::exp(-z)) / beta : std::log1p(std::exp(z)) / beta;
    case 1:
        return logistic(z);
    default:
        return beta * logisticProduct(z);
    }
}

double mish(double x, int order, const double *) {
    if (std::isnan(x)) return x;
    if (x > 800.0) return pick(order, x, 1.0, 0.0);
    if (x < -800.0) return pick(order, -0.0, -0.0, -0.0);
    // With s = σ(x), v = σ(−x) = 1/(1 + eˣ): tanh(softplus(x)) = (1 − v²)/(1 + v²) = s(1 + v)/(1 + v²) and
    // 1 − t² = 4v²/(1 + v²)², both free of cancellation.
    const double s = logistic(x);
    const double v = logistic(-x);
    const double v2 = 1.0 + v * v;
    const double t = s * (1.0 + v) / v2;
    const double sech2 = 4.0 * v * v / (v2 * v2);
    switch (order) {
    case 0:
        return x * t;
    case 1:
        return t + x * sech2 * s;
    default:
        return sech2 * s * (2.0 + x * (v - 2.0 * t * s));
    }
}

double hardswish(double x, int order, const double *) {
    if (std::isnan(x)) return x;
    if (x <= -3.0) return 0.0;
    if (x >= 3.0) return pick(order, x, 1.0, 0.0);
    return pick(order, x * (x + 3.0) / 6.0, (2.0 * x + 3.0) / 6.0, 1.0 / 3.0);
}

double hardsigmoid(double x, int order, const double *) {
    if (std::isnan(x)) return x;
    if (x <= -3.0) return 0.0;
    if (x >= 3.0) return pick(order, 1.0, 0.0, 0.0);
    return pick(order, (x + 3.0) / 6.0, 1.0 / 6.0, 0.0);
}

double hardtanh(double x, int order, const double *params) {
    const double lo = params[0];
    const double hi = params[1];
    if (std::isnan(x)) return x;
    if (x <= lo) return pick(order, lo, 0.0, 0.0);
    if (x >= hi) return pick(order, hi, 0.0, 0.0);
    return pick(order, x, 1.0, 0.0);
}

double logsigmoid(double x, int order, const double *) {
    if (std::isnan(x)) return x;
    switch (order) {
    case 0:
        return x > 0 ? -std::log1p(std::exp(-x)) : x - std::log1p(std::exp(x));
    case 1:
        return logistic(-x);
    default:
        return -logisticProduct(x);
    }
}

double softsign(double x, int order, const double *) {
    if (std::isnan(x)) return x;
    if (std::isinf(x)) return pick(order, std::copysign(1.0, x), 0.0, -std::copysign(0.0, x));
    const double d = 1.0 + std::abs(x);
    switch (order) {
    case 0:
        return x / d;
    case 1:
        return 1.0 / d / d;
    default:
        return -2.0 * std::copysign(1.0, x) / d / d / d;
    }
}

double tanhshrink(double x, int order, const double *) {
    if (std::isnan(x)) return x;
    switch (order) {
    case 0:
        return std::abs(x) < kTanhshrinkSeriesLimit ? tanhshrinkSeries(x) : x - std::tanh(x);
    case 1: {
        const double t = std::tanh(x);
        return t * t;
    }
    default: {
        const double c = std::cosh(x);
        return 2.0 * std::tanh(x) / c / c;
    }
    }
}

double softshrink(double x, int order, const double *params) {
    const double lambda = params[0];
    if (std::isnan(x)) return x;
    if (x > lambda) return pick(order, x - lambda, 1.0, 0.0);
    if (x < -lambda) return pick(order, x + lambda, 1.0, 0.0);
    return 0.0;
}

double hardshrink(double x, int order, const double *params) {
    if (std::isnan(x)) return x;
    return std::abs(x) > params[0] ? pick(order, x, 1.0, 0.0) : 0.0;
}

double tanh(double x, int order, const double *) {
    if (std::isnan(x)) return x;
    if (order == 0) return std::tanh(x);
    const double c = std::cosh(x);
    return order == 1 ? 1.0 / c / c : -2.0 * std::tanh(x) / c / c;
}

double sigmoid(double x, int order, const double *) {
    if (std::isnan(x)) return x;
    switch (order) {
    case 0:
        return logistic(x);
    case 1:
        return logisticProduct(x);
    default:
        return -logisticProduct(x) * std::tanh(0.5 * x);
    }
}

double linear(double x, int order, const double *) {
    if (std::isnan(x)) return x;
    return pick(order, x, 1.0, 0.0);
}

} // namespace gelulab::fn
