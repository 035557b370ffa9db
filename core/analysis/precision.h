#pragma once
// What a number format costs an activation: the error, in units in the last place of the format, of
// evaluating it as low-precision kernels do (the input rounded to the format, the function computed in float,
// the output rounded to the format) against the accurate double at the same rounded input — and of the naive
// GELU formulas 0.5·x·(1 + erf(x/√2)) in double and in float (erff), which cancel to 0 in the negative tail
// (below x ≈ −8.3 in double and −5.5 in float: the outputs PyTorch gives there).

#include "activation.h"
#include "id_table.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gelulab {

// A binary floating-point format: significand bits (with the implicit one), the smallest normal exponent and
// the largest finite value.
struct NumberFormat {
    std::string_view id;   // "double", "float", "bfloat16", "float16"
    std::string_view name; // for display
    int precision;
    int minExponent;
    double maxFinite;
};

inline constexpr NumberFormat kDouble{"double", "double", 53, -1022, 1.7976931348623157e308};
inline constexpr NumberFormat kFloat{"float", "float", 24, -126, 3.4028234663852886e38};
inline constexpr NumberFormat kBFloat16{"bfloat16", "bfloat16", 8, -126, 3.3895313892515355e38};
inline constexpr NumberFormat kFloat16{"float16", "float16", 11, -14, 65504.0};

// v rounded to the nearest value of the format (ties to even), with its subnormals and ±∞ on overflow.
double roundToFormat(double v, const NumberFormat &format);
// The spacing of the format's values at |v| (at 0 and below the normal range: the smallest subnormal).
double ulpOf(double v, const NumberFormat &format);

// The computations the floating-point mode compares.
enum class PrecisionCase {
    Float,       // the activation's float path
    BFloat16,    // input and output rounded to bfloat16, computed in float
    Float16,     // input and output rounded to float16, computed in float
    NaiveDouble, // GELU as 0.5·x·(1 + erf(x/√2)) in double
    NaiveFloat,  // GELU as 0.5f·x·(1 + erff(x·(1/√2))) in float
};
template<>
struct EnumIds<PrecisionCase> {
    static constexpr std::array rows{
        IdRow{PrecisionCase::Float, "float"}, IdRow{PrecisionCase::BFloat16, "bfloat16"},
        IdRow{PrecisionCase::Float16, "float16"}, IdRow{PrecisionCase::NaiveDouble, "naive-double"},
        IdRow{PrecisionCase::NaiveFloat, "naive-float"}};
};
const NumberFormat &formatOf(PrecisionCase c);
// The naive cases evaluate GELU whatever the activation.
bool isNaive(PrecisionCase c);

struct PrecisionPoint {
    double input;            // x rounded to the format
    double value;            // the computed output
    double reference;        // the accurate double reference at input
    double ulpError;         // |value − reference| / ulpOf(reference), NaN where either is not finite
    bool lost;               // the value is 0 although the reference is a normal number of the format
    bool overflowed = false; // x is finite but beyond the format's range: input is ±∞
};

// Evaluates the case at every x. The naive cases ignore activation and reference: GELU against exact GELU.
std::vector<PrecisionPoint> precisionErrors(PrecisionCase c, const ActivationInstance &activation,
                                            const ActivationInstance &reference, std::span<const double> x);

struct PrecisionStatistics {
    double maxUlpError = 0.0;
    double at = 0.0; // where the largest error is (the first such x)
    double medianUlpError = 0.0;
    double withinHalfUlp = 0.0; // fraction of points correctly rounded (error ≤ 0.5 ulp)
    // The largest x at which the output is 0 although the exact result is a normal number of the format (a
    // result lost to cancellation or premature underflow, not a rounding at the edge of the subnormals), if
    // any.
    std::optional<double> zeroUpTo;
    int points = 0;           // the points the figures above are over
    int overflowedInputs = 0; // x beyond the format's range (it rounds to ±∞), left out
    int nonFinitePoints = 0;  // value or reference not finite, left out; with points = 0 the figures are NaN
};
PrecisionStatistics precisionStatistics(std::span<const PrecisionPoint> points);
// The statistics as printed: max error (ulp), its x, median error (ulp), correctly rounded (%), lost outputs
// ("none" or "0 up to x = …"). describe() and the error view's table both use these texts.
struct PrecisionTexts {
    std::string maxError, at, medianError, correctlyRounded, lost;
};
PrecisionTexts format(const PrecisionStatistics &s);
// One line per statistic, as the command line prints them.
std::string describe(const PrecisionStatistics &s);

} // namespace gelulab
