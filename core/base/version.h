#pragma once
// What the programs say about themselves: --version, Help → About.

#include <string_view>

namespace gelulab {

inline constexpr std::string_view kVersion = GELULAB_VERSION;
inline constexpr std::string_view kProductName = "GELU Lab";
inline constexpr std::string_view kLicence = "GPL-3.0-or-later";
inline constexpr std::string_view kPaper =
    "Dan Hendrycks and Kevin Gimpel, \"Gaussian Error Linear Units (GELUs)\", arXiv:1606.08415, 2016";
inline constexpr std::string_view kTagline =
    "See activation functions: GELU(x) = x·Φ(x), its approximations, derivatives and relatives.";

} // namespace gelulab
