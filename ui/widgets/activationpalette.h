#pragma once

#include <QColor>

class QComboBox;
#include <QString>

namespace gelulab {

// The colour of an activation, the same in every view: the registry order walks a colour-blind-safe palette
// (Okabe–Ito, then Paul Tol's muted scheme), so the GELU family gets the most distinct colours.
QColor activationColor(const QString &id);
// The activation's display name ("GELU (tanh approximation)", "SOI gate"); the id itself when unknown.
QString activationDisplayName(const QString &id);
// Fills a combo box with every activation a network can use (the registry with the session's custom formulas,
// then the SOI gate; item data = id) and keeps it up to date as formulas are added.
void fillNetworkActivations(QComboBox *box);

} // namespace gelulab
