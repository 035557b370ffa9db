#pragma once
// A user's activation typed as a formula in x ("x*Phi(x)", "x*sigmoid(k*x)", "x > 0 ? x : 0.1*x"), parsed
// by muParser. Besides muParser's own functions (sin, exp, log, ln, sqrt, abs, min, max, tanh, …, the
// operators + − * / ^ and the ternary ?:) a formula may call erf, erfc, Phi, phi, sigmoid, softplus, log1p
// and expm1, and use the constants pi and _pi, _e. Every other name in it becomes a parameter (default 1).
//
// The derivatives are numerical: central differences extrapolated to zero step by Ridders' form of Richardson
// extrapolation, which also estimates its own error. A parser is not safe to share between threads, so each
// thread that evaluates a formula builds its own parser instance on first use.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gelulab {

// A formula that does not parse: the parser's message and the 0-based position in the text it points at.
class FormulaError : public std::invalid_argument {
public:
    FormulaError(const std::string &message, int position)
        : std::invalid_argument(message)
        , m_position(position) {}
    int position() const { return m_position; }

private:
    int m_position;
};

// A value with its estimated absolute error (0 for a directly evaluated formula). A derivative at a jump of
// f (or of f′ for f″), or one whose extrapolation never settles, has no value: NaN, with discontinuity set.
struct EstimatedValue {
    double value = 0.0;
    double error = 0.0;
    bool discontinuity = false;
};

// f^(order)(x) of g by Richardson-extrapolated central differences (order 1 or 2). The step starts at the
// scale of an activation's features (0.1; at large |x| a fixed fraction of |x|, so that x ± h keeps enough
// digits) and shrinks by 1.4 per stage; the result is the tableau entry whose neighbours agree best. Its
// error estimate is that disagreement or the rounding error of the difference quotients, whichever is larger.
// When the estimate is poor (a kink, a jump or a narrow feature within the first steps) the tableau is
// rebuilt from steps 5, 25, … 5⁸ times smaller and the best estimate kept. A jump at x itself (g(x + δ) −
// g(x − δ) does not shrink with δ), or an estimate that never settles (error above 1e-4 relative: a jump of
// f′ for f″, a pole), is no number: NaN with discontinuity set — never a large value with a small error. Non-
// finite x gives NaN. g must be callable as double(double).
template<typename F>
EstimatedValue richardsonDerivative(const F &g, double x, int order);

class CustomFormula {
public:
    // Parses text; throws FormulaError for an empty or malformed formula, too many parameters, or a
    // parameter named like a function.
    explicit CustomFormula(std::string_view text);
    ~CustomFormula();
    CustomFormula(const CustomFormula &) = delete;
    CustomFormula &operator=(const CustomFormula &) = delete;

    const std::string &text() const { return m_text; }
    // The names in the formula other than x, sorted: the formula's parameters.
    const std::vector<std::string> &parameterNames() const { return m_parameterNames; }

    // f (order 0) or a derivative (1, 2) at x; params holds one value per parameter name.
    EstimatedValue evaluate(double x, int order, const double *params) const;
    // out[i] = f^(order)(x[i]); one parser lookup for the whole array.
    void evaluate(const double *x, double *out, std::size_t n, int order, const double *params) const;

    static constexpr std::size_t kMaxParameters = 8;

private:
    struct Evaluator;
    Evaluator &threadEvaluator() const;

    std::string m_text;
    std::vector<std::string> m_parameterNames;
    std::uint64_t m_serial; // keys this formula's per-thread parsers
};

// ---- implementation of the template ----

namespace detail {

// One Ridders tableau from the initial step h0. A tableau cut short (its diagonal drifting from the start)
// reports that drift in its error, so that a retry with a smaller step can win. The estimate's error is the
// larger of the tableau's disagreement and the rounding floor; the disagreement alone says whether the
// extrapolation converged at all.
struct Tableau {
    EstimatedValue estimate;
    double disagreement;
};

template<typename F>
Tableau riddersTableau(const F &g, double x, int order, double h0, double center) {
    constexpr int kStages = 10;
    constexpr double kShrink = 1.4;
    constexpr double kShrink2 = kShrink * kShrink;
    constexpr double kSafe = 2.0;
    double magnitude = std::abs(center); // the largest |g| the differences have seen
    const auto difference = [&](double h) {
        // The step actually taken: x ± h rounded, so the quotient uses the true distance.
        volatile double xPlus = x + h;
        const double hh = xPlus - x;
        const double up = g(x + hh), down = g(x - hh);
        magnitude = std::max({magnitude, std::abs(up), std::abs(down)});
        if (order == 1) return (up - down) / (2.0 * hh);
        return (up - 2.0 * center + down) / (hh * hh);
    };
    double table[kStages][kStages];
    double step = h0;
    table[0][0] = difference(step);
    EstimatedValue best{table[0][0], std::numeric_limits<double>::infinity()};
    double bestDisagreement = std::numeric_limits<double>::infinity();
    for (int i = 1; i < kStages; ++i) {
        step /= kShrink;
        table[0][i] = difference(step);
        // Rounding in g, amplified by the quotient (1/h or 4/h²) and by the extrapolation (about 2×).
        const double roundoff =
            8.0 * std::numeric_limits<double>::epsilon() * magnitude / (order == 1 ? step : step * step);
        double factor = kShrink2;
        for (int j = 1; j <= i; ++j) {
            table[j][i] = (table[j - 1][i] * factor - table[j - 1][i - 1]) / (factor - 1.0);
            factor *= kShrink2;
            const double disagreement = std::max(std::abs(table[j][i] - table[j - 1][i]),
                                                 std::abs(table[j][i] - table[j - 1][i - 1]));
            if (std::max(disagreement, roundoff) <= best.error) {
                best = {table[j][i], std::max(disagreement, roundoff)};
                bestDisagreement = disagreement;
            }
        }
        // Stop once the newest diagonal entry drifts from the previous one: rounding has taken over, or
        // (early on) the step is still too large for the function.
        const double drift = std::abs(table[i][i] - table[i - 1][i - 1]);
        if (drift >= kSafe * best.error) {
            if (i <= 3) {
                best.error = std::max(best.error, drift);
                bestDisagreement = std::max(bestDisagreement, drift);
            }
            break;
        }
    }
    return {best, bestDisagreement};
}

// True when g jumps at x: the difference across x stays as large when the gap shrinks a thousandfold (for a
// continuous g it shrinks with the gap), and is more than rounding.
template<typename F>
bool jumpsAt(const F &g, double x) {
    const double wide = 1e-6 * std::max(1.0, std::abs(x)), narrow = wide * 1e-3;
    const double a = g(x + wide), b = g(x - wide), c = g(x + narrow), d = g(x - narrow);
    if (!std::isfinite(a) || !std::isfinite(b) || !std::isfinite(c) || !std::isfinite(d)) return false;
    const double scale = std::max({std::abs(a), std::abs(b), std::abs(c), std::abs(d)});
    const double across = std::abs(c - d);
    return across > 0.5 * std::abs(a - b) && across > 64.0 * std::numeric_limits<double>::epsilon() * scale;
}

} // namespace detail

template<typename F>
EstimatedValue richardsonDerivative(const F &g, double x, int order) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (!std::isfinite(x)) return {nan, nan};
    const double center = order == 2 ? g(x) : 0.0;
    if (!std::isfinite(center)) return {nan, nan};
    if (detail::jumpsAt(g, x)) return {nan, nan, true};
    double h0 = std::max(0.1, (order == 1 ? 1e-3 : 1e-2) * std::abs(x));
    detail::Tableau best = detail::riddersTableau(g, x, order, h0, center);
    // A kink, a jump or a fast feature within the first steps shows as a large estimate: try smaller steps.
    const auto within = [&](double error, double tolerance) {
        return error <= tolerance * std::max(1.0, std::abs(best.estimate.value));
    };
    for (int attempt = 0; attempt < 8 && !within(best.estimate.error, 1e-10); ++attempt) {
        h0 /= 5.0;
        const detail::Tableau next = detail::riddersTableau(g, x, order, h0, center);
        if (next.estimate.error < best.estimate.error) best = next;
    }
    // Limited by rounding is an estimate with its error; never settling at any step is no estimate.
    if (std::isfinite(best.estimate.value) && !within(best.disagreement, 1e-4)) return {nan, nan, true};
    return best.estimate;
}

} // namespace gelulab
