#pragma once
// A session: what the window shows, as plain values, and the checks a session must pass before any of it
// reaches a view (docs/ARCHITECTURE.md, "Sessions"). Qt-free; the JSON side is io/session_json.h.
//
// Every setting is optional: a file (or a lesson's step) that leaves one out leaves that setting as it is.
// A view's whole state is what its state() writes, so a saved session carries every setting.

#include "dataset.h"
#include "trainer.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gelulab::session {

// The file format's major version: a file of a newer one is refused, naming both. Minor versions add keys,
// which an older reader ignores.
inline constexpr int kVersion = 1;
inline constexpr int kMinorVersion = 3; // 1: presentation; 2: the Depth view; 3: Compare's setup, results

// Bounds that keep a hostile file from asking for absurd work or memory.
inline constexpr double kMaxAbsX = 1e6; // range ends on the x axis
inline constexpr int kMaxCurves = 256;  // activations shown at once
inline constexpr std::size_t kMaxFormulaLength = 1000;
inline constexpr std::size_t kMaxTextLength = 10'000; // other strings

// The Playground's choices (the panel's boxes offer exactly these).
inline constexpr std::array kLearningRates{0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03,
                                           0.1,     0.3,    1.0,   3.0,   10.0};
inline constexpr std::array kRegularizationRates{0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0};
inline constexpr std::array kDropouts{0.0, 0.1, 0.2, 0.3, 0.5};
// Play speeds (Playground, mask, σ animation): units a second; 0 is as fast as possible.
inline constexpr std::array kSpeeds{0.0, 1.0, 3.0, 10.0, 30.0, 100.0};

// An activation and its parameter values (one per parameter of the row, in the row's order); a custom row
// may carry its formula as well (see Session::formulas).
struct ActivationChoice {
    std::string id;
    std::vector<double> parameters;
    std::optional<std::string> formula;
};

struct CurvesState {
    std::optional<std::vector<ActivationChoice>> activations; // the checked ones
    std::optional<std::array<bool, 3>> orders;                // f, f′, f″ shown
    std::optional<bool> stacked;
    std::optional<bool> notablePoints;
    std::optional<double> from, to;
    std::optional<int> samples;
    std::optional<double> animationSpeed; // σ → 0: steps a second (as the Playground's speed)
};

// A parameter by name, as the Approximation error view keeps them.
struct NamedValue {
    std::string name;
    double value = 0.0;
};

struct ErrorState {
    std::optional<std::string> mode; // "approximation" or "precision"
    std::optional<std::string> approximation, reference;
    std::vector<NamedValue> approximationParameters, referenceParameters;
    std::optional<int> order;
    std::optional<double> from, to;
    std::optional<int> points;
};

struct MaskState {
    std::optional<std::string> gate;
    std::optional<double> mu, sigma;
    std::optional<std::uint64_t> seed;
    std::optional<int> samples;
    std::optional<double> from, to;
    std::optional<int> bins;
    std::optional<double> x;
    std::optional<double> speed; // samples at every x a second while playing (as the Playground's speed)
};

// The Playground's points as the network trains on them (generated, clicked in or loaded from a file): x1,
// x2 and the target (a class index, or the value for regression).
struct PointsState {
    std::string problem; // "classification" or "regression"
    int classes = 2;     // 2 to 10 for classification, 0 for regression
    std::vector<std::array<double, 3>> train, test;
    std::optional<std::string> name; // a loaded file's name
    static constexpr int kMaxPoints = 100'000;
};

struct PlaygroundState {
    std::optional<std::string> dataset;
    std::optional<double> noise;
    std::optional<int> trainPercent;
    std::optional<int> batch;
    std::optional<bool> showTest, discretize;
    std::optional<std::vector<std::string>> features;
    std::optional<std::vector<int>> hidden;                   // units per hidden layer
    std::optional<std::vector<std::string>> layerActivations; // one per hidden layer, where they differ
    std::optional<std::string> activation;
    std::optional<double> learningRate;
    std::optional<std::string> optimizer;
    std::optional<std::string> loss; // "default" or "squared"
    std::optional<std::string> init;
    std::optional<double> dropout;
    std::optional<int> regularization; // 0 none, 1 L1, 2 L2
    std::optional<double> regularizationRate;
    std::optional<double>
        speed; // epochs a second while playing: 1, 3, 10, 30, 100, or 0 (as fast as possible)
    std::optional<std::uint64_t> dataSeed;
    std::optional<PointsState> points;
    // The trained network with everything needed to train on exactly as if it had never stopped (written when
    // a session is saved, not compared for unsaved changes). Needs points, features and hidden.
    std::optional<TrainerState> network;
};

// The points as a data set, and back.
Dataset toDataset(const PointsState &points);
PointsState toPoints(const Dataset &data);

struct CompareRun {
    bool checked = false;
    std::string activation;
};

// The data and training every Compare run shares, as the Compare tab holds them: taken from the Playground
// ("From the Playground") and kept apart from it, so that the Playground can change meanwhile. The hidden
// activation is each run's own.
struct CompareSetup {
    PointsState points;
    std::vector<std::string> features; // feature ids
    std::vector<int> hidden;
    std::string loss = "default"; // "default" (cross-entropy to classify, squared to regress) or "squared"
    std::string init = "glorot";
    std::string optimizer = "adam";
    std::string schedule = "constant";
    double learningRate = 0.01;
    double l1 = 0.0, l2 = 0.0, dropout = 0.0;
    int batch = 10;
    std::uint64_t seed = 1;
    std::string description; // the line the tab shows under its runs
};

// One activation's curves in a finished comparison: per epoch the first quartile, median and third quartile
// over the seeds (testAccuracy empty for regression), and the final values.
struct CompareSummary {
    std::vector<std::array<double, 3>> trainLoss, testLoss, testAccuracy;
    std::array<double, 3> finalTrainLoss{}, finalTestLoss{}, finalTestAccuracy{};
    int divergedRuns = 0, warnedRuns = 0;
};

// A finished comparison as the Compare tab shows it: written to files only (File → Save), so that a saved
// comparison reopens on its results without training again. Quartiles may be NaN (a run with no test points,
// every run diverged).
struct CompareResults {
    std::vector<std::string> activations; // the runs, in order
    int epochs = 0;
    bool cancelled = false;
    double seconds = 0.0;
    std::vector<CompareSummary> summaries; // one per run
    std::vector<std::string> messages;     // one per run: its first divergence message, or empty
    int gridSize = 0;                      // the decision boundaries: gridSize² outputs per run
    std::vector<std::vector<double>> boundaries;
    std::vector<int> outputs;       // per run, how to read its boundary (OutputKind)
    std::vector<double> amplitudes; // input noise U[−a, a] of the robustness test
    std::vector<std::vector<std::array<double, 3>>> robustness; // per run, per amplitude
    static constexpr int kMaxGrid = 200;
};

struct CompareState {
    std::optional<std::vector<CompareRun>> runs; // at most kMaxRuns
    std::optional<int> seeds, epochs;
    std::optional<CompareSetup> setup;
    std::optional<CompareResults> results;
    static constexpr int kMaxRuns = 4;
};

// A Compare setup from what the tab trains, and back (the activation left to the runs, the epochs to the
// tab).
CompareSetup toCompareSetup(const Dataset &data, const TrainingSettings &settings,
                            const std::string &description);
TrainingSettings toTrainingSettings(const CompareSetup &setup);

// A finished (or cancelled) paper experiment as the Paper tab shows it, with the settings it ran with:
// written to files only, as a comparison's results are.
struct PaperVariantResult {
    std::string activation;
    double dropout = 0.0, learningRate = 0.0;
    std::vector<double> validationScores;
    CompareSummary summary;
    std::vector<std::array<double, 3>> noiseAccuracy, noiseLogLoss; // per amplitude, or empty
};
struct PaperResults {
    std::string experiment;
    std::vector<std::string> activations;
    int seeds = 1, epochs = 1;
    std::vector<double> dropouts, learningRates;
    std::string optimizer = "adam";
    std::vector<PaperVariantResult> variants;
    std::vector<double> amplitudes;
    int trainImages = 0, validationImages = 0, testImages = 0;
    double trainSecondsPerEpoch = 0.0;
    bool cancelled = false;
    int reusedRuns = 0;
    static constexpr std::size_t kMaxVariants = 64;
};

struct PaperState {
    std::optional<std::string> experiment;
    std::optional<std::vector<std::string>> activations;
    std::optional<int> seeds, epochs;
    std::optional<std::vector<double>> dropout, learningRates;
    std::optional<std::string> optimizer;
    std::optional<std::string> dataDir; // Fashion-MNIST's folder, when not Debian's
    std::optional<PaperResults> results;
};

// The Depth view: the studied activation, up to two drawn beside it, the point of the (σ_w², σ_b²) plane and
// the simulated network.
struct DepthState {
    std::optional<std::string> activation;
    std::optional<std::vector<CompareRun>> compare;
    std::optional<double> sigmaW2, sigmaB2, q0, c0;
    std::optional<int> layers, width;
    std::optional<std::uint64_t> seed;
    // The view's plane and network (the command line's network may be larger).
    static constexpr int kMaxCompared = 2;
    static constexpr double kMaxSigmaW2 = 5.0;
    static constexpr double kMaxSigmaB2 = 1.0;
    static constexpr double kMinQ0 = 0.001, kMaxQ0 = 100.0;
    static constexpr int kMaxWidth = 1024;
};

// A formula the user typed, with the id it had when the session was saved. Opening registers each again (in
// this order) and renames the ids the views refer to where the registry gave another.
struct CustomFormulaEntry {
    std::string id;
    std::string formula;
};

struct LessonStep;

// A lesson: a session whose steps each set the window to what they talk about (README.md, "Lessons").
struct Lesson {
    std::string id; // lower-case, for `gelu-lab --lesson ID`
    std::string title;
    std::string summary; // one or two sentences for the Lessons menu and `lesson list`
    std::vector<LessonStep> steps;
    // The step shown when the file was saved (a teacher's copy, the autosave): opened, the file's state is
    // shown as it is at that step. Left out (a lesson as written), the first step is applied.
    std::optional<int> current;
    static constexpr int kMaxSteps = 40;
};

// Presentation mode's choice of controls (View → Choose visible controls…): the ids of those it hides, each a
// view's id and the control's name ("playground.optimizer").
struct PresentationState {
    std::optional<std::vector<std::string>> hidden;
    static constexpr std::size_t kMaxHidden = 500;
};

struct Session {
    int minorVersion = kMinorVersion;
    std::vector<CustomFormulaEntry> formulas;
    std::optional<std::string> view; // the tab shown: a view id
    std::optional<CurvesState> curves;
    std::optional<ErrorState> error;
    std::optional<MaskState> mask;
    std::optional<PlaygroundState> playground;
    std::optional<CompareState> compare;
    std::optional<PaperState> paper;
    std::optional<DepthState> depth;
    std::optional<PresentationState> presentation;
    std::optional<Lesson> lesson;
};

// One step of a lesson: what it says (rich text: <p>, <b>, <i>, <sub>, <sup>, <ul>, <li>) and what it shows,
// a partial session applied over the lesson's state and the steps before; run, where given, starts the shown
// view's work when the step opens (epochs of the Playground, or the Compare and Paper runs with that many).
struct LessonStep {
    std::string title;
    std::string text;
    Session show;
    std::optional<int> run;
};

// The first thing wrong with a session: where (a path to the key, "views.curves.activations[1].id") and what.
struct Error {
    std::string path;
    std::string message;
    std::string text() const { return path.empty() ? message : path + ": " + message; }
};

// The view ids a session knows, in tab order.
const std::vector<std::string> &viewIds();

// The id a custom formula gets: "custom" and a number.
bool isCustomId(const std::string &id);

// Checks every value a session holds (ranges, known ids, formulas that parse, parameters that fit their
// activation, settings that agree with each other); nothing when all is well. It registers nothing: a
// custom formula is only parsed.
std::optional<Error> validate(const Session &session);

// After the session's formulas were registered: renames every reference to a custom row (in the views and in
// formulas) from its saved id to the id the registry gave it; renames holds (saved, registered) pairs.
void renameActivations(Session &session, const std::vector<std::pair<std::string, std::string>> &renames);

} // namespace gelulab::session
