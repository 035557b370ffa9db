#include "cli.h"
#include "cli_options.h"
#include "cli_output.h"
#include "commands/commands.h"

#include "quote.h"
#include "simd_target.h"
#include "version.h"

#include <QTextStream>

namespace gelulab::cli {
namespace {

QString generalHelp() {
    QString help =
        QStringLiteral("Usage: gelu-lab-cli COMMAND [options]\n%1\n\nCommands:\n").arg(toQString(kTagline));
    for (const CommandInfo &command : commands())
        help += QStringLiteral("  %1%2\n")
                    .arg(QLatin1String(command.name), -command.helpColumn)
                    .arg(QString::fromUtf8(command.summary));
    return help + QStringLiteral("\n`gelu-lab-cli COMMAND --help` describes each command. Exit status: 0 on "
                                 "success, 2 for a wrong\ncommand line, 1 for a failure while running.\n");
}

// Ends a command that failed: what it printed so far, then its one-line message.
int fail(QTextStream &out, QTextStream &err, const std::exception &e, int status) {
    out.flush();
    // One line, whatever a file or the user put into the message: control bytes escaped, length bounded.
    err << "gelu-lab-cli: " << QString::fromStdString(shownText(e.what(), 2000)) << '\n';
    return status;
}

} // namespace

bool needsWidgets(const QStringList &arguments) {
    const CommandInfo *command = findCommand(arguments.value(1));
    return command && command->needsWidgets(canonicalArguments(arguments.mid(2)));
}

int run(const QStringList &arguments, QTextStream &out, QTextStream &err, QIODevice *in) {
    const QString name = arguments.value(1);
    try {
        if (name.isEmpty()) usageError(QStringLiteral("no command given (try --help)"));
        if (name == QLatin1String("--help") || name == QLatin1String("-h") || name == QLatin1String("help")) {
            out << generalHelp();
            return 0;
        }
        // GELULAB_SIMD forces the kernels' SIMD target; one this processor cannot run stops here.
        const std::string simdError = simd::applyEnvironment();
        if (!simdError.empty()) throw RuntimeError(simdError);
        if (name == QLatin1String("--version") || name == QLatin1String("-v")) {
            out << QStringLiteral("gelu-lab-cli %1 (%2)\nLicence: %3\nPaper: %4\n%5\n")
                       .arg(toQString(kVersion), toQString(kProductName), toQString(kLicence),
                            toQString(kPaper), toQString(simd::description()));
            return 0;
        }
        const CommandInfo *command = findCommand(name);
        if (!command) usageError(QStringLiteral("unknown command '%1' (try --help)").arg(shown(name)));
        // One spelling of every option from here on: the routing of the commands and their parsers agree.
        return command->run(canonicalArguments(arguments.mid(2)), Streams{out, err, in});
    } catch (const UsageError &e) {
        return fail(out, err, e, kUsageError);
    } catch (const RuntimeError &e) {
        return fail(out, err, e, kRuntimeError);
    } catch (const std::invalid_argument &e) {
        return fail(out, err, e, kUsageError);
    }
}

} // namespace gelulab::cli
