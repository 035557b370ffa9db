#include "activation.h"
#include "quote.h"

#include "activation_functions.h"
#include "custom_formula.h"
#include "simple_kernels.h"
#include "vector_kernels.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <limits>
#include <mutex>
#include <stdexcept>

namespace gelulab {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

constexpr std::string_view kGeluFamily = "GELU family";
constexpr std::string_view kReluFamily = "ReLU family";
constexpr std::string_view kSmoothRelus = "Smooth ReLUs";
constexpr std::string_view kSigmoidLike = "Sigmoid-like";
constexpr std::string_view kShrinks = "Shrinks";
constexpr std::string_view kOther = "Other";

std::vector<double> kinkAtZero(const double *) {
    return {0.0};
}
std::vector<double> kinkAtFirstParameter(const double *p) {
    return {p[0]};
}
std::vector<double> kinksAtZeroAndSix(const double *) {
    return {0.0, 6.0};
}
std::vector<double> kinksAtPlusMinusThree(const double *) {
    return {-3.0, 3.0};
}
std::vector<double> kinksAtBothParameters(const double *p) {
    return {p[0], p[1]};
}
std::vector<double> kinksAtPlusMinusFirst(const double *p) {
    return {-p[0], p[0]};
}
std::vector<double> geluGeneralKinks(const double *p) {
    if (p[1] == 0.0) return {p[0]};
    return {};
}

std::string lowerNotAboveUpper(const double *p) {
    if (p[0] > p[1]) return "lower must not exceed upper";
    return {};
}
std::string minBelowMax(const double *p) {
    if (!(p[0] < p[1])) return "min_val must be below max_val";
    return {};
}

// The vectorised array kernels, by row. A kernel may decline an order or a parameter set (it returns false),
// and the row's scalar function then serves; tests/tst_activation and tests/tst_floatpaths hold both paths to
// the same bounds.
struct KernelEntry {
    std::string_view id;
    FloatKernel floatKernel;
    DoubleKernel doubleKernel;
};
constexpr KernelEntry kKernels[] = {
    {"gelu", kernels::gelu, kernels::gelu},
    {"gelu_general", kernels::geluGeneral, kernels::geluGeneral},
    {"gelu_cauchy", kernels::geluCauchy, kernels::geluCauchy},
    {"gelu_tanh", kernels::geluTanh, kernels::geluTanh},
    {"gelu_sigmoid", kernels::geluSigmoid, kernels::geluSigmoid},
    {"silu", kernels::silu, kernels::silu},
    {"sigmoid", kernels::sigmoid, kernels::sigmoid},
    {"relu", kernels::relu, kernels::relu},
    {"elu", kernels::elu, kernels::elu},
    {"celu", kernels::celu, kernels::celu},
    {"selu", kernels::selu, kernels::selu},
    {"tanh", kernels::hyperbolicTangent, kernels::hyperbolicTangent},
    {"mish", kernels::mish, kernels::mish},
    {"tanhshrink", kernels::tanhshrink, kernels::tanhshrink},
    {"softplus", kernels::softplus, kernels::softplus},
    {"logsigmoid", kernels::logsigmoid, kernels::logsigmoid},
    {"relu6", kernels::relu6<float>, kernels::relu6<double>},
    {"leaky_relu", kernels::leakyRelu<float>, kernels::leakyRelu<double>},
    {"prelu", kernels::leakyRelu<float>, kernels::leakyRelu<double>},
    {"rrelu", kernels::rrelu<float>, kernels::rrelu<double>},
    {"threshold", kernels::threshold<float>, kernels::threshold<double>},
    {"hardswish", kernels::hardswish<float>, kernels::hardswish<double>},
    {"hardsigmoid", kernels::hardsigmoid<float>, kernels::hardsigmoid<double>},
    {"hardtanh", kernels::hardtanh<float>, kernels::hardtanh<double>},
    {"softsign", kernels::softsign<float>, kernels::softsign<double>},
    {"softshrink", kernels::softshrink<float>, kernels::softshrink<double>},
    {"hardshrink", kernels::hardshrink<float>, kernels::hardshrink<double>},
    {"linear", kernels::linear<float>, kernels::linear<double>},
};

std::vector<Activation> makeRegistry();

} // namespace

std::vector<std::string_view> kernelTableIds() {
    std::vector<std::string_view> ids;
    for (const KernelEntry &entry : kKernels)
        ids.push_back(entry.id);
    return ids;
}

namespace {

std::vector<Activation> registryWithKernels() {
    std::vector<Activation> rows = makeRegistry();
    for (const KernelEntry &entry : kKernels)
        for (Activation &row : rows)
            if (row.id == entry.id) {
                row.floatKernel = entry.floatKernel;
                row.doubleKernel = entry.doubleKernel;
            }
    return rows;
}

std::vector<Activation> makeRegistry() {
    using namespace fn;
    const ParameterSpec alpha{"alpha", "α", 1.0, 0.0, 10.0, false, "scale of the negative saturation"};
    const ParameterSpec lambda{"lambda", "λ", 0.5, 0.0, 10.0, false, "half-width of the zero band"};
    return {
        // GELU family
        {"gelu", "GELU", "x·Φ(x)", kGeluFamily, {}, gelu, nullptr},
        {"gelu_tanh",
         "GELU (tanh approximation)",
         "0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))",
         kGeluFamily,
         {},
         geluTanh},
        {"gelu_sigmoid", "GELU (sigmoid approximation)", "x·σ(1.702·x)", kGeluFamily, {}, geluSigmoid},
        {"gelu_cauchy", "GELU (Cauchy CDF)", "x·(1/2 + arctan(x)/π)", kGeluFamily, {}, geluCauchy},
        {"gelu_general",
         "GELU (general μ, σ)",
         "x·Φ((x − μ)/σ)",
         kGeluFamily,
         {{"mu", "μ", 0.0, -10.0, 10.0, false, "mean of the gating normal distribution"},
          {"sigma", "σ", 1.0, 0.0, 10.0, false, "standard deviation; σ = 0 is the step x·[x > μ]"}},
         geluGeneral,
         geluGeneralKinks},
        // ReLU family
        {"relu", "ReLU", "max(0, x)", kReluFamily, {}, relu, kinkAtZero},
        {"relu6", "ReLU6", "min(max(0, x), 6)", kReluFamily, {}, relu6, kinksAtZeroAndSix},
        {"leaky_relu",
         "Leaky ReLU",
         "x if x > 0 else a·x",
         kReluFamily,
         {{"negative_slope", "a", 0.01, -1.0, 1.0, false, "slope for x < 0"}},
         leakyRelu,
         kinkAtZero},
        {"prelu",
         "PReLU",
         "x if x > 0 else a·x",
         kReluFamily,
         {{"a", "a", 0.25, -1.0, 1.0, false, "slope for x < 0 (learned in a network)"}},
         leakyRelu,
         kinkAtZero},
        {"rrelu",
         "RReLU (inference)",
         "x if x > 0 else ((l + u)/2)·x",
         kReluFamily,
         {{"lower", "l", 1.0 / 8.0, 0.0, 1.0, false, "lower bound of the random slope"},
          {"upper", "u", 1.0 / 3.0, 0.0, 1.0, false, "upper bound of the random slope"}},
         rrelu,
         kinkAtZero,
         lowerNotAboveUpper},
        {"threshold",
         "Threshold",
         "x if x > t else v",
         kReluFamily,
         {{"threshold", "t", 1.0, -10.0, 10.0, false, "inputs at or below it are replaced"},
          {"value", "v", 0.0, -10.0, 10.0, false, "the replacement value"}},
         threshold,
         kinkAtFirstParameter},
        // Smooth ReLUs
        {"elu", "ELU", "x if x > 0 else α·(eˣ − 1)", kSmoothRelus, {alpha}, elu, kinkAtZero},
        {"celu",
         "CELU",
         "x if x > 0 else α·(e^(x/α) − 1)",
         kSmoothRelus,
         {{"alpha", "α", 1.0, 0.0, 10.0, true, "scale of the negative saturation"}},
         celu,
         kinkAtZero},
        {"selu",
         "SELU",
         "λ·(x if x > 0 else α·(eˣ − 1)), λ ≈ 1.0507, α ≈ 1.6733",
         kSmoothRelus,
         {},
         selu,
         kinkAtZero},
        {"silu", "SiLU (swish)", "x·σ(x)", kSmoothRelus, {}, silu},
        {"softplus",
         "Softplus",
         "log(1 + e^(β·x))/β",
         kSmoothRelus,
         {{"beta", "β", 1.0, 0.0, 100.0, true, "sharpness"},
          {"threshold", "threshold", kInf, 0.0, kInf, true,
           "above β·x > threshold the output is x (inf: off)"}},
         softplus},
        {"mish", "Mish", "x·tanh(softplus(x))", kSmoothRelus, {}, mish},
        {"hardswish",
         "Hardswish",
         "x·min(max(x + 3, 0), 6)/6",
         kSmoothRelus,
         {},
         hardswish,
         kinksAtPlusMinusThree},
        // Sigmoid-like
        {"sigmoid", "Sigmoid", "1/(1 + e⁻ˣ)", kSigmoidLike, {}, sigmoid},
        {"tanh", "Tanh", "tanh(x)", kSigmoidLike, {}, fn::tanh},
        {"hardsigmoid",
         "Hardsigmoid",
         "min(max(x/6 + 1/2, 0), 1)",
         kSigmoidLike,
         {},
         hardsigmoid,
         kinksAtPlusMinusThree},
        {"hardtanh",
         "Hardtanh",
         "min(max(x, min_val), max_val)",
         kSigmoidLike,
         {{"min_val", "min", -1.0, -10.0, 10.0, false, "lower clamp"},
          {"max_val", "max", 1.0, -10.0, 10.0, false, "upper clamp"}},
         hardtanh,
         kinksAtBothParameters,
         minBelowMax},
        {"softsign", "Softsign", "x/(1 + |x|)", kSigmoidLike, {}, softsign, kinkAtZero},
        {"logsigmoid", "LogSigmoid", "log σ(x)", kSigmoidLike, {}, logsigmoid},
        // Shrinks
        {"softshrink",
         "Softshrink",
         "x − λ·sign(x) if |x| > λ else 0",
         kShrinks,
         {lambda},
         softshrink,
         kinksAtPlusMinusFirst},
        {"hardshrink",
         "Hardshrink",
         "x if |x| > λ else 0",
         kShrinks,
         {lambda},
         hardshrink,
         kinksAtPlusMinusFirst},
        {"tanhshrink", "Tanhshrink", "x − tanh(x)", kShrinks, {}, tanhshrink},
        // Other
        {"linear", "Linear (identity)", "x", kOther, {}, linear},
    };
}

} // namespace

std::vector<double> Activation::defaultParameters() const {
    std::vector<double> values;
    values.reserve(parameters.size());
    for (const ParameterSpec &p : parameters)
        values.push_back(p.defaultValue);
    return values;
}

int Activation::parameterIndex(std::string_view parameterName) const {
    for (std::size_t i = 0; i < parameters.size(); ++i)
        if (parameters[i].name == parameterName) return static_cast<int>(i);
    return -1;
}

std::string Activation::validate(std::span<const double> params) const {
    if (params.size() != parameters.size())
        return std::string(id) + " takes " + std::to_string(parameters.size()) + " parameter(s), got " +
               std::to_string(params.size());
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        const ParameterSpec &spec = parameters[i];
        const double v = params[i];
        const bool aboveMinimum = spec.minimumExclusive ? v > spec.minimum : v >= spec.minimum;
        if (std::isnan(v) || !aboveMinimum || v > spec.maximum)
            return std::string(id) + ": " + std::string(spec.name) + " = " + formatDouble(v) +
                   " is outside " + (spec.minimumExclusive ? "(" : "[") + formatDouble(spec.minimum) + ", " +
                   formatDouble(spec.maximum) + "]";
    }
    if (checkParameters) {
        std::string message = checkParameters(params.data());
        if (!message.empty()) return std::string(id) + ": " + message;
    }
    return {};
}

std::vector<double> Activation::kinkPoints(std::span<const double> params) const {
    if (!kinks) return {};
    std::vector<double> points = kinks(params.data());
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    return points;
}

double Activation::evaluateFormula(double x, int order, const double *params) const {
    return custom->evaluate(x, order, params).value;
}

void Activation::evaluate(std::span<const double> x, std::span<double> out, int order,
                          std::span<const double> params) const {
    if (out.size() != x.size()) throw std::invalid_argument("evaluate: input and output sizes differ");
    const double *p = params.data();
    if (custom) {
        custom->evaluate(x.data(), out.data(), x.size(), order, p);
        return;
    }
    if (doubleKernel && doubleKernel(x.data(), out.data(), x.size(), order, p)) return;
    for (std::size_t i = 0; i < x.size(); ++i)
        out[i] = function(x[i], order, p);
}

void Activation::evaluate(std::span<const float> x, std::span<float> out, int order,
                          std::span<const double> params) const {
    if (out.size() != x.size()) throw std::invalid_argument("evaluate: input and output sizes differ");
    const double *p = params.data();
    if (floatKernel && floatKernel(x.data(), out.data(), x.size(), order, p)) return;
    if (custom) {
        std::vector<double> wide(x.begin(), x.end());
        custom->evaluate(wide.data(), wide.data(), wide.size(), order, p);
        std::copy(wide.begin(), wide.end(), out.begin());
        return;
    }
    for (std::size_t i = 0; i < x.size(); ++i)
        out[i] = static_cast<float>(function(x[i], order, p));
}

namespace {

const std::vector<Activation> &builtInRows() {
    static const std::vector<Activation> registry = registryWithKernels();
    return registry;
}

// A registered formula: the row and the strings its views point into. A deque never moves its elements,
// so rows handed out stay valid as more are added.
struct CustomRow {
    std::string id;
    std::string text;
    std::vector<std::string> parameterNames;
    Activation row;
};
std::mutex customMutex;
std::deque<CustomRow> customRows;

} // namespace

ActivationList activations() {
    ActivationList list(builtInRows().begin(), builtInRows().end());
    const std::lock_guard lock(customMutex);
    for (const CustomRow &c : customRows)
        list.emplace_back(c.row);
    return list;
}

ActivationList customActivations() {
    ActivationList list;
    const std::lock_guard lock(customMutex);
    for (const CustomRow &c : customRows)
        list.emplace_back(c.row);
    return list;
}

const Activation &registerCustomActivation(std::string_view formula) {
    auto parsed = std::make_shared<const CustomFormula>(formula); // throws FormulaError
    const std::lock_guard lock(customMutex);
    for (const CustomRow &c : customRows)
        if (c.text == formula) return c.row;
    CustomRow &c = customRows.emplace_back();
    c.id = "custom" + std::to_string(customRows.size());
    c.text = std::string(formula);
    c.parameterNames = parsed->parameterNames();
    c.row.id = c.id;
    c.row.name = c.text;
    c.row.formula = c.text;
    c.row.group = kCustomGroup;
    for (const std::string &name : c.parameterNames)
        c.row.parameters.push_back({name, name, 1.0, -10.0, 10.0, false, "a parameter of the formula"});
    c.row.custom = std::move(parsed);
    return c.row;
}

const Activation *findActivation(std::string_view id) {
    for (const Activation &a : builtInRows())
        if (a.id == id) return &a;
    const std::lock_guard lock(customMutex);
    for (const CustomRow &c : customRows)
        if (c.row.id == id) return &c.row;
    return nullptr;
}

std::vector<std::string_view> activationGroups() {
    std::vector<std::string_view> groups;
    for (const Activation &a : activations())
        if (std::find(groups.begin(), groups.end(), a.group) == groups.end()) groups.push_back(a.group);
    return groups;
}

ActivationInstance::ActivationInstance(std::string_view id)
    : m_activation(findActivation(id)) {
    if (!m_activation) throw std::invalid_argument("unknown activation " + quoteText(std::string(id)));
    m_parameters = m_activation->defaultParameters();
}

ActivationInstance::ActivationInstance(const Activation &activation)
    : m_activation(&activation)
    , m_parameters(activation.defaultParameters()) {}

double ActivationInstance::parameter(std::string_view name) const {
    const int i = m_activation->parameterIndex(name);
    if (i < 0)
        throw std::invalid_argument(std::string(id()) + " has no parameter " + quoteText(std::string(name)));
    return m_parameters[static_cast<std::size_t>(i)];
}

void ActivationInstance::setParameter(std::string_view name, double value) {
    const int i = m_activation->parameterIndex(name);
    if (i < 0)
        throw std::invalid_argument(std::string(id()) + " has no parameter " + quoteText(std::string(name)));
    std::vector<double> candidate = m_parameters;
    candidate[static_cast<std::size_t>(i)] = value;
    setParameters(candidate);
}

void ActivationInstance::setParameters(std::span<const double> values) {
    const std::string message = m_activation->validate(values);
    if (!message.empty()) throw std::invalid_argument(message);
    m_parameters.assign(values.begin(), values.end());
}

std::string formatDouble(double value) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

} // namespace gelulab
