#include "commands.h"

#include "cli_options.h"

#include <array>

namespace gelulab::cli {
namespace {

bool never(const QStringList &) {
    return false;
}

bool always(const QStringList &) {
    return true;
}

// compare, paper and depth draw a picture only for --out.
bool withOut(const QStringList &args) {
    return routingIsSet(args, QStringLiteral("out"));
}

const std::array kCommands{
    CommandInfo{"list", "every activation: id, name, formula, parameters", never, listCommand},
    CommandInfo{"eval", "one activation (or a derivative) at given x", never, evalCommand},
    CommandInfo{"curve", "activations sampled over a range, as a table, JSON or CSV", never, curveCommand},
    CommandInfo{"error", "how far an approximation is from a reference (abs, RMS, relative, ulp)", never,
                errorCommand},
    CommandInfo{"mask", "sample the stochastic mask x·m, m ~ Bernoulli(F(x)), against x·F(x)", never,
                maskCommand},
    CommandInfo{"train", "train a small MLP on a toy data set", never, trainCommand},
    CommandInfo{"compare", "several activations trained from the same seeds: medians and quartiles", withOut,
                compareCommand},
    CommandInfo{"robustness", "test accuracy of trained networks under input noise", never, robustnessCommand,
                12},
    CommandInfo{"paper", "the GELU paper's experiments on the UCI handwritten digits", withOut, paperCommand,
                12},
    CommandInfo{"depth",
                "signal propagation at initialisation: q*, χ₁, the critical σ_w², a network layer by layer",
                withOut, depthCommand},
    CommandInfo{"render", "draw a view (or a saved session's) to PNG, SVG or PDF without a display", always,
                renderCommand},
    CommandInfo{"lesson", "lesson list: the built-in lessons, for gelu-lab --lesson ID", never,
                lessonCommand},
    CommandInfo{"session", "session check FILE: whether a session file opens, or its first problem", never,
                sessionCommand},
    CommandInfo{"bench", "benchmarks: bench kernel, bench render, bench startup", benchNeedsWidgets,
                benchCommand},
};

} // namespace

std::span<const CommandInfo> commands() {
    return kCommands;
}

const CommandInfo *findCommand(const QString &name) {
    for (const CommandInfo &command : kCommands)
        if (name == QLatin1String(command.name)) return &command;
    return nullptr;
}

} // namespace gelulab::cli
