#include "viewparts.h"

#include "appearance.h"

#include <QAbstractButton>
#include <QApplication>
#include <QColor>
#include <QComboBox>
#include <QFontMetrics>
#include <QHeaderView>
#include <QKeyEvent>
#include <QPointer>
#include <QScrollArea>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <climits>
#include <cmath>

namespace gelulab {

namespace {

// Keeps a side panel's scroll area as wide as the controls ask, when they change or the type grows
// (presentation mode).
class SideWidth : public QObject {
public:
    SideWidth(QScrollArea *scroll, int maxWidth)
        : QObject(scroll)
        , m_scroll(scroll)
        , m_maxWidth(maxWidth) {
        update();
    }
    void update() {
        // Larger type (presentation mode) may take proportionally more room.
        const int most = m_maxWidth == INT_MAX
                             ? INT_MAX / 2
                             : int(m_maxWidth * std::min(1.25, Appearance::instance()->fontScale()));
        const int width = std::min(m_scroll->widget()->sizeHint().width(), most) +
                          m_scroll->verticalScrollBar()->sizeHint().width() + 4;
        if (width != m_scroll->minimumWidth()) m_scroll->setMinimumWidth(width);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override {
        if (event->type() == QEvent::LayoutRequest || event->type() == QEvent::FontChange) update();
        return QObject::eventFilter(watched, event);
    }

private:
    QScrollArea *m_scroll;
    int m_maxWidth;
};

// Steps of 1, 2 or 5 × 10ᵏ epochs, as many as fit the axis's width with room for the widest label.
class EpochTicker : public QCPAxisTicker {
public:
    explicit EpochTicker(QCPAxis *axis)
        : m_axis(axis) {}

protected:
    double getTickStep(const QCPRange &range) override {
        int fit = 4;
        if (m_axis) {
            const QFontMetrics metrics(m_axis->tickLabelFont());
            const int label =
                metrics.horizontalAdvance(QStringLiteral("88.88k")) + metrics.averageCharWidth() * 2;
            fit = std::clamp(m_axis->axisRect()->width() / std::max(1, label), 2, 8);
        }
        const double rough = std::max(1.0, range.size() / fit);
        const double decade = std::pow(10.0, std::floor(std::log10(rough)));
        for (double m : {1.0, 2.0, 5.0, 10.0})
            if (m * decade >= rough) return m * decade;
        return 10.0 * decade;
    }
    int getSubTickCount(double tickStep) override {
        return tickStep >= 5.0 ? 4 : int(tickStep) - 1; // sub-ticks on whole epochs only
    }
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar, int precision) override {
        const double magnitude = std::abs(tick);
        if (magnitude >= 1e6) return locale.toString(tick / 1e6, 'g', 4) + QLatin1Char('M');
        if (magnitude >= 1e4) return locale.toString(tick / 1e3, 'g', 4) + QLatin1Char('k');
        return QCPAxisTicker::getTickLabel(tick, locale, formatChar, precision);
    }

private:
    QPointer<QCPAxis> m_axis;
};

} // namespace

void useEpochTicker(QCPAxis *axis) {
    axis->setTicker(QSharedPointer<QCPAxisTicker>(new EpochTicker(axis)));
}

QScrollArea *scrollingSidePanel(QWidget *side, int maxWidth) {
    auto *scroll = new QScrollArea;
    scroll->setWidget(side);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    side->installEventFilter(new SideWidth(scroll, maxWidth));
    return scroll;
}

void placeSideBySide(QWidget *view, QWidget *side, QWidget *main, const QList<int> &widths) {
    auto *splitter = new QSplitter;
    splitter->addWidget(side);
    splitter->addWidget(main);
    splitter->setStretchFactor(1, 1);
    if (!widths.isEmpty()) splitter->setSizes(widths);
    auto *layout = new QVBoxLayout(view);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);
}

QCPLegend *addInsetLegend(QCPAxisRect *rect, const QString &fontFamily, bool compact) {
    auto *legend = new QCPLegend;
    rect->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignRight);
    legend->setLayer(QStringLiteral("legend"));
    legend->setBrush(QColor(255, 255, 255, 200));
    legend->setFont(QFont(fontFamily, 8));
    if (compact) {
        legend->setIconSize(24, 10);
        legend->setRowSpacing(0);
    }
    return legend;
}

QTableWidget *resultsTable(const QStringList &headers, const QString &toolTip) {
    auto *table = new QTableWidget(0, int(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->setVisible(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->setToolTip(toolTip);
    return table;
}

void addPlayKeys(QWidget *view, QAbstractButton *play, QAbstractButton *step) {
    const auto keyFor = [play, step](QAbstractButton *button, Qt::Key key) {
        return [play, step, button, key] {
            QWidget *focus = QApplication::focusWidget();
            if (focus && focus != play && focus != step &&
                (qobject_cast<QAbstractButton *>(focus) || qobject_cast<QComboBox *>(focus))) {
                const QString text = key == Qt::Key_Space ? QStringLiteral(" ") : QString();
                QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier, text);
                QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier, text);
                QApplication::sendEvent(focus, &press);
                QApplication::sendEvent(focus, &release);
                return;
            }
            button->click();
        };
    };
    for (const auto &[key, button] : {std::pair{Qt::Key_Space, play}, std::pair{Qt::Key_Right, step}}) {
        auto *shortcut =
            new QShortcut(QKeySequence(key), view, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
        QObject::connect(shortcut, &QShortcut::activated, view, keyFor(button, key));
    }
}

QString errorColor() {
    return Appearance::instance()->themed(QColor(0xb0, 0x00, 0x20)).name();
}

QString errorHtml(const QString &message) {
    return QStringLiteral("<span style='color:%1'>%2</span>").arg(errorColor(), message.toHtmlEscaped());
}

void showErrorsInRed(QWidget *label) {
    const auto apply = [label] { label->setStyleSheet(QStringLiteral("color: %1").arg(errorColor())); };
    apply();
    QObject::connect(Appearance::instance(), &Appearance::changed, label, apply);
}

void checkPlotRange(double from, double to) {
    if (!std::isfinite(from) || !std::isfinite(to) || !(from < to))
        throw std::invalid_argument("the x range must be finite with from < to");
    if (!QCPRange::validRange(from, to))
        throw std::invalid_argument(
            "a plot can draw x from -1e250 to 1e250, over a width of at least 1e-280");
}

} // namespace gelulab
