// libFuzzer target: custom formulas (core/numerics CustomFormula, muParser) on arbitrary text, as the Curves
// view's formula field and `--formula` take them. A formula is refused with FormulaError (a position inside
// the text) or parsed; a parsed one is evaluated with its derivatives at a few x, parameters at their
// defaults, and must neither crash nor hang (libFuzzer's -timeout).
#include "custom_formula.h"
#include "fuzz_common.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {
gelulab::fuzz::Counts counts{"formula", "evaluated at 5 x with f′ and f″"};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    ++counts.inputs;
    if (size > 4096) return 0; // the formula field is one line
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    try {
        const gelulab::CustomFormula f(text);
        ++counts.parsed;
        const std::vector<double> params(f.parameterNames().size(), 1.0);
        for (double x : {-3.0, -0.5, 0.0, 0.75, 1e6})
            for (int order = 0; order <= 2; ++order) {
                const gelulab::EstimatedValue v = f.evaluate(x, order, params.data());
                if (v.discontinuity && !std::isnan(v.value)) std::abort();
            }
        ++counts.deep;
    } catch (const gelulab::FormulaError &e) {
        if (e.position() < 0 || std::size_t(e.position()) > size) std::abort();
    }
    return 0;
}
