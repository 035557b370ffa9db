#pragma once

#include <QColor>
#include <QString>

namespace gelulab {

// The colour of an activation, the same in every view: the registry order walks a colour-blind-safe palette
// (Okabe–Ito, then Paul Tol's muted scheme), so the GELU family gets the most distinct colours.
QColor activationColor(const QString &id);

} // namespace gelulab
