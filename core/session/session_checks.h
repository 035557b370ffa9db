#pragma once
// The checks a session's values pass (session_state.cpp's validate(), and the saved results' in
// saved_results.cpp), shared between the two files of this library; not for use outside it. A check that
// fails throws Invalid with the path to the key, caught once in validate().

#include "session_state.h"

#include "activation.h"
#include "custom_formula.h"
#include "id_table.h"
#include "quote.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

namespace gelulab::session::checks {

// Thrown by the checks below, caught once in validate().
struct Invalid {
    Error problem;
};

[[noreturn]] inline void fail(const std::string &path, const std::string &message) {
    throw Invalid{{path, message}};
}

inline std::string number(double v) {
    return formatDouble(v);
}

inline void checkInteger(const std::string &path, const std::optional<int> &v, int low, int high) {
    if (v && (*v < low || *v > high))
        fail(path, std::to_string(*v) + " is outside " + std::to_string(low) + " to " + std::to_string(high));
}

inline void checkNumber(const std::string &path, const std::optional<double> &v, double low, double high) {
    if (!v) return;
    if (!std::isfinite(*v)) fail(path, "not a finite number");
    if (*v < low || *v > high) fail(path, number(*v) + " is outside " + number(low) + " to " + number(high));
}

template<std::size_t N>
void checkChoice(const std::string &path, const std::optional<double> &v,
                 const std::array<double, N> &choices) {
    if (!v) return;
    if (std::find(choices.begin(), choices.end(), *v) == choices.end()) {
        std::string list;
        for (double c : choices)
            list += (list.empty() ? "" : ", ") + number(c);
        fail(path, number(v.value_or(0.0)) + " is not one of " + list);
    }
}

// A view's play speed: units a second from the speed box, 0 for as fast as possible.
inline void checkSpeed(const std::string &path, const std::optional<double> &v) {
    checkChoice(path, v, kSpeeds);
}

template<typename Enum>
void checkId(const std::string &path, const std::optional<std::string> &id, const char *what) {
    if (id && !fromId<Enum>(*id)) fail(path, "unknown " + std::string(what) + " " + quoteText(*id));
}

inline void checkText(const std::string &path, const std::string &text, std::size_t limit = kMaxTextLength) {
    if (text.size() > limit) fail(path, "longer than " + std::to_string(limit) + " characters");
}

// from < to, both finite and within ±kMaxAbsX; the two come together.
inline void checkRange(const std::string &path, const std::optional<double> &from,
                       const std::optional<double> &to) {
    if (from.has_value() != to.has_value()) fail(path + (from ? "to" : "from"), "from and to come together");
    checkNumber(path + "from", from, -kMaxAbsX, kMaxAbsX);
    checkNumber(path + "to", to, -kMaxAbsX, kMaxAbsX);
    if (from && !(*from < *to)) fail(path + "to", "the range needs from < to");
}

// What the session's ids may name: the built-in rows and the session's own formulas (saved id → parsed).
class Activations {
public:
    explicit Activations(const Session &s) {
        for (std::size_t i = 0; i < s.formulas.size(); ++i) {
            const std::string path = "formulas[" + std::to_string(i) + "]";
            const CustomFormulaEntry &entry = s.formulas[i];
            if (!isCustomId(entry.id))
                fail(path + ".id", quoteText(entry.id) + " is not a custom formula's id");
            if (m_custom.count(entry.id)) fail(path + ".id", quoteText(entry.id) + " appears twice");
            checkText(path + ".formula", entry.formula, kMaxFormulaLength);
            m_custom[entry.id] = parse(path + ".formula", entry.formula);
        }
    }

    // The parameter names of the row, or a failure naming the id.
    std::vector<std::string> parameters(const std::string &path, const std::string &id) const {
        if (const auto it = m_custom.find(id); it != m_custom.end()) return it->second->parameterNames();
        const Activation *row = isCustomId(id) ? nullptr : findActivation(id);
        if (!row) fail(path, "unknown activation " + quoteText(id));
        std::vector<std::string> names;
        for (const ParameterSpec &p : row->parameters)
            names.emplace_back(p.name);
        return names;
    }

    // Checks values against the row's ranges (built-in rows) or the custom range [−10, 10].
    void checkValues(const std::string &path, const std::string &id,
                     const std::vector<double> &values) const {
        const std::vector<std::string> names = parameters(path, id);
        if (values.size() != names.size())
            fail(path, quoteText(id) + " takes " + std::to_string(names.size()) + " parameter values, not " +
                           std::to_string(values.size()));
        for (std::size_t i = 0; i < values.size(); ++i)
            if (std::isnan(values[i])) fail(path + "[" + std::to_string(i) + "]", "not a number");
        if (m_custom.count(id)) {
            for (std::size_t i = 0; i < values.size(); ++i)
                checkNumber(path + "[" + std::to_string(i) + "]", values[i], -10.0, 10.0);
            return;
        }
        if (const std::string problem = findActivation(id)->validate(values); !problem.empty())
            fail(path, problem);
    }

    static std::shared_ptr<const CustomFormula> parse(const std::string &path, const std::string &formula) {
        try {
            return std::make_shared<const CustomFormula>(formula);
        } catch (const std::exception &e) {
            fail(path, e.what());
        }
    }

private:
    std::map<std::string, std::shared_ptr<const CustomFormula>> m_custom;
};

// A finished comparison's and a paper experiment's saved results (saved_results.cpp).
void checkCompareResults(const std::string &base, const CompareResults &r, const Activations &known);
void checkPaperResults(const std::string &base, const PaperResults &r, const Activations &known);

} // namespace gelulab::session::checks
