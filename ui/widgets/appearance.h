#pragma once
// How the window looks as a whole: the light or dark theme and presentation mode (docs/ARCHITECTURE.md,
// "Appearance"). Views draw in the light theme's colours and normal widths; a plot attached here is restyled
// just before each replot — axes, grids, legends, texts and colours for the theme, line widths, markers and
// type for presentation mode — so no view needs to know either.

#include <QColor>
#include <QFont>
#include <QObject>
#include <QPalette>
#include <QString>

#include "id_table.h"

#include <optional>

class QCustomPlot;

namespace gelulab {

enum class Theme { System, Light, Dark };
template<>
struct EnumIds<Theme> {
    static constexpr std::array rows{IdRow{Theme::System, "system"}, IdRow{Theme::Light, "light"},
                                     IdRow{Theme::Dark, "dark"}};
};
QString themeId(Theme theme); // "system", "light", "dark"
std::optional<Theme> themeFromId(const QString &id);

class Appearance : public QObject {
    Q_OBJECT
public:
    // The one instance of the application (created on first use; needs a QApplication).
    static Appearance *instance();

    Theme theme() const { return m_theme; }
    // Applies the theme to the application's palette (Fusion style for an explicit choice; System keeps the
    // desktop's palette and judges dark or light by its window colour) and restyles every attached plot.
    void setTheme(Theme theme);
    // Whether the theme in effect is dark.
    bool isDark() const { return m_dark; }

    bool presentation() const { return m_presentation; }
    // Presentation mode: larger type in the whole window, thicker lines and bigger markers in plots.
    void setPresentation(bool on);
    // Multipliers for what plots draw: type, line widths, marker sizes (1 outside presentation mode).
    double fontScale() const { return m_presentation ? 1.45 : 1.0; }
    double lineScale() const { return m_presentation ? 2.0 : 1.0; }
    double markerScale() const { return m_presentation ? 1.6 : 1.0; }
    // A font at the type size in effect (× fontScale()).
    QFont scaled(QFont font) const;

    // The plot follows the appearance from now on (restyled before each replot, replotted on each change).
    void attach(QCustomPlot *plot);
    // A colour drawn in the light theme as it is drawn in the theme in effect: the activation palette's
    // colours take their dark counterparts, greys are inverted (white backgrounds become dark), other dark
    // colours are lightened.
    QColor themed(const QColor &light) const;
    // The plots' background in the theme in effect.
    QColor plotBackground() const;

signals:
    void changed();

private:
    explicit Appearance(QObject *parent);
    void restyle(QCustomPlot *plot) const;

    Theme m_theme = Theme::System;
    bool m_dark = false;
    bool m_presentation = false;
    QPalette m_systemPalette;
    QString m_systemStyle;
    QFont m_baseFont;
};

} // namespace gelulab
