// gelu-lab-cli session check FILE: whether a session file (or a lesson) opens, and if not, the first problem.
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"

#include "session_file.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

namespace gelulab::cli {
namespace {

const CommandHelp kHelp{
    "session check",
    "FILE [--json]",
    "Check a session file (.gelulab) as File → Open does: exit status 0 when it opens, 1 with the first "
    "problem (the file, the path to the key, what is wrong) when it does not.",
};

} // namespace

int sessionCommand(const QStringList &args, const Streams &streams) {
    Command cmd(kHelp);
    cmd.addJsonOption();
    if (!cmd.parse(args, streams.out)) return 0;
    const QStringList positionals = cmd.positionalArguments();
    if (positionals.value(0) != QLatin1String("check"))
        usageError(QStringLiteral("session takes a subcommand: session check FILE"));
    if (positionals.size() != 2) usageError(QStringLiteral("session check takes one FILE"));
    const QString fileName = positionals[1];
    const session::ReadResult result = session::readFile(fileName);
    if (!result.ok()) {
        const QString problem = session::describe(fileName, result.problem);
        if (cmd.isSet(QStringLiteral("json")))
            printJson(streams.out, QJsonObject{{QStringLiteral("file"), fileName},
                                               {QStringLiteral("valid"), false},
                                               {QStringLiteral("problem"), problem}});
        throw RuntimeError(problem.toStdString());
    }
    const session::Session &s = *result.session;
    QStringList views;
    for (const std::string &id : session::viewIds())
        if (!session::viewToJson(s, QString::fromStdString(id)).isEmpty())
            views << QString::fromStdString(id);
    const QString lesson = s.lesson ? QString::fromStdString(s.lesson->id) : QString();
    const int steps = s.lesson ? int(s.lesson->steps.size()) : 0;
    if (cmd.isSet(QStringLiteral("json"))) {
        printJson(streams.out,
                  QJsonObject{{QStringLiteral("file"), fileName},
                              {QStringLiteral("valid"), true},
                              {QStringLiteral("version"), session::kVersion},
                              {QStringLiteral("minor"), s.minorVersion},
                              {QStringLiteral("views"), QJsonArray::fromStringList(views)},
                              {QStringLiteral("lesson"), s.lesson ? QJsonValue(lesson) : QJsonValue()},
                              {QStringLiteral("steps"), steps}});
        return 0;
    }
    streams.out << QStringLiteral("%1: a valid session (version %2.%3; views: %4)%5\n")
                       .arg(fileName, QString::number(session::kVersion), QString::number(s.minorVersion),
                            views.isEmpty() ? QStringLiteral("none") : views.join(QStringLiteral(", ")),
                            s.lesson
                                ? QStringLiteral("; lesson %1, %2 steps").arg(lesson, QString::number(steps))
                                : QString());
    return 0;
}

} // namespace gelulab::cli
