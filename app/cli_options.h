#pragma once
// What the commands of gelu-lab-cli share to read their command lines: the errors and their exit statuses,
// numbers and lists, the Command wrapper around QCommandLineParser and the options several commands take.
// Internal to app/.

#include "activation.h"
#include "id_table.h"
#include "mask.h"

#include <QCommandLineParser>
#include <QHash>
#include <QSet>
#include <QSize>
#include <QStringList>

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

class QTextStream;

namespace gelulab::cli {

// Every spelling QCommandLineParser takes for an option — --name value, --name=value, -name value,
// -name=value — written one way, --name followed by its value, so that routing a command (which view, whether
// it draws) and parsing its options see the same thing (docs/ARCHITECTURE.md, "The command line"). Tokens
// after
// "--", a lone "-" (standard input or output) and negative numbers are values and stay as they are. cli::run
// canonicalises once, before anything routes.
QStringList canonicalArguments(const QStringList &arguments);
// True for a token that is an option, not a value: starts with '-' and is neither "-" nor a negative number.
bool isOptionToken(const QString &arg);
// For routing before a command's parser runs: the last value of --name in canonical arguments (before "--"),
// or empty; whether --name is there at all.
QString routingValue(const QStringList &canonical, const QString &name);
bool routingIsSet(const QStringList &canonical, const QString &name);

// A wrong command line (exit 2) or a failure while running (exit 1), with its one-line message.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct RuntimeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// User text inside a message: cut to 80 characters, control bytes escaped (quote.h); quoted() adds the single
// quotes. Every message that repeats what the user typed or a file held goes through one of them.
QString shown(const QString &text);
QString quoted(const QString &text);

[[noreturn]] void usageError(const QString &message);
// A failure while running, from a message in a QString.
[[noreturn]] void runtimeError(const QString &message);

// A number as the command line writes it: decimal or exponent form, nan, inf, -inf (any case).
bool parseDouble(const QString &text, double &value);
double parseNumber(const QString &text, const QString &what);
int parseInteger(const QString &text, const QString &what, int minimum, int maximum);
// --order: 0, 1 or 2.
int parseOrder(const QString &text);
// --size WIDTHxHEIGHT: 16 to kMaxPictureSide a side, at most kMaxPicturePixels in all.
inline constexpr qint64 kMaxPictureSide = 16384;
inline constexpr qint64 kMaxPicturePixels = qint64(8192) * 8192;
QSize parseSize(const QString &text);

// --param NAME=VALUE (repeatable) on every picked function that has NAME; at least one must have it.
void applyParameters(std::vector<ActivationInstance *> instances, const QStringList &assignments);
std::vector<ActivationInstance *> pointers(std::vector<ActivationInstance> &instances);

// What a command's --help says above its options (UTF-8): the usage line's command name and synopsis, and
// the description.
struct CommandHelp {
    const char *name;
    const char *synopsis;
    const char *description;
};

// One command: its parser, the options it knows, the help it prints and the custom activations its
// --formula options registered.
class Command {
public:
    explicit Command(const CommandHelp &help);

    void addOption(const QString &name, const QString &description, const QString &valueName = {},
                   const QString &defaultValue = {});
    // An option whose help ends in "(default VALUE).", so that the default is written once.
    void addDefaultedOption(const QString &name, const QString &description, const QString &valueName,
                            const QString &defaultValue);
    // Options as rows of a table: name, value name (none for a flag), description, default; `shown` adds
    // "(default VALUE)." to the description, as addDefaultedOption does.
    struct Row {
        const char *name;
        const char *valueName;
        const char *description;
        const char *defaultValue = "";
        bool shown = false;
    };
    void addOptions(std::initializer_list<Row> rows);
    // Parses the arguments after the command name. Returns false when --help was printed.
    bool parse(const QStringList &arguments, QTextStream &out);

    QString value(const QString &name) const { return m_parser.value(name); }
    QStringList values(const QString &name) const { return m_parser.values(name); }
    bool isSet(const QString &name) const { return m_parser.isSet(name); }
    QStringList positionalArguments() const { return m_parser.positionalArguments(); }
    void expectNoPositionals() const;

    void addOrderOption();
    void addJsonOption();
    void addParamOption();
    void addReferenceParamOption();
    // --formula EXPR (repeatable): custom activations, named custom1, custom2, … in the order given.
    void addFormulaOption();
    // --size WxH with its default; what the size is of (a picture, a window) starts the description.
    void addSizeOption(const QString &what, const QString &defaultSize);
    // --type float|double (validated); true for float.
    bool floatType() const;
    // --seed S: a whole number ≥ 0.
    quint64 seed() const;

    // Registers the --formula options (custom1, custom2, … for this command line) and returns their ids.
    QStringList registerFormulas();
    // Registers the --formula options and returns the --function list (the formulas when it is absent).
    QString functionList();
    // An activation id as given, this command line's custom1, custom2, … resolved.
    QString activationId(const QString &id) const;
    // The activations named by a comma-separated list given to option, in the order given.
    std::vector<ActivationInstance> parseFunctions(const QString &list, const QString &option,
                                                   bool single) const;

private:
    QString m_name;
    QString m_synopsis;
    QCommandLineParser m_parser;
    // "--name" of the options that take a value, to their value names; "--name" of the flags.
    QHash<QString, QString> m_valueNames;
    QSet<QString> m_flags;
    // custom1, custom2, … of this command line's --formula options to the ids they were registered as.
    QHash<QString, QString> m_formulaAliases;
};

// Options shared by the commands that sample over a range.
struct Range {
    double from;
    double to;
};

Range parseRange(const Command &cmd);
void addRangeOptions(Command &cmd, const QString &from, const QString &to, const QString &points);
// --from/--to as given, else the defaults (the Error view's: [−8, 8] for approximations, the tail [−20, 4]
// for precision).
Range rangeOr(const Command &cmd, Range defaults);

// An approximation and the reference it is measured against (error, render --view error|precision).
struct ApproximationPair {
    ActivationInstance approximation;
    ActivationInstance reference;
};
// The approximation named by list (one id) and --reference, before any --param.
ApproximationPair parseApproximationPair(const Command &cmd, const QString &list);
// --param on both, then --reference-param on the reference alone.
void applyPairParameters(const Command &cmd, ApproximationPair &pair);

// --gate and --param mu=…, sigma=… (the normal gate's only parameters).
MaskGate parseGate(const Command &cmd);

[[noreturn]] void badChoice(const QString &option, const QString &choices, const QString &value);

// The value of --option as one of the ids of T's table (id_table.h); otherwise a command-line error listing
// them.
template<typename T>
T parseChoice(const Command &cmd, const QString &option) {
    const QString value = cmd.value(option);
    if (const std::optional<T> parsed = fromId<T>(value.toStdString())) return *parsed;
    QStringList choices;
    for (T choice : enumValues<T>()) {
        const std::string_view id = idOf(choice);
        choices << QString::fromUtf8(id.data(), qsizetype(id.size()));
    }
    badChoice(option, choices.join(QStringLiteral(", ")), value);
}

// --out FILE for a picture: required, .png, .svg or .pdf, in a directory that can be written.
QString checkedPictureName(const Command &cmd);

// True when the arguments choose --view playground (render and bench render draw it with a trainer).
bool choosesPlayground(const QStringList &args);

} // namespace gelulab::cli
