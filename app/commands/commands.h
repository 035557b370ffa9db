#pragma once
// The commands of gelu-lab-cli, one file each in app/commands/, and the one table that lists them: run,
// needsWidgets and the general help of cli.cpp read it. Internal to app/.

#include <QStringList>

#include <span>

class QIODevice;
class QTextStream;

namespace gelulab::cli {

// Where a command reads and writes: results to out, progress bars to err; `eval` reads x values from in.
struct Streams {
    QTextStream &out;
    QTextStream &err;
    QIODevice *in;
};

// A row of the table. The functions take the arguments after the command's name.
struct CommandInfo {
    const char *name;
    const char *summary; // its line in the general help (UTF-8)
    // True when the command needs a QApplication (it draws widgets) for these arguments.
    bool (*needsWidgets)(const QStringList &args);
    int (*run)(const QStringList &args, const Streams &streams);
    // Where the summary starts in the general help, after two spaces: robustness does not fit the usual
    // column, and paper lines up with it.
    int helpColumn = 9;
};

// Every command, in the order of the general help.
std::span<const CommandInfo> commands();
// The command called name, or nullptr.
const CommandInfo *findCommand(const QString &name);

int listCommand(const QStringList &args, const Streams &streams);
int evalCommand(const QStringList &args, const Streams &streams);
int curveCommand(const QStringList &args, const Streams &streams);
int errorCommand(const QStringList &args, const Streams &streams);
int maskCommand(const QStringList &args, const Streams &streams);
int trainCommand(const QStringList &args, const Streams &streams);
int compareCommand(const QStringList &args, const Streams &streams);
int robustnessCommand(const QStringList &args, const Streams &streams);
int paperCommand(const QStringList &args, const Streams &streams);
int depthCommand(const QStringList &args, const Streams &streams);
int lessonCommand(const QStringList &args, const Streams &streams);
int sessionCommand(const QStringList &args, const Streams &streams);
int renderCommand(const QStringList &args, const Streams &streams);
int benchCommand(const QStringList &args, const Streams &streams);
// Only `bench render` draws widgets.
bool benchNeedsWidgets(const QStringList &args);

} // namespace gelulab::cli
