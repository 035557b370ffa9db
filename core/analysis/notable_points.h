#pragma once
// Where an activation's curve does something worth pointing at: extrema (zeros of f′) and inflection points
// (zeros of f″), found numerically from the registry's exact derivatives.

#include "activation.h"

#include <vector>

namespace gelulab {

struct NotablePoint {
    enum class Kind { Minimum, Maximum, Inflection };
    Kind kind;
    double x;     // to within 1e-12 (or the spacing of doubles there, if larger)
    double value; // the curve's value there: f(x), or f′(x) for the points of f′
};

// The extrema and inflection points of f in [from, to], in ascending x: sign changes of f′ and f″ on a fine
// grid, each refined by bisection on the exact derivative. Sign changes that straddle a kink of the row (a
// jump of the derivative, not a zero) are left out, as are intervals where the derivative vanishes
// identically (a flat piece). Throws std::invalid_argument for a range that is not finite with from < to.
// With order 1, the same for the curve of f′: its extrema (zeros of f″; its inflections would need f‴, which
// the registry does not hold).
std::vector<NotablePoint> notablePoints(const ActivationInstance &activation, double from, double to,
                                        int order = 0);

} // namespace gelulab
