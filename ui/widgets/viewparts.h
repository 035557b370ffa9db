#pragma once
// Pieces every view builds the same way: the scrolling side panel, small legends inside a plot, the results
// table, an error message in red.

#include <QEventLoop>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <climits>
#include <functional>
#include <string_view>

class QAbstractButton;
class QCPAxis;
class QCPAxisRect;
class QCPLegend;
class QScrollArea;
class QTableWidget;
class QWidget;

namespace gelulab {

// The controls in a column that scrolls vertically when the window is short, never sideways; at least as
// wide as the controls ask (up to maxWidth) plus a scroll bar.
QScrollArea *scrollingSidePanel(QWidget *side, int maxWidth = INT_MAX);
// A view's layout: the side panel left of the main part (plots), the main part taking the room a wider
// window gives; `widths`, when given, are their first widths.
void placeSideBySide(QWidget *view, QWidget *side, QWidget *main, const QList<int> &widths = {});
// A legend in the axis rect's top-right corner, on the legend layer, on half-transparent white, in 8-point
// type; compact: short line samples and no spacing between rows (legends of many entries).
QCPLegend *addInsetLegend(QCPAxisRect *rect, const QString &fontFamily, bool compact = false);
// Space clicks `play` and → clicks `step` wherever the focus is in `view`; a focused text field, button,
// check box or list keeps its own keys (they are forwarded to it).
void addPlayKeys(QWidget *view, QAbstractButton *play, QAbstractButton *step);
// A read-only table of results, one row per run, columns as wide as their contents, no row numbers.
QTableWidget *resultsTable(const QStringList &headers, const QString &toolTip);
// A name from the core (an id, a formula) as a QString.
inline QString toQString(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}
// The views' error red, legible in the theme in effect; a message as rich text in it; a label whose text is
// always in it (following theme changes).
QString errorColor();
QString errorHtml(const QString &message);
void showErrorsInRed(QWidget *label);
// Makes an axis of epochs read at any length of training: whole numbers, thousands as "125k" and millions as
// "1.5M", four ticks at most, so that labels never run into each other in a narrow plot.
void useEpochTicker(QCPAxis *axis);

// Throws std::invalid_argument unless an x range [from, to] is one a plot can draw: finite, from < to, within
// ±1e250 and wider than 1e-280 (QCustomPlot silently keeps its old range otherwise).
void checkPlotRange(double from, double to);

// Runs the event loop until done() holds — checked at once and each time `sender` emits `signal` — or
// timeoutMs have passed; returns done(). How views offer "wait until trained" to tests and the command line.
template<typename Sender, typename Signal>
bool runEventsUntil(const Sender *sender, Signal signal, const std::function<bool()> &done, int timeoutMs) {
    if (done()) return true;
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(sender, signal, &loop, [&] {
        if (done()) loop.quit();
    });
    timeout.start(timeoutMs);
    loop.exec();
    return done();
}

} // namespace gelulab
