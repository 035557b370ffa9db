#include "precision.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace gelulab {

double roundToFormat(double v, const NumberFormat &format) {
    if (!std::isfinite(v) || v == 0.0) return v;
    // The spacing at v, then v rounded to a multiple of it: both scalings by powers of two are exact, and
    // nearbyint rounds ties to even in the default rounding mode.
    const double spacing = ulpOf(v, format);
    const double r = std::nearbyint(v / spacing) * spacing;
    if (std::abs(r) > format.maxFinite) return std::copysign(std::numeric_limits<double>::infinity(), v);
    return r == 0.0 ? std::copysign(0.0, v) : r;
}

double ulpOf(double v, const NumberFormat &format) {
    const int exponent =
        v == 0.0 || !std::isfinite(v) ? format.minExponent : std::max(std::ilogb(v), format.minExponent);
    return std::ldexp(1.0, exponent - (format.precision - 1));
}

const NumberFormat &formatOf(PrecisionCase c) {
    switch (c) {
    case PrecisionCase::BFloat16:
        return kBFloat16;
    case PrecisionCase::Float16:
        return kFloat16;
    case PrecisionCase::NaiveDouble:
        return kDouble;
    default:
        return kFloat;
    }
}

bool isNaive(PrecisionCase c) {
    return c == PrecisionCase::NaiveDouble || c == PrecisionCase::NaiveFloat;
}

std::vector<PrecisionPoint> precisionErrors(PrecisionCase c, const ActivationInstance &activation,
                                            const ActivationInstance &reference, std::span<const double> x) {
    const NumberFormat &format = formatOf(c);
    const ActivationInstance gelu("gelu");
    const ActivationInstance &exact = isNaive(c) ? gelu : reference;
    std::vector<PrecisionPoint> points(x.size());
    std::vector<double> inputs(x.size()), references(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        inputs[i] = roundToFormat(x[i], format);
    exact.evaluate(inputs, references, 0);

    std::vector<double> values(x.size());
    if (c == PrecisionCase::NaiveDouble) {
        for (std::size_t i = 0; i < x.size(); ++i)
            values[i] = 0.5 * inputs[i] * (1.0 + std::erf(inputs[i] / std::sqrt(2.0)));
    } else if (c == PrecisionCase::NaiveFloat) {
        const float inverseRoot2 = 0.70710678118654752f;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const float xf = static_cast<float>(inputs[i]);
            values[i] = 0.5f * xf * (1.0f + std::erf(xf * inverseRoot2));
        }
    } else {
        // The activation's float path on the rounded inputs (exact in float), then the output rounded to the
        // format: a low-precision kernel computes in float and stores in its format.
        std::vector<float> in(inputs.begin(), inputs.end()), out(x.size());
        activation.evaluate(std::span<const float>(in), std::span<float>(out), 0);
        for (std::size_t i = 0; i < x.size(); ++i)
            values[i] = roundToFormat(out[i], format);
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double r = references[i];
        const double v = values[i];
        const double e = std::isfinite(v) && std::isfinite(r) ? std::abs(v - r) / ulpOf(r, format)
                                                              : std::numeric_limits<double>::quiet_NaN();
        const bool lost = v == 0.0 && std::abs(r) >= std::ldexp(1.0, format.minExponent);
        points[i] = {inputs[i], v, r, e, lost, std::isinf(inputs[i]) && std::isfinite(x[i])};
    }
    return points;
}

PrecisionStatistics precisionStatistics(std::span<const PrecisionPoint> points) {
    PrecisionStatistics s;
    std::vector<double> errors;
    errors.reserve(points.size());
    std::size_t correct = 0;
    for (const PrecisionPoint &p : points) {
        if (p.overflowed) {
            ++s.overflowedInputs;
            continue;
        }
        if (std::isnan(p.ulpError)) {
            ++s.nonFinitePoints;
            continue;
        }
        errors.push_back(p.ulpError);
        if (p.ulpError > s.maxUlpError || errors.size() == 1) {
            s.maxUlpError = std::max(s.maxUlpError, p.ulpError);
            s.at = p.input;
        }
        if (p.ulpError <= 0.5) ++correct;
        if (p.lost && (!s.zeroUpTo || p.input > *s.zeroUpTo)) s.zeroUpTo = p.input;
    }
    s.points = static_cast<int>(errors.size());
    if (!errors.empty()) {
        const std::size_t mid = errors.size() / 2;
        std::nth_element(errors.begin(), errors.begin() + std::ptrdiff_t(mid), errors.end());
        s.medianUlpError = errors[mid];
        s.withinHalfUlp = double(correct) / double(errors.size());
    } else {
        s.maxUlpError = s.at = s.medianUlpError = s.withinHalfUlp = std::numeric_limits<double>::quiet_NaN();
    }
    return s;
}

namespace {
std::string printf(const char *pattern, double v) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, v);
    return text;
}
} // namespace

PrecisionTexts format(const PrecisionStatistics &s) {
    return {printf("%.4g", s.maxUlpError), printf("%.6g", s.at), printf("%.3g", s.medianUlpError),
            printf("%.2f", 100.0 * s.withinHalfUlp),
            s.zeroUpTo ? printf("0 up to x = %.6g", *s.zeroUpTo) : std::string("none")};
}

std::string describe(const PrecisionStatistics &s) {
    const PrecisionTexts t = format(s);
    const std::string total = std::to_string(s.points + s.overflowedInputs + s.nonFinitePoints);
    std::string text =
        s.points == 0
            ? "undefined: no point of the " + total + " has a finite input, value and reference\n"
            : "max error       " + t.maxError + " ulp at x = " + t.at + "\nmedian error    " + t.medianError +
                  " ulp\ncorrectly rounded " + t.correctlyRounded + " %\nlost outputs    " + t.lost + "\n";
    if (s.overflowedInputs > 0)
        text += "beyond range    " + std::to_string(s.overflowedInputs) + " of " + total +
                " inputs overflow the format (left out)\n";
    if (s.nonFinitePoints > 0)
        text += "not finite      at " + std::to_string(s.nonFinitePoints) + " of " + total +
                " points (left out)\n";
    return text;
}

} // namespace gelulab
