#pragma once
// Results a session keeps (docs/ARCHITECTURE.md, "Sessions"): a finished comparison's and a paper
// experiment's, as the experiments give them and as session files hold them (quartiles as [q1, median, q3]
// triples).

#include "comparison.h"
#include "paper.h"
#include "session_state.h"

namespace gelulab::session {

std::vector<std::array<double, 3>> toTriples(const std::vector<Quartiles> &curve);
std::vector<Quartiles> toQuartiles(const std::vector<std::array<double, 3>> &curve);
CompareSummary toCompareSummary(const AlternativeSummary &summary);
AlternativeSummary toAlternativeSummary(const CompareSummary &summary);

// A paper experiment's result with the settings it ran with, and back: the settings are the experiment's
// defaults (paperDefaults) with what the result names; a finished result keeps finished, a cancelled one
// cancelled.
PaperResults toPaperResults(const PaperResult &result);
PaperResult toPaperResult(const PaperResults &saved);

} // namespace gelulab::session
