#pragma once
// Sessions in and out of JSON with Qt's JSON classes (Qt Core only, so that the command line and the fuzz
// target stay light). The file format is in docs/ARCHITECTURE.md, "Sessions": a top-level object with an
// integer "version" (the major version), "minor", "view", "formulas" and one object per view under "views".

#include "session_state.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace gelulab::session {

// What a session reader found: the session, or the first problem (with its path to the key).
struct ReadResult {
    std::optional<Session> session;
    Error problem;
    // From a file of a newer minor version: the keys this version reads past (newer_keys.h), for saving
    // again.
    QJsonObject newerKeys;
    bool ok() const { return session.has_value(); }
};

// The whole session as the file's top-level object.
QJsonObject toJson(const Session &session);
// Reads a top-level object: the version first (a newer major version is refused, naming both), then every
// key's kind (a number where a number belongs, …; unknown keys are ignored, and kept in newerKeys when the
// file's minor version is newer than this one's), then validate(). The current
// state is never touched: the caller applies the session only when this succeeds.
ReadResult fromJson(const QJsonObject &root);

// One view's part, as the view's state() writes it and restoreState() reads it.
QJsonObject viewToJson(const Session &session, const QString &viewId);

// The Playground's parts as its state() writes them, and back (nothing when the JSON does not fit).
QJsonValue pointsToJson(const PointsState &points);
std::optional<PointsState> pointsFromJson(const QJsonValue &value);
QJsonValue networkToJson(const TrainerState &network);
std::optional<TrainerState> networkFromJson(const QJsonValue &value);
// The Compare tab's setup as its state() writes it, and back: nothing when the JSON does not fit or the setup
// does not pass the session's checks.
QJsonValue compareSetupToJson(const CompareSetup &setup);
std::optional<CompareSetup> compareSetupFromJson(const QJsonValue &value);
// A finished comparison (the Compare tab's results()), and back under the same conditions.
QJsonValue compareResultsToJson(const CompareResults &results);
std::optional<CompareResults> compareResultsFromJson(const QJsonValue &value);
QJsonValue paperResultsToJson(const PaperResults &results);
std::optional<PaperResults> paperResultsFromJson(const QJsonValue &value);

// The bytes of a session file (indented JSON), and back. A file larger than kMaxFileBytes is refused before
// it is parsed; so is nesting deeper than the JSON parser allows.
inline constexpr qint64 kMaxFileBytes = 16 * 1024 * 1024;
// newerKeys (a ReadResult's) are written back where the session has no key of its own.
QByteArray encode(const Session &session, const QJsonObject &newerKeys = {});
ReadResult decode(const QByteArray &bytes);

} // namespace gelulab::session
