// libFuzzer target: the command line's parser (app/cli_options: canonicalArguments, Command::parse and the
// value parsers) on arbitrary argument lists — the input split at newlines into at most 64 arguments, after a
// table of options like train's and render's. Every outcome is a parse or a UsageError/RuntimeError with a
// one-line message; values go through the same parsers the commands use.
#include "cli_options.h"
#include "fuzz_common.h"

#include <QTextStream>

#include <cstdint>
#include <cstdlib>

namespace {
gelulab::fuzz::Counts counts{"cli", "with every value parsed"};
using gelulab::cli::Command;

void parseValues(Command &cmd) {
    using namespace gelulab::cli;
    if (cmd.isSet(QStringLiteral("from")) || cmd.isSet(QStringLiteral("to"))) parseRange(cmd);
    parseInteger(cmd.value(QStringLiteral("points")), QStringLiteral("--points"), 2, 10'000'000);
    parseSize(cmd.value(QStringLiteral("size")));
    parseOrder(cmd.value(QStringLiteral("order")));
    cmd.seed();
    cmd.floatType();
    for (const QString &x : cmd.positionalArguments())
        parseNumber(x, QStringLiteral("x"));
    if (cmd.isSet(QStringLiteral("function"))) {
        std::vector<gelulab::ActivationInstance> instances =
            cmd.parseFunctions(cmd.value(QStringLiteral("function")), QStringLiteral("--function"), false);
        applyParameters(pointers(instances), cmd.values(QStringLiteral("param")));
    }
    if (cmd.isSet(QStringLiteral("out"))) checkedPictureName(cmd);
    if (cmd.isSet(QStringLiteral("gate"))) parseGate(cmd);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    ++counts.inputs;
    QStringList arguments =
        QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size)).split(QLatin1Char('\n'));
    if (arguments.size() > 64) return 0;
    Command cmd({"fuzz", "[options]", "A command with the options of several."});
    cmd.addOptions({
        {"function", "IDS", "Activations."},
        {"points", "N", "Points", "801", true},
        {"size", "WxH", "Picture size", "1200x800", true},
        {"order", "K", "Order", "0", true},
        {"seed", "S", "Seed", "1", true},
        {"type", "T", "float or double", "double", true},
        {"out", "FILE", "Picture."},
        {"csv", "FILE", "Table."},
        {"json", "", "JSON."},
        {"stacked", "", "Stacked."},
        {"gate", "GATE", "Gate."},
    });
    cmd.addParamOption();
    gelulab::cli::addRangeOptions(cmd, QStringLiteral("-4"), QStringLiteral("4"), QString());
    QString help;
    QTextStream out(&help);
    try {
        if (!cmd.parse(gelulab::cli::canonicalArguments(arguments), out)) return 0; // --help
        ++counts.parsed;
        parseValues(cmd);
        ++counts.deep;
    } catch (const gelulab::cli::UsageError &e) {
        if (std::string_view(e.what()).find('\n') != std::string_view::npos) std::abort(); // one line
    } catch (const gelulab::cli::RuntimeError &) {
    } catch (const std::invalid_argument &) {
    }
    return 0;
}
