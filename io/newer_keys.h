#pragma once
// Keys written by a newer minor version of the session format, which this version reads past: kept, so that
// opening such a file here and saving it again does not drop what the newer GELU Lab wrote (README.md,
// "Sessions"; docs/ARCHITECTURE.md, "Sessions"). Only objects are followed; an array is the newer version's
// or ours as a whole.

#include <QJsonObject>

namespace gelulab::session {

// The keys of file, at any depth of nested objects, that known — the same session as this version writes it —
// does not have, with their values and the objects that lead to them.
QJsonObject newerKeys(const QJsonObject &file, const QJsonObject &known);
// written with the newer keys put back where it has no key of its own, and the newer minor version (a "minor"
// key of newer) in place of this version's, so that reading the file again keeps them again.
QJsonObject withNewerKeys(QJsonObject written, const QJsonObject &newer);

} // namespace gelulab::session
