// gelu-lab-cli lesson list: the built-in lessons, for `gelu-lab --lesson ID`.
#include "cli_options.h"
#include "cli_output.h"
#include "commands.h"

#include "lessons.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

namespace gelulab::cli {
namespace {

const CommandHelp kHelp{
    "lesson list",
    "[--json]",
    "List the built-in lessons: id (for gelu-lab --lesson ID), title, number of steps and what each is "
    "about.",
};

} // namespace

int lessonCommand(const QStringList &args, const Streams &streams) {
    Command cmd(kHelp);
    cmd.addJsonOption();
    if (!cmd.parse(args, streams.out)) return 0;
    if (cmd.positionalArguments() != QStringList{QStringLiteral("list")})
        usageError(QStringLiteral("lesson takes a subcommand: lesson list"));
    if (cmd.isSet(QStringLiteral("json"))) {
        QJsonArray rows;
        for (const BuiltInLesson &l : builtInLessons())
            rows.append(QJsonObject{{QStringLiteral("id"), QString::fromStdString(l.lesson().id)},
                                    {QStringLiteral("title"), QString::fromStdString(l.lesson().title)},
                                    {QStringLiteral("summary"), QString::fromStdString(l.lesson().summary)},
                                    {QStringLiteral("steps"), int(l.lesson().steps.size())}});
        printJson(streams.out, QJsonObject{{QStringLiteral("lessons"), rows}});
        return 0;
    }
    for (const BuiltInLesson &l : builtInLessons())
        streams.out << QStringLiteral("%1  %2 (%3 steps)\n    %4\n")
                           .arg(QString::fromStdString(l.lesson().id), -30)
                           .arg(QString::fromStdString(l.lesson().title))
                           .arg(l.lesson().steps.size())
                           .arg(QString::fromStdString(l.lesson().summary));
    return 0;
}

} // namespace gelulab::cli
