#pragma once

#include <QColor>
#include <QString>

#include <array>

class QComboBox;

namespace gelulab {

// The colour of an activation, the same in every view: the registry order walks a colour-blind-safe palette
// (after Okabe–Ito and Paul Tol's muted scheme), so the GELU family and ReLU get the most distinct colours.
// Views draw in the light theme's colours; plots show the dark theme's counterparts (Appearance::themed).
QColor activationColor(const QString &id);
// The palette in the light theme and, in the same order, its counterparts in the dark theme.
const std::array<QRgb, 16> &lightActivationPalette();
const std::array<QRgb, 16> &darkActivationPalette();
// The activation's display name ("GELU (tanh approximation)", "SOI gate"); the id itself when unknown.
QString activationDisplayName(const QString &id);
// Fills a combo box with every activation a network can use (the registry with the session's custom formulas,
// then the SOI gate unless withSoi is false; item data = id) and keeps it up to date as formulas are added.
void fillNetworkActivations(QComboBox *box, bool withSoi = true);

} // namespace gelulab
