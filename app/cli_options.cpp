#include "cli_options.h"

#include "custom_formula.h"
#include "number_text.h"
#include "quote.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QTextStream>

#include <charconv>
#include <cmath>

namespace gelulab::cli {

QString shown(const QString &text) {
    constexpr qsizetype kCharacters = 80;
    // Only what is shown is converted: a 100 MB field costs nothing here.
    const QByteArray bytes = text.left(kCharacters + 1).toUtf8();
    return QString::fromStdString(
        shownText(std::string_view(bytes.constData(), std::size_t(bytes.size())), kCharacters));
}

QString quoted(const QString &text) {
    return QLatin1Char('\'') + shown(text) + QLatin1Char('\'');
}

void usageError(const QString &message) {
    throw UsageError(message.toStdString());
}

void runtimeError(const QString &message) {
    throw RuntimeError(message.toStdString());
}

bool parseDouble(const QString &text, double &value) {
    const QByteArray bytes = text.trimmed().toLatin1();
    const char *begin = bytes.constData();
    const char *end = begin + bytes.size();
    if (begin != end && *begin == '+') ++begin;
    if (begin == end) return false;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    return ec == std::errc() && ptr == end;
}

double parseNumber(const QString &text, const QString &what) {
    double value = 0.0;
    if (parseDouble(text, value)) return value;
    // A number that rounds to 0 or ∞ is a number, just not a double: say which.
    QByteArray bytes = text.trimmed().toLatin1();
    if (bytes.startsWith('+')) bytes.remove(0, 1);
    if (const std::string problem =
            doubleRangeProblem(std::string_view(bytes.constData(), std::size_t(bytes.size())));
        !problem.empty())
        usageError(QStringLiteral("'%1' %2 (%3)").arg(shown(text), QString::fromStdString(problem), what));
    usageError(QStringLiteral("'%1' is not a number (%2)").arg(shown(text), what));
}

int parseInteger(const QString &text, const QString &what, int minimum, int maximum) {
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < minimum || value > maximum)
        usageError(QStringLiteral("%1 must be an integer from %2 to %3, not %4")
                       .arg(what, QString::number(minimum), QString::number(maximum), quoted(text)));
    return value;
}

int parseOrder(const QString &text) {
    if (text != QLatin1String("0") && text != QLatin1String("1") && text != QLatin1String("2"))
        usageError(QStringLiteral("--order must be 0, 1 or 2, not '%1'").arg(shown(text)));
    return text.toInt();
}

QSize parseSize(const QString &text) {
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,5})x(\\d{1,5})$"));
    const QRegularExpressionMatch m = pattern.match(text);
    // A side of at most 16,384 pixels and 64 megapixels in all (a 256 MB image): any picture a screen, a
    // poster or a paper needs, and not the gigabytes a mistyped size would take.
    const qint64 width = m.captured(1).toInt(), height = m.captured(2).toInt();
    if (!m.hasMatch() || width < 16 || height < 16 || width > kMaxPictureSide || height > kMaxPictureSide ||
        width * height > kMaxPicturePixels)
        usageError(QStringLiteral("--size must be WIDTHxHEIGHT in pixels, 16 to 16384 a side and at most "
                                  "8192x8192 in area, not '%1'")
                       .arg(shown(text)));
    return {m.captured(1).toInt(), m.captured(2).toInt()};
}

void applyParameters(std::vector<ActivationInstance *> instances, const QStringList &assignments) {
    for (const QString &assignment : assignments) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        if (eq <= 0) usageError(QStringLiteral("--param takes NAME=VALUE, not '%1'").arg(shown(assignment)));
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
        if (!used) usageError(QStringLiteral("no chosen activation has a parameter '%1'").arg(shown(name)));
    }
}

std::vector<ActivationInstance *> pointers(std::vector<ActivationInstance> &instances) {
    std::vector<ActivationInstance *> p;
    for (ActivationInstance &i : instances)
        p.push_back(&i);
    return p;
}

bool isOptionToken(const QString &arg) {
    static const QRegularExpression negativeNumber(QStringLiteral("^-(\\d|\\.\\d|inf$|infinity$|nan$)"),
                                                   QRegularExpression::CaseInsensitiveOption);
    return arg.startsWith(QLatin1Char('-')) && arg != QLatin1String("-") &&
           !negativeNumber.match(arg).hasMatch();
}

QStringList canonicalArguments(const QStringList &arguments) {
    QStringList canonical;
    bool afterSeparator = false;
    for (const QString &arg : arguments) {
        if (afterSeparator || !isOptionToken(arg)) {
            canonical << arg;
            continue;
        }
        if (arg == QLatin1String("--")) {
            afterSeparator = true;
            canonical << arg;
            continue;
        }
        const QString body = arg.mid(arg.startsWith(QLatin1String("--")) ? 2 : 1);
        const qsizetype eq = body.indexOf(QLatin1Char('='));
        canonical << QStringLiteral("--") + (eq < 0 ? body : body.left(eq));
        if (eq >= 0) canonical << body.mid(eq + 1);
    }
    return canonical;
}

namespace {
// Where --name last stands in canonical arguments before "--", or -1.
qsizetype routingIndex(const QStringList &canonical, const QString &name) {
    qsizetype found = -1;
    const QString option = QStringLiteral("--") + name;
    for (qsizetype i = 0; i < canonical.size() && canonical[i] != QLatin1String("--"); ++i)
        if (canonical[i] == option) found = i;
    return found;
}
} // namespace

QString routingValue(const QStringList &canonical, const QString &name) {
    const qsizetype i = routingIndex(canonical, name);
    return i < 0 ? QString() : canonical.value(i + 1);
}

bool routingIsSet(const QStringList &canonical, const QString &name) {
    return routingIndex(canonical, name) >= 0;
}

// ---- Command ----

Command::Command(const CommandHelp &help)
    : m_name(QString::fromUtf8(help.name))
    , m_synopsis(QString::fromUtf8(help.synopsis)) {
    m_parser.setApplicationDescription(QString::fromUtf8(help.description));
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addHelpOption();
}

void Command::addOption(const QString &name, const QString &description, const QString &valueName,
                        const QString &defaultValue) {
    QCommandLineOption option(name, description, valueName, defaultValue);
    m_parser.addOption(option);
    if (valueName.isEmpty())
        m_flags.insert(QStringLiteral("--") + name);
    else
        m_valueNames.insert(QStringLiteral("--") + name, valueName);
}

void Command::addDefaultedOption(const QString &name, const QString &description, const QString &valueName,
                                 const QString &defaultValue) {
    addOption(name, QStringLiteral("%1 (default %2).").arg(description, defaultValue), valueName,
              defaultValue);
}

void Command::addOptions(std::initializer_list<Row> rows) {
    for (const Row &row : rows) {
        const QString name = QString::fromUtf8(row.name), description = QString::fromUtf8(row.description),
                      valueName = QString::fromUtf8(row.valueName),
                      value = QString::fromUtf8(row.defaultValue);
        if (row.shown)
            addDefaultedOption(name, description, valueName, value);
        else
            addOption(name, description, valueName, value);
    }
}

bool Command::parse(const QStringList &arguments, QTextStream &out) {
    // The arguments come canonical (canonicalArguments): every option as --name, its value the next token.
    // A negative number is a value, not an option: positional arguments (those that are not an option's
    // value) are collected in order and handed to the parser behind "--".
    QStringList options{QStringLiteral("gelu-lab-cli")};
    QStringList positionals; // in their given order
    bool afterSeparator = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments[i];
        if (afterSeparator || !isOptionToken(arg)) {
            positionals << arg;
        } else if (arg == QLatin1String("--")) {
            afterSeparator = true;
        } else {
            options << arg;
            const auto valueName = m_valueNames.constFind(arg);
            if (valueName == m_valueNames.cend()) continue;
            // A value option at the end of the line, or before "--" or another of this command's options,
            // has no value: taking that token would write a file called "--" or read one called "--seed".
            const QString next = arguments.value(i + 1);
            if (i + 1 >= arguments.size() || next == QLatin1String("--") || m_valueNames.contains(next) ||
                m_flags.contains(next))
                usageError(QStringLiteral("%1: %2 needs a value (%3)").arg(m_name, arg, *valueName));
            options << arguments[++i];
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

void Command::expectNoPositionals() const {
    if (!m_parser.positionalArguments().isEmpty())
        usageError(QStringLiteral("%1: unexpected argument '%2'")
                       .arg(m_name, shown(m_parser.positionalArguments().first())));
}

void Command::addOrderOption() {
    addOption(QStringLiteral("order"), QStringLiteral("0 for f, 1 for f′, 2 for f″ (default 0)."),
              QStringLiteral("K"), QStringLiteral("0"));
}

void Command::addJsonOption() {
    addOption(QStringLiteral("json"), QStringLiteral("Print one JSON object instead of text."));
}

void Command::addParamOption() {
    addOption(QStringLiteral("param"),
              QStringLiteral("Set a parameter on every chosen activation that has it (repeatable)."),
              QStringLiteral("NAME=VALUE"));
}

void Command::addReferenceParamOption() {
    addOption(QStringLiteral("reference-param"),
              QStringLiteral("Set a parameter of the reference only, after --param (repeatable)."),
              QStringLiteral("NAME=VALUE"));
}

void Command::addFormulaOption() {
    addOption(QStringLiteral("formula"),
              QStringLiteral("A custom activation, a formula in x such as 'x*Phi(1.5*x)' (repeatable): "
                             "the first is custom1, the next custom2, …; they are the functions when "
                             "--function is not given."),
              QStringLiteral("EXPR"));
}

void Command::addSizeOption(const QString &what, const QString &defaultSize) {
    addDefaultedOption(QStringLiteral("size"), what, QStringLiteral("WxH"), defaultSize);
}

bool Command::floatType() const {
    const QString name = value(QStringLiteral("type"));
    if (name != QLatin1String("float") && name != QLatin1String("double"))
        usageError(QStringLiteral("--type must be float or double, not '%1'").arg(shown(name)));
    return name == QLatin1String("float");
}

quint64 Command::seed() const {
    bool ok = false;
    const qulonglong seed = value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok) usageError(QStringLiteral("--seed must be a whole number ≥ 0"));
    return seed;
}

QStringList Command::registerFormulas() {
    m_formulaAliases.clear();
    QStringList ids;
    for (const QString &text : values(QStringLiteral("formula"))) {
        try {
            const Activation &row = registerCustomActivation(text.toStdString());
            ids << QStringLiteral("custom%1").arg(ids.size() + 1);
            m_formulaAliases.insert(ids.back(), QString::fromUtf8(row.id.data(), qsizetype(row.id.size())));
        } catch (const FormulaError &e) {
            usageError(
                QStringLiteral("--formula %1: %2 at position %3")
                    .arg(quoted(text), QString::fromStdString(e.what()), QString::number(e.position() + 1)));
        }
    }
    return ids;
}

QString Command::functionList() {
    const QStringList ids = registerFormulas();
    const QString list = value(QStringLiteral("function"));
    return list.isEmpty() ? ids.join(QLatin1Char(',')) : list;
}

QString Command::activationId(const QString &id) const {
    return m_formulaAliases.value(id.trimmed(), id.trimmed());
}

std::vector<ActivationInstance> Command::parseFunctions(const QString &list, const QString &option,
                                                        bool single) const {
    if (list.isEmpty()) usageError(QStringLiteral("%1 is required (see `gelu-lab-cli list`)").arg(option));
    const QStringList ids = list.split(QLatin1Char(','));
    if (single && ids.size() != 1)
        usageError(QStringLiteral("%1 takes one activation here, got %2").arg(option).arg(ids.size()));
    std::vector<ActivationInstance> instances;
    for (const QString &id : ids) {
        const Activation *a = findActivation(activationId(id).toStdString());
        if (!a)
            usageError(QStringLiteral("unknown activation '%1' in %2 (see `gelu-lab-cli list`)")
                           .arg(shown(id), option));
        instances.emplace_back(*a);
    }
    return instances;
}

// ---- options of several commands ----

Range parseRange(const Command &cmd) {
    const Range r{parseNumber(cmd.value(QStringLiteral("from")), QStringLiteral("--from")),
                  parseNumber(cmd.value(QStringLiteral("to")), QStringLiteral("--to"))};
    if (!std::isfinite(r.from) || !std::isfinite(r.to) || !(r.from < r.to))
        usageError(QStringLiteral("the range needs finite --from < --to, got [%1, %2]")
                       .arg(cmd.value(QStringLiteral("from")), cmd.value(QStringLiteral("to"))));
    return r;
}

void addRangeOptions(Command &cmd, const QString &from, const QString &to, const QString &points) {
    cmd.addDefaultedOption(QStringLiteral("from"), QStringLiteral("Left end of the range"),
                           QStringLiteral("X"), from);
    cmd.addDefaultedOption(QStringLiteral("to"), QStringLiteral("Right end of the range"),
                           QStringLiteral("X"), to);
    if (!points.isEmpty())
        cmd.addDefaultedOption(QStringLiteral("points"), QStringLiteral("Number of points, ends included"),
                               QStringLiteral("N"), points);
}

Range rangeOr(const Command &cmd, Range defaults) {
    const double from = cmd.isSet(QStringLiteral("from"))
                            ? parseNumber(cmd.value(QStringLiteral("from")), QStringLiteral("--from"))
                            : defaults.from;
    const double to = cmd.isSet(QStringLiteral("to"))
                          ? parseNumber(cmd.value(QStringLiteral("to")), QStringLiteral("--to"))
                          : defaults.to;
    if (!std::isfinite(from) || !std::isfinite(to) || !(from < to))
        usageError(QStringLiteral("the range needs finite --from < --to"));
    return {from, to};
}

ApproximationPair parseApproximationPair(const Command &cmd, const QString &list) {
    std::vector<ActivationInstance> approximation =
        cmd.parseFunctions(list, QStringLiteral("--function"), true);
    std::vector<ActivationInstance> reference =
        cmd.parseFunctions(cmd.value(QStringLiteral("reference")), QStringLiteral("--reference"), true);
    return {approximation.front(), reference.front()};
}

void applyPairParameters(const Command &cmd, ApproximationPair &pair) {
    applyParameters({&pair.approximation, &pair.reference}, cmd.values(QStringLiteral("param")));
    applyParameters({&pair.reference}, cmd.values(QStringLiteral("reference-param")));
}

MaskGate parseGate(const Command &cmd) {
    const std::optional<GateKind> kind = fromId<GateKind>(cmd.value(QStringLiteral("gate")).toStdString());
    if (!kind)
        usageError(QStringLiteral("unknown gate '%1' (normal, logistic1702, logistic, cauchy)")
                       .arg(shown(cmd.value(QStringLiteral("gate")))));
    double mu = 0.0, sigma = 1.0;
    for (const QString &assignment : cmd.values(QStringLiteral("param"))) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        const QString name = assignment.left(eq);
        if (eq <= 0 || (name != QLatin1String("mu") && name != QLatin1String("sigma")))
            usageError(
                QStringLiteral("--param takes mu=VALUE or sigma=VALUE, not '%1'").arg(shown(assignment)));
        if (*kind != GateKind::Normal)
            usageError(QStringLiteral("the %1 gate has no parameter '%2'")
                           .arg(cmd.value(QStringLiteral("gate")), shown(name)));
        (name == QLatin1String("mu") ? mu : sigma) =
            parseNumber(assignment.mid(eq + 1), QStringLiteral("--param ") + name);
    }
    return MaskGate(*kind, mu, sigma);
}

void badChoice(const QString &option, const QString &choices, const QString &value) {
    usageError(QStringLiteral("--%1 must be one of %2, not '%3'").arg(option, choices, shown(value)));
}

QString checkedPictureName(const Command &cmd) {
    const QString fileName = cmd.value(QStringLiteral("out"));
    if (fileName.isEmpty()) usageError(QStringLiteral("--out FILE is required"));
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") && suffix != QLatin1String("pdf"))
        usageError(QStringLiteral("--out must end in .png, .svg or .pdf, not '%1'").arg(shown(fileName)));
    // Before any long work: a missing or read-only directory fails now, as exporting would fail later.
    const QFileInfo directory(QFileInfo(fileName).absolutePath());
    if (!directory.isDir())
        runtimeError(QStringLiteral("cannot write %1: directory %2 does not exist")
                         .arg(fileName, directory.filePath()));
    if (!directory.isWritable())
        runtimeError(QStringLiteral("cannot write %1: directory %2 is not writable")
                         .arg(fileName, directory.filePath()));
    return fileName;
}

bool choosesPlayground(const QStringList &args) {
    return routingValue(args, QStringLiteral("view")) == QLatin1String("playground");
}

} // namespace gelulab::cli
