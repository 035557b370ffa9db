#include "view.h"

#include <cmath>

namespace gelulab {

std::optional<double> View::number(const QJsonObject &state, const QString &key) {
    const QJsonValue v = state.value(key);
    if (!v.isDouble() || !std::isfinite(v.toDouble())) return std::nullopt;
    return v.toDouble();
}

std::optional<int> View::integer(const QJsonObject &state, const QString &key, int low, int high) {
    const std::optional<double> v = number(state, key);
    if (!v || *v != std::floor(*v) || *v < low || *v > high) return std::nullopt;
    return int(*v);
}

std::optional<QString> View::string(const QJsonObject &state, const QString &key) {
    const QJsonValue v = state.value(key);
    if (!v.isString()) return std::nullopt;
    return v.toString();
}

std::optional<bool> View::boolean(const QJsonObject &state, const QString &key) {
    const QJsonValue v = state.value(key);
    if (!v.isBool()) return std::nullopt;
    return v.toBool();
}

} // namespace gelulab
