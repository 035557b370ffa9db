#include "session_file.h"
#include "output_file.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

namespace gelulab::session {

QString describe(const QString &path, const Error &problem) {
    return QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), QString::fromStdString(problem.text()));
}

ReadResult readFile(const QString &path) {
    ReadResult result;
    QFile file(path);
    const QFileInfo info(path);
    if (info.isDir()) {
        result.problem = {"", "is a folder, not a session file"};
        return result;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        result.problem = {"", "cannot be read (" + file.errorString().toStdString() + ")"};
        return result;
    }
    // Read at most one byte more than a session may have: a huge file is refused without loading it.
    const QByteArray bytes = file.read(kMaxFileBytes + 1);
    if (file.error() != QFileDevice::NoError) {
        result.problem = {"", "cannot be read (" + file.errorString().toStdString() + ")"};
        return result;
    }
    return decode(bytes);
}

QString writeFile(const QString &path, const Session &session, const QJsonObject &newerKeys) {
    const QString why = writeWholeFile(path, encode(session, newerKeys));
    if (why.isEmpty()) return {};
    return QCoreApplication::translate("session", "%1: cannot be saved (%2)")
        .arg(QFileInfo(path).fileName(), why);
}

QString fileFilter() {
    return QCoreApplication::translate("session", "GELU Lab sessions (*.gelulab)");
}

} // namespace gelulab::session
