#pragma once
// The network sizes GELU Lab offers, in one place: the Playground, the command line and the paper's
// experiments all check against these.

#include <string>
#include <vector>

namespace gelulab {

inline constexpr int kMaxHiddenLayers = 8;
// The Playground's (and the train and compare commands'): a network it draws unit by unit.
inline constexpr int kMaxHiddenUnits = 128;
// The paper's experiments on images (its autoencoder is 1,000 wide), and so the trainer's own limit.
inline constexpr int kMaxExperimentUnits = 2048;

// Empty when the widths fit the limits, otherwise what is wrong, in words the user can act on.
inline std::string hiddenLayersProblem(const std::vector<int> &widths, int maxUnits = kMaxHiddenUnits) {
    if (widths.size() > std::size_t(kMaxHiddenLayers))
        return "at most " + std::to_string(kMaxHiddenLayers) + " hidden layers";
    for (int w : widths)
        if (w < 1 || w > maxUnits) return "hidden layers have 1 to " + std::to_string(maxUnits) + " units";
    return {};
}

} // namespace gelulab
