#include "newer_keys.h"

namespace gelulab::session {

QJsonObject newerKeys(const QJsonObject &file, const QJsonObject &known) {
    QJsonObject newer;
    for (auto it = file.begin(); it != file.end(); ++it) {
        const auto mine = known.find(it.key());
        if (mine == known.end()) {
            newer.insert(it.key(), it.value());
        } else if (it.value().isObject() && mine.value().isObject()) {
            const QJsonObject inside = newerKeys(it.value().toObject(), mine.value().toObject());
            if (!inside.isEmpty()) newer.insert(it.key(), inside);
        }
    }
    return newer;
}

QJsonObject withNewerKeys(QJsonObject written, const QJsonObject &newer) {
    if (newer.contains(QStringLiteral("minor")))
        written.insert(QStringLiteral("minor"), newer[QStringLiteral("minor")]);
    for (auto it = newer.begin(); it != newer.end(); ++it) {
        const auto mine = written.find(it.key());
        if (mine == written.end())
            written.insert(it.key(), it.value());
        else if (mine.value().isObject() && it.value().isObject())
            mine.value() = withNewerKeys(mine.value().toObject(), it.value().toObject());
    }
    return written;
}

} // namespace gelulab::session
