#pragma once
// The network sizes GELU Lab offers, in one place: the Playground, the command line and the paper's
// experiments all check against these.

#include <string>
#include <vector>

namespace gelulab {

inline constexpr int kMaxHiddenLayers = 8;
inline constexpr int kMaxHiddenUnits = 128;

// Empty when the widths fit the limits, otherwise what is wrong, in words the user can act on.
inline std::string hiddenLayersProblem(const std::vector<int> &widths) {
    if (widths.size() > std::size_t(kMaxHiddenLayers))
        return "at most " + std::to_string(kMaxHiddenLayers) + " hidden layers";
    for (int w : widths)
        if (w < 1 || w > kMaxHiddenUnits)
            return "hidden layers have 1 to " + std::to_string(kMaxHiddenUnits) + " units";
    return {};
}

} // namespace gelulab
