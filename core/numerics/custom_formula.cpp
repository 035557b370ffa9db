#include "custom_formula.h"

#include "special.h"

#include <muParser.h>

#include <atomic>
#include <cctype>
#include <unordered_map>

namespace gelulab {
namespace {

double phiFunction(double x) {
    return special::normalPdf(x);
}
double capitalPhiFunction(double x) {
    return special::normalCdf(x);
}
double erfFunction(double x) {
    return std::erf(x);
}
double erfcFunction(double x) {
    return std::erfc(x);
}
// σ(x) without overflow of e^{-x} for large negative x.
double sigmoidFunction(double x) {
    if (x >= 0.0) return 1.0 / (1.0 + std::exp(-x));
    const double e = std::exp(x);
    return e / (1.0 + e);
}
// log(1 + eˣ) = max(x, 0) + log1p(e^{−|x|}): no overflow, no loss for large |x|.
double softplusFunction(double x) {
    return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x)));
}
double log1pFunction(double x) {
    return std::log1p(x);
}
double expm1Function(double x) {
    return std::expm1(x);
}

// The names a formula may use beyond muParser's own.
void defineLibrary(mu::Parser &parser) {
    parser.DefineFun("erf", erfFunction);
    parser.DefineFun("erfc", erfcFunction);
    parser.DefineFun("Phi", capitalPhiFunction);
    parser.DefineFun("phi", phiFunction);
    parser.DefineFun("sigmoid", sigmoidFunction);
    parser.DefineFun("softplus", softplusFunction);
    parser.DefineFun("log1p", log1pFunction);
    parser.DefineFun("expm1", expm1Function);
    parser.DefineConst("pi", 3.141592653589793238462643383279502884);
}

bool isNameCharacter(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

FormulaError formulaError(const mu::Parser::exception_type &e, const std::string &text) {
    std::string message = e.GetMsg();
    // muParser ends its messages with " at position N." or a full stop; the position is reported apart.
    if (const std::size_t at = message.rfind(" at position "); at != std::string::npos) message.erase(at);
    while (!message.empty() && (message.back() == '.' || message.back() == ' '))
        message.pop_back();
    // Errors at the end of the text point one past it.
    int position = std::clamp(e.GetPos(), 0, static_cast<int>(text.size()));
    // An unknown name is taken for a parameter, so "Psi(x)" fails at its bracket: name the function instead.
    if (e.GetToken() == "(" && position > 0) {
        int start = position;
        while (start > 0 && isNameCharacter(text[std::size_t(start - 1)]))
            --start;
        if (start < position && !std::isdigit(static_cast<unsigned char>(text[std::size_t(start)]))) {
            message =
                "unknown function \"" + text.substr(std::size_t(start), std::size_t(position - start)) + "\"";
            position = start;
        }
    }
    return FormulaError(message, position);
}

std::atomic<std::uint64_t> nextSerial{1};

} // namespace

struct CustomFormula::Evaluator {
    mu::Parser parser;
    double x = 0.0;
    double params[kMaxParameters] = {};

    Evaluator(const std::string &text, const std::vector<std::string> &names) {
        defineLibrary(parser);
        parser.DefineVar("x", &x);
        for (std::size_t i = 0; i < names.size(); ++i)
            parser.DefineVar(names[i], &params[i]);
        parser.SetExpr(text);
    }

    double value(double at) {
        x = at;
        try {
            return parser.Eval();
        } catch (const mu::Parser::exception_type &) {
            // Parsed once already in the constructor of CustomFormula; a failure here is a domain error.
            return std::numeric_limits<double>::quiet_NaN();
        }
    }

    EstimatedValue evaluate(double at, int order) {
        if (order == 0) return {value(at), 0.0};
        return richardsonDerivative([this](double t) { return value(t); }, at, order);
    }
};

CustomFormula::CustomFormula(std::string_view text)
    : m_text(text)
    , m_serial(nextSerial.fetch_add(1)) {
    if (m_text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw FormulaError("the formula is empty", 0);
    mu::Parser parser;
    try {
        defineLibrary(parser);
        double x = 0.5;
        parser.DefineVar("x", &x);
        parser.SetExpr(m_text);
        for (const auto &[name, pointer] : parser.GetUsedVar())
            if (name != "x") m_parameterNames.push_back(name);
        if (m_parameterNames.size() > kMaxParameters)
            throw FormulaError("a formula may have at most " + std::to_string(kMaxParameters) +
                                   " parameters besides x, this one has " +
                                   std::to_string(m_parameterNames.size()),
                               0);
        std::vector<double> values(m_parameterNames.size(), 1.0);
        for (std::size_t i = 0; i < m_parameterNames.size(); ++i)
            parser.DefineVar(m_parameterNames[i], &values[i]);
        parser.Eval(); // the full syntax check happens on the first evaluation
    } catch (const mu::Parser::exception_type &e) {
        throw formulaError(e, m_text);
    }
}

CustomFormula::~CustomFormula() = default;

CustomFormula::Evaluator &CustomFormula::threadEvaluator() const {
    thread_local std::unordered_map<std::uint64_t, std::unique_ptr<Evaluator>> evaluators;
    std::unique_ptr<Evaluator> &slot = evaluators[m_serial];
    if (!slot) slot = std::make_unique<Evaluator>(m_text, m_parameterNames);
    return *slot;
}

EstimatedValue CustomFormula::evaluate(double x, int order, const double *params) const {
    Evaluator &e = threadEvaluator();
    std::copy(params, params + m_parameterNames.size(), e.params);
    return e.evaluate(x, order);
}

void CustomFormula::evaluate(const double *x, double *out, std::size_t n, int order,
                             const double *params) const {
    Evaluator &e = threadEvaluator();
    std::copy(params, params + m_parameterNames.size(), e.params);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = e.evaluate(x[i], order).value;
}

} // namespace gelulab
