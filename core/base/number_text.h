#pragma once
// Why a number written in decimal cannot be a double: the command line and the CSV loaders say the same
// (docs/ARCHITECTURE.md, "Errors").

#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>

namespace gelulab {

// "underflows: …" or "overflows: …" for a whole decimal number that rounds to 0 or ∞ as a double (1e-400,
// 1e999); empty for text that is a double, or not a number at all.
inline std::string doubleRangeProblem(std::string_view text) {
    double value = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc::result_out_of_range || end != text.data() + text.size()) return {};
    return std::strtod(std::string(text).c_str(), nullptr) == 0.0
               ? "underflows: it is too small for a double (below 4.9e-324)"
               : "overflows: it is too large for a double";
}

} // namespace gelulab
