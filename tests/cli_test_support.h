#pragma once
// What the command-line tests share: a command run in-process (cli::run with string streams) and the real
// executables run as processes (for exit statuses and what needs a fresh QApplication).
#include "cli.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTextStream>
#include <QtDebug>

namespace {

struct Result {
    int status = -1;
    QString out;
    QString err;
};

[[maybe_unused]] Result runCli(const QStringList &args, const QByteArray &input = {}) {
    Result r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    QBuffer in;
    in.setData(input);
    in.open(QIODevice::ReadOnly);
    r.status = gelulab::cli::run(QStringList{"gelu-lab-cli"} + args, out, err, &in);
    out.flush();
    err.flush();
    return r;
}

[[maybe_unused]] QJsonObject json(const Result &r) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError) qWarning() << "not JSON:" << r.out.left(200);
    return doc.object();
}

[[maybe_unused]] Result
runBinary(const QString &name, const QStringList &args, const QByteArray &input = {},
          const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment()) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(GELULAB_BIN_DIR "/") + name, args);
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(60'000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace
