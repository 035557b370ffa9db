#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QStringList>

#include <vector>

class QMainWindow;
class QWidget;

namespace gelulab {

class View;

// Presentation mode (README.md, "In front of a class"): full screen (unless the window's size is fixed),
// larger type, thicker lines and bigger markers (Appearance), and the controls the teacher chose hidden. The
// controls are found in the views themselves — each row of a form (its label and field), each group box,
// check box and push button — and named by their view and text ("playground.optimizer"), the names sessions
// keep.
class Presentation : public QObject {
    Q_OBJECT
public:
    struct Control {
        QString id;    // "playground.optimizer"
        QString label; // "Optimizer"
        View *view = nullptr;
        QList<QPointer<QWidget>> widgets; // what hiding it hides (a form row: its label and field)
    };

    Presentation(QMainWindow *window, std::vector<View *> views);

    bool isOn() const { return m_on; }
    void setOn(bool on);
    // A fixed size (gelu-lab --window-size) keeps the window at that size in presentation mode too.
    void setFixedWindowSize(const QSize &size) { m_fixedSize = size; }
    QSize fixedWindowSize() const { return m_fixedSize; }

    // Every control a teacher may hide, view by view, in the order they appear.
    std::vector<Control> controls() const;
    // The ids hidden in presentation mode: by default each view's advanced controls (View::advancedControls).
    QStringList hidden() const { return m_hidden; }
    void setHidden(const QStringList &ids);
    QStringList defaultHidden() const;
    // The ids hidden by default: what a first lecture does not need (optimiser details, initialisation, …).
    static const QStringList &advancedControls();
    // View → Choose visible controls…: a dialog of check boxes, view by view.
    void chooseControls(QWidget *parent);

signals:
    void toggled(bool on);
    void hiddenChanged();

private:
    void applyVisibility();

    QMainWindow *m_window;
    std::vector<View *> m_views;
    bool m_on = false;
    QSize m_fixedSize;
    QStringList m_hidden;
    // What presentation mode hid, to be shown again when it ends (only what was visible before).
    QList<QPointer<QWidget>> m_hiddenByUs;
};

} // namespace gelulab
