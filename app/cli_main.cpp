// gelu-lab-cli: the headless command line. This main only sets up the application and the streams;
// cli.cpp runs the command, from the table in commands/ with one file per command.
#include "cli.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QTextStream>

#include <cstdio>
#include <memory>

#include <unistd.h>

int main(int argc, char *argv[]) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    // Drawing needs widgets but never a display.
    std::unique_ptr<QCoreApplication> app;
    if (gelulab::cli::needsWidgets(arguments)) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
        // Qt warns on stderr when it has to invent a runtime directory; a headless command has no session,
        // so give it a private one quietly.
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
            const QString runtime =
                QDir::temp().filePath(QStringLiteral("gelu-lab-runtime-%1").arg(getuid()));
            if (QDir().mkpath(runtime)) {
                QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                   QFileDevice::ExeOwner);
                qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime));
            }
        }
        app = std::make_unique<QApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("gelu-lab-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GELULAB_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    QFile in;
    in.open(stdin, QIODevice::ReadOnly);
    gelulab::cli::setProgressEnabled(isatty(STDERR_FILENO) == 1);
    const int status = gelulab::cli::run(arguments, out, err, &in);
    out.flush();
    err.flush();
    return status;
}
