#pragma once
// The activation registry: one row per activation. Combo boxes, the command line, the network and the
// data-driven tests all read this table, so adding an activation means adding a row here (and its
// function in activation_functions).

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gelulab {

class CustomFormula;

struct ParameterSpec {
    std::string_view name;   // stable id used on the command line and in files ("alpha")
    std::string_view symbol; // for display ("α")
    double defaultValue = 0.0;
    double minimum = 0.0;
    double maximum = 0.0;
    bool minimumExclusive = false; // the range is (minimum, maximum] instead of [minimum, maximum]
    std::string_view description;
};

// f (order 0), f′ (1) or f″ (2) at x, with the row's parameters.
using ActivationFunction = double (*)(double x, int order, const double *params);
// The x where f or a derivative is discontinuous, for the given parameters.
using KinkFunction = std::vector<double> (*)(const double *params);
// A check across parameters (e.g. lower ≤ upper); returns an empty string when they are consistent.
using ParameterCheck = std::string (*)(const double *params);
// A vectorised float kernel: y[i] = f^(order)(x[i]) for i < n, within the float accuracy the tests hold every
// float path to. Returns false, having written nothing, for an order or parameter set it does not cover; the
// generic path (the double function, rounded) takes over.
using FloatKernel = bool (*)(const float *x, float *y, std::size_t n, int order, const double *params);
// A vectorised double kernel, held to the same accuracy as the row's scalar function; false as for
// FloatKernel.
using DoubleKernel = bool (*)(const double *x, double *y, std::size_t n, int order, const double *params);

struct Activation {
    std::string_view id;
    std::string_view name;
    std::string_view formula;
    std::string_view group;
    std::vector<ParameterSpec> parameters;
    ActivationFunction function = nullptr;
    KinkFunction kinks = nullptr;             // nullptr: smooth everywhere
    ParameterCheck checkParameters = nullptr; // nullptr: each parameter's range suffices
    FloatKernel floatKernel = nullptr;        // nullptr: the double function, rounded to float
    DoubleKernel doubleKernel = nullptr;      // nullptr: the scalar function in a loop
    // Set on the rows a user typed as a formula (group "Custom"); function is nullptr there.
    std::shared_ptr<const CustomFormula> custom{};

    std::vector<double> defaultParameters() const;
    // Index of a parameter by name, or -1.
    int parameterIndex(std::string_view name) const;
    // Empty when params has one in-range value per parameter, otherwise a one-line message.
    std::string validate(std::span<const double> params) const;
    // Discontinuities of f or its derivatives for these parameters, ascending.
    std::vector<double> kinkPoints(std::span<const double> params) const;

    // Unchecked evaluation: params must have passed validate(). order is 0, 1 or 2.
    double evaluate(double x, int order, std::span<const double> params) const {
        if (custom) return evaluateFormula(x, order, params.data());
        return function(x, order, params.data());
    }
    // Evaluates every element of x into out (same size).
    void evaluate(std::span<const double> x, std::span<double> out, int order,
                  std::span<const double> params) const;
    // The float path: the row's vectorised kernel where it has one, otherwise the double function rounded.
    void evaluate(std::span<const float> x, std::span<float> out, int order,
                  std::span<const double> params) const;

private:
    double evaluateFormula(double x, int order, const double *params) const;
};

// The rows of the registry. Rows never move or disappear while the program runs, so references into the
// list stay valid after more custom rows are registered.
using ActivationList = std::vector<std::reference_wrapper<const Activation>>;

// Every activation, in display order (grouped): the built-in rows, then the custom formulas registered so
// far.
ActivationList activations();
// The row with this id, or nullptr.
const Activation *findActivation(std::string_view id);
// The ids of the kernel table (activation.cpp), for the test that each names a registry row: a misspelt id
// would leave its row on the scalar path without a word.
std::vector<std::string_view> kernelTableIds();
// The groups in display order ("Custom" once a formula is registered).
std::vector<std::string_view> activationGroups();

inline constexpr std::string_view kCustomGroup = "Custom";

// Adds a formula in x to the registry for the rest of the session (see custom_formula.h for what a formula
// may contain) and returns its row: id "custom1", "custom2", … in order of registration, name and formula the
// text as typed, one parameter per name other than x (default 1, range [−10, 10]). Registering the same text
// again returns the existing row. Throws FormulaError (a std::invalid_argument with the position) for a
// formula that does not parse. Safe to call from any thread.
const Activation &registerCustomActivation(std::string_view formula);
// The custom rows, in order of registration.
ActivationList customActivations();

// An activation together with validated parameter values: what views, the command line and the network hold.
class ActivationInstance {
public:
    // Default parameters. Throws std::invalid_argument for an unknown id.
    explicit ActivationInstance(std::string_view id);
    explicit ActivationInstance(const Activation &activation);

    const Activation &activation() const { return *m_activation; }
    std::string_view id() const { return m_activation->id; }
    std::span<const double> parameters() const { return m_parameters; }
    double parameter(std::string_view name) const;
    // Throws std::invalid_argument naming the problem (unknown parameter, out of range, inconsistent).
    void setParameter(std::string_view name, double value);
    void setParameters(std::span<const double> values);

    double operator()(double x, int order = 0) const {
        return m_activation->evaluate(x, order, m_parameters);
    }
    void evaluate(std::span<const double> x, std::span<double> out, int order = 0) const {
        m_activation->evaluate(x, out, order, m_parameters);
    }
    void evaluate(std::span<const float> x, std::span<float> out, int order = 0) const {
        m_activation->evaluate(x, out, order, m_parameters);
    }
    std::vector<double> kinkPoints() const { return m_activation->kinkPoints(m_parameters); }

private:
    const Activation *m_activation;
    std::vector<double> m_parameters;
};

// Formats a double as the command line and files print it: shortest text that reads back exactly.
std::string formatDouble(double value);

} // namespace gelulab
