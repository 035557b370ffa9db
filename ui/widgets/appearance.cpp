#include "appearance.h"

#include "activationpalette.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QStyle>
#include <QStyleFactory>
#include <QWidget>
#include <qcustomplot.h>

#include <algorithm>

namespace gelulab {

QString themeId(Theme theme) {
    return QString::fromLatin1(idOf(theme));
}

std::optional<Theme> themeFromId(const QString &id) {
    return fromId<Theme>(id.toStdString());
}

namespace {

QPalette darkPalette() {
    QPalette p;
    // Fields (and check boxes) a shade lighter than the window: Fusion outlines them with the window's colour
    // darkened, which must stand out from their fill.
    const QColor window(0x2d, 0x2f, 0x33), base(0x3b, 0x3e, 0x44), text(0xe8, 0xe8, 0xe8),
        mid(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x35, 0x38, 0x3d));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3c, 0x40));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, mid);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x38, 0x3a, 0x3f));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x70, 0x70));
    p.setColor(QPalette::Light, QColor(0x48, 0x4a, 0x50));
    p.setColor(QPalette::Midlight, QColor(0x40, 0x42, 0x47));
    p.setColor(QPalette::Mid, QColor(0x30, 0x32, 0x36));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1b, 0x1d));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb0, 0x90, 0xff));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, mid);
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    return p;
}

// What a plot part shows, from what its view set (the "base"): the base is remembered on the part itself, and
// taken anew whenever the part no longer shows what was last made of it (the view changed it since).
template<typename T, typename Map>
T follow(QObject *part, const char *name, const T &current, Map map) {
    const QByteArray base = QByteArray("gelulab.") + name, shown = base + ".shown";
    const QVariant last = part->property(shown.constData());
    if (!last.isValid() || last.value<T>() != current)
        part->setProperty(base.constData(), QVariant::fromValue(current));
    const T result = map(part->property(base.constData()).template value<T>());
    part->setProperty(shown.constData(), QVariant::fromValue(result));
    return result;
}

} // namespace

Appearance *Appearance::instance() {
    static Appearance *appearance = new Appearance(qApp);
    return appearance;
}

Appearance::Appearance(QObject *parent)
    : QObject(parent)
    , m_systemPalette(QApplication::palette())
    , m_systemStyle(QApplication::style()->name())
    , m_baseFont(QApplication::font()) {
    m_dark = m_systemPalette.color(QPalette::Window).lightness() < 128;
}

void Appearance::setTheme(Theme theme) {
    m_theme = theme;
    const QString style = theme == Theme::System ? m_systemStyle : QStringLiteral("fusion");
    if (QApplication::style()->name().compare(style, Qt::CaseInsensitive) != 0) QApplication::setStyle(style);
    switch (theme) {
    case Theme::System:
        QApplication::setPalette(m_systemPalette);
        m_dark = m_systemPalette.color(QPalette::Window).lightness() < 128;
        break;
    case Theme::Light:
        QApplication::setPalette(QApplication::style()->standardPalette());
        m_dark = false;
        break;
    case Theme::Dark:
        QApplication::setPalette(darkPalette());
        m_dark = true;
        break;
    }
    emit changed();
}

void Appearance::setPresentation(bool on) {
    if (on == m_presentation) return;
    // Widgets with a size of type of their own (a large epoch counter) scale with the rest. Their sizes as
    // their views set them are taken before the application's type changes; a widget whose own font sets
    // no size (only bold, say) follows the application's anyway. Plots keep the unscaled type (their parts
    // are scaled as they are drawn).
    const QWidgetList widgets = QApplication::allWidgets();
    for (QWidget *widget : widgets) {
        if (qobject_cast<QCustomPlot *>(widget) || !widget->testAttribute(Qt::WA_SetFont) ||
            !(widget->font().resolveMask() & QFont::SizeResolved))
            continue;
        const QVariant shown = widget->property("gelulab.shownFont");
        if (!shown.isValid() || shown.value<QFont>() != widget->font())
            widget->setProperty("gelulab.baseFont", widget->font());
    }
    m_presentation = on;
    QApplication::setFont(scaled(m_baseFont));
    for (QWidget *widget : widgets) {
        const QVariant base = widget->property("gelulab.baseFont");
        if (!base.isValid() || qobject_cast<QCustomPlot *>(widget)) continue;
        widget->setFont(scaled(base.value<QFont>()));
        widget->setProperty("gelulab.shownFont", widget->font());
    }
    emit changed();
}

QColor Appearance::themed(const QColor &light) const {
    if (!m_dark || !light.isValid()) return light;
    const QRgb opaque = light.rgb() | 0xff000000u;
    const auto &lights = lightActivationPalette();
    if (const auto it = std::find(lights.begin(), lights.end(), opaque); it != lights.end()) {
        QColor dark = QColor::fromRgb(darkActivationPalette()[std::size_t(it - lights.begin())]);
        dark.setAlpha(light.alpha());
        return dark;
    }
    int h = 0, s = 0, l = 0, a = 0;
    light.getHsl(&h, &s, &l, &a);
    if (h < 0 || s < 48) // a grey: white backgrounds turn dark, black text light
        return QColor::fromHsl(std::max(h, 0), s, 34 + (255 - l) * (255 - 34) / 255, a);
    if (l < 140) return QColor::fromHsl(h, s, 140 + l / 3, a);
    return light;
}

QFont Appearance::scaled(QFont font) const {
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * fontScale());
    else if (font.pixelSize() > 0)
        font.setPixelSize(qRound(font.pixelSize() * fontScale()));
    return font;
}

QColor Appearance::plotBackground() const {
    return themed(Qt::white);
}

void Appearance::attach(QCustomPlot *plot) {
    // New axes and legends take the plot's type: the unscaled one, scaled once as they are drawn.
    plot->setFont(m_baseFont);
    connect(plot, &QCustomPlot::beforeReplot, plot, [this, plot] { restyle(plot); });
    connect(this, &Appearance::changed, plot, [plot] { plot->replot(QCustomPlot::rpQueuedReplot); });
}

void Appearance::restyle(QCustomPlot *plot) const {
    const auto color = [this](const QColor &c) { return themed(c); };
    const auto thin = [this](QPen pen) {
        pen.setColor(themed(pen.color()));
        return pen;
    };
    const auto wide = [this](QPen pen) {
        pen.setColor(themed(pen.color()));
        if (m_presentation && pen.style() != Qt::NoPen)
            pen.setWidthF(std::max(pen.widthF(), 1.0) * lineScale());
        return pen;
    };
    const auto brush = [this](QBrush b) {
        if (b.style() != Qt::NoBrush && b.gradient() == nullptr && b.texture().isNull())
            b.setColor(themed(b.color()));
        return b;
    };
    const auto font = [this](const QFont &f) { return scaled(f); };
    plot->setBackground(QBrush(plotBackground()));
    const auto styleAxis = [&](QCPAxis *axis) {
        axis->setBasePen(follow(axis, "basePen", axis->basePen(), wide));
        axis->setTickPen(follow(axis, "tickPen", axis->tickPen(), wide));
        axis->setSubTickPen(follow(axis, "subTickPen", axis->subTickPen(), thin));
        axis->setTickLabelColor(follow(axis, "tickLabelColor", axis->tickLabelColor(), color));
        axis->setLabelColor(follow(axis, "labelColor", axis->labelColor(), color));
        axis->setTickLabelFont(follow(axis, "tickLabelFont", axis->tickLabelFont(), font));
        // An axis title longer than its axis (a small plot, large type) rather than run into its neighbours'
        // shrinks, but not below the normal size, and is then cut short with "…" (the sizes are the last
        // drawing's).
        const double room =
            axis->orientation() == Qt::Horizontal ? axis->axisRect()->width() : axis->axisRect()->height();
        // The title as the view set it (what is shown may be cut short already).
        const QVariant shownLabel = axis->property("gelulab.label.shown");
        const QString fullLabel = !shownLabel.isValid() || shownLabel.toString() != axis->label()
                                      ? axis->label()
                                      : axis->property("gelulab.label").toString();
        const auto fitted = [&](QFont normal) {
            QFont f = font(normal);
            if (room <= 0 || fullLabel.isEmpty() || f.pointSizeF() <= 0) return f;
            const double wide = QFontMetricsF(f).horizontalAdvance(fullLabel);
            if (wide > room) f.setPointSizeF(std::max(normal.pointSizeF(), f.pointSizeF() * room / wide));
            return f;
        };
        axis->setLabelFont(follow(axis, "labelFont", axis->labelFont(), fitted));
        axis->setLabel(follow(axis, "label", axis->label(), [&](const QString &text) {
            if (room <= 40) return text;
            return QFontMetricsF(axis->labelFont()).elidedText(text, Qt::ElideRight, room);
        }));
        // No more ticks than their labels have room for (an axis of epochs picks its steps itself).
        if (QSharedPointer<QCPAxisTicker> ticker = axis->ticker()) {
            const QFontMetricsF metrics(axis->tickLabelFont());
            const bool across = axis->orientation() == Qt::Horizontal;
            const double room = across ? axis->axisRect()->width() : axis->axisRect()->height();
            const double label =
                across ? metrics.horizontalAdvance(QStringLiteral("−0.25")) * 1.6 : metrics.height() * 2.2;
            if (room > 0) ticker->setTickCount(std::clamp(int(room / label), 2, 6));
        }
        QCPGrid *grid = axis->grid();
        grid->setPen(follow(grid, "pen", grid->pen(), thin));
        grid->setSubGridPen(follow(grid, "subGridPen", grid->subGridPen(), thin));
        grid->setZeroLinePen(follow(grid, "zeroLinePen", grid->zeroLinePen(), thin));
    };
    for (QCPLayoutElement *element : plot->plotLayout()->elements(true)) {
        if (auto *rect = qobject_cast<QCPAxisRect *>(element)) {
            for (QCPAxis *axis : rect->axes())
                styleAxis(axis);
        } else if (auto *scale = qobject_cast<QCPColorScale *>(element)) {
            styleAxis(scale->axis());
        } else if (auto *legend = qobject_cast<QCPLegend *>(element)) {
            legend->setBrush(follow(legend, "brush", legend->brush(), brush));
            legend->setBorderPen(follow(legend, "borderPen", legend->borderPen(), thin));
            legend->setTextColor(follow(legend, "textColor", legend->textColor(), color));
            legend->setFont(follow(legend, "font", legend->font(), font));
            // A legend inside a plot too small for it (large type, a small window) would hide the plot:
            // it steps aside until there is room (at most half the plot's width and height).
            QCPAxisRect *home = nullptr;
            for (QCPAxisRect *rect : plot->axisRects())
                if (rect->insetLayout() == legend->layout()) home = rect;
            if (home) {
                const QSize needed = legend->minimumOuterSizeHint();
                const bool fits =
                    needed.width() <= home->width() / 2 + 40 && needed.height() <= home->height() / 2 + 20;
                legend->setVisible(
                    follow(legend, "visible", legend->visible(), [fits](bool v) { return v && fits; }));
            }
            // Items take the legend's type and colour (a new item starts from the legend's, already themed).
            for (int i = 0; i < legend->itemCount(); ++i) {
                QCPAbstractLegendItem *item = legend->item(i);
                item->setFont(legend->font());
                item->setTextColor(legend->textColor());
            }
        } else if (auto *text = qobject_cast<QCPTextElement *>(element)) {
            text->setTextColor(follow(text, "textColor", text->textColor(), color));
            text->setFont(follow(text, "font", text->font(), font));
        }
    }
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable *p = plot->plottable(i);
        if (qobject_cast<QCPColorMap *>(p)) continue; // data, not decoration
        p->setPen(follow(p, "pen", p->pen(), wide));
        p->setBrush(follow(p, "brush", p->brush(), brush));
        if (auto *graph = qobject_cast<QCPGraph *>(p); graph && !graph->scatterStyle().isNone()) {
            QCPScatterStyle scatter = graph->scatterStyle();
            scatter.setSize(follow(graph, "scatterSize", scatter.size(),
                                   [this](double size) { return size * markerScale(); }));
            scatter.setPen(follow(graph, "scatterPen", scatter.pen(), thin));
            scatter.setBrush(follow(graph, "scatterBrush", scatter.brush(), brush));
            graph->setScatterStyle(scatter);
        }
    }
    for (int i = 0; i < plot->itemCount(); ++i) {
        QCPAbstractItem *item = plot->item(i);
        if (auto *text = qobject_cast<QCPItemText *>(item)) {
            text->setColor(follow(text, "color", text->color(), color));
            text->setPen(follow(text, "pen", text->pen(), thin));
            text->setBrush(follow(text, "brush", text->brush(), brush));
            text->setFont(follow(text, "font", text->font(), font));
        } else if (auto *line = qobject_cast<QCPItemStraightLine *>(item)) {
            line->setPen(follow(line, "pen", line->pen(), wide));
        } else if (auto *segment = qobject_cast<QCPItemLine *>(item)) {
            segment->setPen(follow(segment, "pen", segment->pen(), wide));
        } else if (auto *rect = qobject_cast<QCPItemRect *>(item)) {
            rect->setPen(follow(rect, "pen", rect->pen(), thin));
            rect->setBrush(follow(rect, "brush", rect->brush(), brush));
        } else if (auto *tracer = qobject_cast<QCPItemTracer *>(item)) {
            tracer->setPen(follow(tracer, "pen", tracer->pen(), thin));
            tracer->setBrush(follow(tracer, "brush", tracer->brush(), brush));
            tracer->setSize(
                follow(tracer, "size", tracer->size(), [this](double size) { return size * markerScale(); }));
        }
    }
}

} // namespace gelulab
