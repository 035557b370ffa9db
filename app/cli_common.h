#pragma once
// What the commands of gelu-lab-cli share: errors and their exit statuses, number and list parsing, the
// Command wrapper around QCommandLineParser, JSON helpers and the progress bar. Internal to app/.

#include "activation.h"
#include "custom_formula.h"
#include "plotexport.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSize>
#include <QStringList>
#include <QTextStream>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace gelulab::cli {

// A wrong command line (exit 2) or a failure while running (exit 1), with its one-line message.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct RuntimeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] inline void usageError(const QString &message) {
    throw UsageError(message.toStdString());
}

inline QString toQString(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

inline QString formatFull(double v) {
    return QString::asprintf("%.17g", v);
}

// JSON has no NaN or infinity: those become the strings "nan", "inf", "-inf".
inline QJsonValue jsonNumber(double v) {
    if (std::isfinite(v)) return v;
    return std::isnan(v) ? QStringLiteral("nan") : (v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf"));
}

inline void printJson(QTextStream &out, const QJsonObject &object) {
    out << QJsonDocument(object).toJson(QJsonDocument::Indented);
}

// A number as the command line writes it: decimal or exponent form, nan, inf, -inf (any case).
inline bool parseDouble(const QString &text, double &value) {
    const QByteArray bytes = text.trimmed().toLatin1();
    const char *begin = bytes.constData();
    const char *end = begin + bytes.size();
    if (begin != end && *begin == '+') ++begin;
    if (begin == end) return false;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    return ec == std::errc() && ptr == end;
}

inline double parseNumber(const QString &text, const QString &what) {
    double value = 0.0;
    if (!parseDouble(text, value)) usageError(QStringLiteral("'%1' is not a number (%2)").arg(text, what));
    return value;
}

inline int parseInteger(const QString &text, const QString &what, int minimum, int maximum) {
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < minimum || value > maximum)
        usageError(QStringLiteral("%1 must be an integer from %2 to %3, not '%4'")
                       .arg(what)
                       .arg(minimum)
                       .arg(maximum)
                       .arg(text));
    return value;
}

inline int parseOrder(const QString &text) {
    if (text != QLatin1String("0") && text != QLatin1String("1") && text != QLatin1String("2"))
        usageError(QStringLiteral("--order must be 0, 1 or 2, not '%1'").arg(text));
    return text.toInt();
}

inline QSize parseSize(const QString &text) {
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,5})x(\\d{1,5})$"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch() || m.captured(1).toInt() < 16 || m.captured(2).toInt() < 16 ||
        m.captured(1).toInt() > 20000 || m.captured(2).toInt() > 20000)
        usageError(
            QStringLiteral("--size must be WIDTHxHEIGHT in pixels (16 to 20000 each), not '%1'").arg(text));
    return {m.captured(1).toInt(), m.captured(2).toInt()};
}

// This command line's formulas: "custom1" is its first --formula, whatever else the process registered.
inline QHash<QString, QString> formulaAliases;

// The activations named by a comma-separated --function list, in the order given.
inline std::vector<ActivationInstance> parseFunctions(const QString &list, const QString &option,
                                                      bool single) {
    if (list.isEmpty()) usageError(QStringLiteral("%1 is required (see `gelu-lab-cli list`)").arg(option));
    const QStringList ids = list.split(QLatin1Char(','));
    if (single && ids.size() != 1)
        usageError(QStringLiteral("%1 takes one activation here, got %2").arg(option).arg(ids.size()));
    std::vector<ActivationInstance> instances;
    for (const QString &id : ids) {
        const Activation *a = findActivation(formulaAliases.value(id.trimmed(), id.trimmed()).toStdString());
        if (!a)
            usageError(
                QStringLiteral("unknown activation '%1' in %2 (see `gelu-lab-cli list`)").arg(id, option));
        instances.emplace_back(*a);
    }
    return instances;
}

// --param NAME=VALUE (repeatable) on every picked function that has NAME; at least one must have it.
inline void applyParameters(std::vector<ActivationInstance *> instances, const QStringList &assignments) {
    for (const QString &assignment : assignments) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        if (eq <= 0) usageError(QStringLiteral("--param takes NAME=VALUE, not '%1'").arg(assignment));
        const QString name = assignment.left(eq);
        const double value = parseNumber(assignment.mid(eq + 1), QStringLiteral("--param ") + name);
        bool used = false;
        for (ActivationInstance *instance : instances) {
            if (instance->activation().parameterIndex(name.toStdString()) < 0) continue;
            try {
                instance->setParameter(name.toStdString(), value);
            } catch (const std::invalid_argument &e) {
                usageError(QString::fromStdString(e.what()));
            }
            used = true;
        }
        if (!used) usageError(QStringLiteral("no chosen activation has a parameter '%1'").arg(name));
    }
}

inline std::vector<ActivationInstance *> pointers(std::vector<ActivationInstance> &instances) {
    std::vector<ActivationInstance *> p;
    for (ActivationInstance &i : instances)
        p.push_back(&i);
    return p;
}

// One command: its parser, the options it knows, and the help it prints.
class Command {
public:
    Command(const QString &name, const QString &synopsis, const QString &description)
        : m_name(name)
        , m_synopsis(synopsis) {
        m_parser.setApplicationDescription(description);
        m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
        m_parser.addHelpOption();
    }

    void addOption(const QString &name, const QString &description, const QString &valueName = {},
                   const QString &defaultValue = {}) {
        QCommandLineOption option(name, description, valueName, defaultValue);
        m_parser.addOption(option);
        if (!valueName.isEmpty()) m_valueOptions << QStringLiteral("--") + name << QStringLiteral("-") + name;
    }

    // Parses the arguments after the command name. Returns false when --help was printed.
    bool parse(const QStringList &arguments, QTextStream &out) {
        // A negative number is a value, not an option: positional arguments (those that are not an option's
        // value) are collected in order and handed to the parser behind "--".
        static const QRegularExpression negativeNumber(QStringLiteral("^-(\\d|\\.\\d|inf$|infinity$|nan$)"),
                                                       QRegularExpression::CaseInsensitiveOption);
        QStringList options{QStringLiteral("gelu-lab-cli")};
        QStringList positionals; // in their given order
        bool afterSeparator = false;
        for (qsizetype i = 0; i < arguments.size(); ++i) {
            const QString &arg = arguments[i];
            if (afterSeparator || !arg.startsWith(QLatin1Char('-')) || negativeNumber.match(arg).hasMatch()) {
                positionals << arg;
            } else if (arg == QLatin1String("--")) {
                afterSeparator = true;
            } else {
                options << arg;
                if (m_valueOptions.contains(arg) && i + 1 < arguments.size()) options << arguments[++i];
            }
        }
        options << QStringLiteral("--") << positionals;
        if (!m_parser.parse(options)) usageError(QStringLiteral("%1: %2").arg(m_name, m_parser.errorText()));
        if (m_parser.isSet(QStringLiteral("help"))) {
            QString help = m_parser.helpText();
            help.replace(QRegularExpression(QStringLiteral("^Usage: [^\\n]*")),
                         QStringLiteral("Usage: gelu-lab-cli %1 %2").arg(m_name, m_synopsis));
            out << help;
            return false;
        }
        return true;
    }

    QString value(const QString &name) const { return m_parser.value(name); }
    QStringList values(const QString &name) const { return m_parser.values(name); }
    bool isSet(const QString &name) const { return m_parser.isSet(name); }
    QStringList positionalArguments() const { return m_parser.positionalArguments(); }
    void expectNoPositionals() const {
        if (!m_parser.positionalArguments().isEmpty())
            usageError(QStringLiteral("%1: unexpected argument '%2'")
                           .arg(m_name, m_parser.positionalArguments().first()));
    }
    void addOrderOption() {
        addOption(QStringLiteral("order"), QStringLiteral("0 for f, 1 for f′, 2 for f″ (default 0)."),
                  QStringLiteral("K"), QStringLiteral("0"));
    }
    // --type float|double (validated); true for float.
    bool floatType() const {
        const QString name = value(QStringLiteral("type"));
        if (name != QLatin1String("float") && name != QLatin1String("double"))
            usageError(QStringLiteral("--type must be float or double, not '%1'").arg(name));
        return name == QLatin1String("float");
    }
    void addJsonOption() {
        addOption(QStringLiteral("json"), QStringLiteral("Print one JSON object instead of text."));
    }
    // --formula EXPR (repeatable): custom activations, named custom1, custom2, … in the order given.
    void addFormulaOption() {
        addOption(QStringLiteral("formula"),
                  QStringLiteral("A custom activation, a formula in x such as 'x*Phi(1.5*x)' (repeatable): "
                                 "the first is custom1, the next custom2, …; they are the functions when "
                                 "--function is not given."),
                  QStringLiteral("EXPR"));
    }
    // Registers the --formula options and returns the --function list (the formulas when it is absent).
    QString functionList() const {
        const QStringList ids = registerFormulas();
        const QString list = value(QStringLiteral("function"));
        return list.isEmpty() ? ids.join(QLatin1Char(',')) : list;
    }
    // Registers the --formula options (custom1, custom2, … for this command line) and returns their ids.
    QStringList registerFormulas() const {
        formulaAliases.clear();
        QStringList ids;
        for (const QString &text : values(QStringLiteral("formula"))) {
            try {
                const Activation &row = registerCustomActivation(text.toStdString());
                ids << QStringLiteral("custom%1").arg(ids.size() + 1);
                formulaAliases.insert(ids.back(), QString::fromUtf8(row.id.data(), qsizetype(row.id.size())));
            } catch (const FormulaError &e) {
                usageError(QStringLiteral("--formula '%1': %2 at position %3")
                               .arg(text, QString::fromStdString(e.what()))
                               .arg(e.position() + 1));
            }
        }
        return ids;
    }
    void addReferenceParamOption() {
        addOption(QStringLiteral("reference-param"),
                  QStringLiteral("Set a parameter of the reference only, after --param (repeatable)."),
                  QStringLiteral("NAME=VALUE"));
    }
    void addParamOption() {
        addOption(QStringLiteral("param"),
                  QStringLiteral("Set a parameter on every chosen activation that has it (repeatable)."),
                  QStringLiteral("NAME=VALUE"));
    }

private:
    QString m_name;
    QString m_synopsis;
    QCommandLineParser m_parser;
    QStringList m_valueOptions;
};

inline QJsonObject parametersJson(const ActivationInstance &instance) {
    QJsonObject p;
    const Activation &a = instance.activation();
    for (std::size_t i = 0; i < a.parameters.size(); ++i)
        p.insert(toQString(a.parameters[i].name), jsonNumber(instance.parameters()[i]));
    return p;
}

// Options shared by the commands that sample over a range.
struct Range {
    double from;
    double to;
};

inline Range parseRange(const Command &cmd) {
    const Range r{parseNumber(cmd.value(QStringLiteral("from")), QStringLiteral("--from")),
                  parseNumber(cmd.value(QStringLiteral("to")), QStringLiteral("--to"))};
    if (!std::isfinite(r.from) || !std::isfinite(r.to) || !(r.from < r.to))
        usageError(QStringLiteral("the range needs finite --from < --to, got [%1, %2]")
                       .arg(cmd.value(QStringLiteral("from")), cmd.value(QStringLiteral("to"))));
    return r;
}

inline void addRangeOptions(Command &cmd, const QString &from, const QString &to, const QString &points) {
    cmd.addOption(QStringLiteral("from"), QStringLiteral("Left end of the range (default %1).").arg(from),
                  QStringLiteral("X"), from);
    cmd.addOption(QStringLiteral("to"), QStringLiteral("Right end of the range (default %1).").arg(to),
                  QStringLiteral("X"), to);
    if (!points.isEmpty())
        cmd.addOption(QStringLiteral("points"),
                      QStringLiteral("Number of points, ends included (default %1).").arg(points),
                      QStringLiteral("N"), points);
}

// ---- progress ----
inline bool progressEnabled = false;

// A progress bar on stderr, drawn only when stderr is a terminal (setProgressEnabled) and at most ten times a
// second; it erases itself when done.
class ProgressBar {
public:
    ProgressBar(QTextStream &err, const QString &label)
        : m_err(err)
        , m_label(label) {
        m_timer.start();
    }
    ~ProgressBar() {
        if (m_drawn) {
            m_err << "\r" << QString(m_width, QLatin1Char(' ')) << "\r";
            m_err.flush();
        }
    }
    void update(double fraction) {
        if (!progressEnabled || m_timer.elapsed() < m_nextDraw) return;
        m_nextDraw = m_timer.elapsed() + 100;
        constexpr int kCells = 30;
        const int filled = std::clamp(int(fraction * kCells), 0, kCells);
        const QString line =
            QStringLiteral("%1 [%2%3] %4 %")
                .arg(m_label, QString(filled, QLatin1Char('#')), QString(kCells - filled, QLatin1Char(' ')))
                .arg(int(fraction * 100.0));
        m_width = std::max(m_width, int(line.size()));
        m_err << "\r" << line;
        m_err.flush();
        m_drawn = true;
    }
    static void callback(double fraction, void *self) { static_cast<ProgressBar *>(self)->update(fraction); }

private:
    QTextStream &m_err;
    QString m_label;
    QElapsedTimer m_timer;
    qint64 m_nextDraw = 300; // short runs show nothing
    int m_width = 0;
    bool m_drawn = false;
};

// Writes a file atomically (saveText); a failure is a runtime error naming the file.
inline void writeCsv(const QString &fileName, const QByteArray &text) {
    const QString error = saveText(fileName, text);
    if (!error.isEmpty()) throw RuntimeError(error.toStdString());
}

// The value of --option as one of the ids fromId knows; otherwise a command-line error listing the choices.
template<typename T>
inline T parseChoice(const Command &cmd, const QString &option, std::optional<T> (*fromId)(std::string_view),
                     const QString &choices) {
    const QString value = cmd.value(option);
    const std::optional<T> parsed = fromId(value.toStdString());
    if (!parsed) usageError(QStringLiteral("--%1 must be one of %2, not '%3'").arg(option, choices, value));
    return *parsed;
}

// --out FILE for a picture: required, .png, .svg or .pdf, in a directory that can be written.
inline QString checkedPictureName(const Command &cmd) {
    const QString fileName = cmd.value(QStringLiteral("out"));
    if (fileName.isEmpty()) usageError(QStringLiteral("--out FILE is required"));
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") && suffix != QLatin1String("pdf"))
        usageError(QStringLiteral("--out must end in .png, .svg or .pdf, not '%1'").arg(fileName));
    // Before any long work: a missing or read-only directory fails now, as exporting would fail later.
    const QFileInfo directory(QFileInfo(fileName).absolutePath());
    if (!directory.isDir())
        throw RuntimeError(QStringLiteral("cannot write %1: directory %2 does not exist")
                               .arg(fileName, directory.filePath())
                               .toStdString());
    if (!directory.isWritable())
        throw RuntimeError(QStringLiteral("cannot write %1: directory %2 is not writable")
                               .arg(fileName, directory.filePath())
                               .toStdString());
    return fileName;
}

// The training commands (cli_training.cpp).
int trainCommand(const QStringList &args, QTextStream &out, QTextStream &err);
int compareCommand(const QStringList &args, QTextStream &out, QTextStream &err);
int robustnessCommand(const QStringList &args, QTextStream &out, QTextStream &err);
int benchPlayground(const QStringList &args, QTextStream &out);
int renderPlayground(const QStringList &args, QTextStream &out, QTextStream &err);
int benchRenderPlayground(const QStringList &args, QTextStream &out);
// The paper's experiments on the digits (cli_paper.cpp).
int paperCommand(const QStringList &args, QTextStream &out, QTextStream &err);

// True when the arguments choose --view playground (render and bench render hand those to cli_training.cpp).
inline bool choosesPlayground(const QStringList &args) {
    const qsizetype i = args.indexOf(QStringLiteral("--view"));
    return i >= 0 && args.value(i + 1) == QLatin1String("playground");
}

} // namespace gelulab::cli
