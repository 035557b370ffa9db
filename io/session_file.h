#pragma once
// Session files on disk: read with the checks of session_json.h, written atomically (QSaveFile: the previous
// file stays intact if the write fails or the process dies mid-way).

#include "session_json.h"

#include <QString>

namespace gelulab::session {

// The file's session, or a one-line message naming the file and the first problem (with its key's path).
ReadResult readFile(const QString &path);
// An empty string, or a one-line message naming the file and what failed.
// newerKeys: what a file of a newer minor version held that this version does not know (ReadResult), kept.
QString writeFile(const QString &path, const Session &session, const QJsonObject &newerKeys = {});
// readFile's problem as one line: "FILE: views.curves.from: not a finite number".
QString describe(const QString &path, const Error &problem);

// The file name filter and extension of session files.
inline constexpr auto kExtension = "gelulab";
QString fileFilter();

} // namespace gelulab::session
