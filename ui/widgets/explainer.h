#pragma once
// "What am I looking at?": a view's plots explained in a few sentences — what each line, band and colour is,
// with the formulas drawn — for whoever opens a tab without a lesson. Collapsed until asked for.

#include <QString>
#include <QWidget>

class QLabel;
class QToolButton;

namespace gelulab {

// The explanation of the view with this id ("curves", "error", "mask", "playground", "compare", "paper") as
// rich text a QLabel shows; an empty string for any other id.
QString viewExplanation(const QString &viewId);

// A flat toggle, "What am I looking at?", with the view's explanation under it, hidden while collapsed
// (the default). The text wraps to the width the panel is given and never asks for more, so the panel does
// not widen a side panel or the window.
class ExplainerPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExplainerPanel(const QString &viewId, QWidget *parent = nullptr);

    bool isExpanded() const { return m_expanded; }
    void setExpanded(bool expanded);

    QToolButton *toggleButton() const { return m_toggle; }
    QLabel *textLabel() const { return m_text; }

signals:
    // The text was shown (true) or hidden (false), by the button or by setExpanded().
    void expandedChanged(bool expanded);

private:
    QToolButton *m_toggle;
    QLabel *m_text;
    bool m_expanded = false;
};

} // namespace gelulab
