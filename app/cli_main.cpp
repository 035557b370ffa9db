// gelu-lab-cli: the headless command line. Everything it does lives in cli.cpp.
#include "cli.h"

#include <QApplication>
#include <QFile>
#include <QTextStream>

#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    // Drawing needs widgets but never a display.
    std::unique_ptr<QCoreApplication> app;
    if (gelulab::cli::needsWidgets(arguments)) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
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
    const int status = gelulab::cli::run(arguments, out, err, &in);
    out.flush();
    err.flush();
    return status;
}
