#pragma once
// How long a job has left, as the command line's progress bar and the views' status lines say it.

#include <algorithm>
#include <cmath>
#include <string>

namespace gelulab {

// "40 s", "12 min", "1 h 05 min": a duration as a person reads it.
inline std::string durationText(double seconds) {
    const long long s = std::llround(std::max(0.0, seconds));
    if (s < 60) return std::to_string(s) + " s";
    const long long minutes = (s + 30) / 60;
    if (minutes < 60) return std::to_string(minutes) + " min";
    const long long m = minutes % 60;
    return std::to_string(minutes / 60) + " h " + (m < 10 ? "0" : "") + std::to_string(m) + " min";
}

// The time left of a job `fraction` done after `elapsed` seconds, at the pace so far: "about 12 min left";
// empty until there is a pace to go by (5 s and 1 %) and once the job is done.
inline std::string timeLeftText(double elapsed, double fraction) {
    if (!(elapsed >= 5.0 && fraction >= 0.01 && fraction < 1.0)) return {};
    return "about " + durationText(elapsed * (1.0 - fraction) / fraction) + " left";
}

} // namespace gelulab
