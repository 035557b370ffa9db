#pragma once

#include <QStringList>

class QIODevice;
class QTextStream;

namespace gelulab::cli {

// Exit statuses (docs/ARCHITECTURE.md): 2 for a wrong command line, 1 for a failure while running.
inline constexpr int kUsageError = 2;
inline constexpr int kRuntimeError = 1;

// Runs `gelu-lab-cli` with arguments (arguments[0] is the program) and returns its exit status. Results go to
// out, one-line error messages to err; `eval` without x values reads them from in. Commands that draw need
// a QApplication (needsWidgets); the others need only a QCoreApplication.
int run(const QStringList &arguments, QTextStream &out, QTextStream &err, QIODevice *in);

// Long commands draw a progress bar on err when this is on (gelu-lab-cli turns it on when stderr is a
// terminal).
void setProgressEnabled(bool enabled);

// True when the command draws widgets and so needs a QApplication: render, bench render, and compare and
// paper with --out (the command table in commands/commands.cpp says which).
bool needsWidgets(const QStringList &arguments);

} // namespace gelulab::cli
