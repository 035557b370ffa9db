#pragma once

#include "appearance.h"
#include "session_json.h"
#include "view.h"

#include <QMainWindow>

#include <vector>

class QAction;
class QActionGroup;
class QCustomPlot;
class QTabWidget;

namespace gelulab {

class LessonPanel;
class Presentation;
class SessionDocument;
class View;

// The application window: one tab per view, menus, and the status bar that shows read-outs and errors. It
// talks to its views through the View interface (title, plot, data export, state), in the order of views().
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    // The view of this class (view<PlaygroundView>()), or nullptr.
    template<typename V>
    V *view() const {
        for (View *v : m_views)
            if (auto *found = qobject_cast<V *>(v)) return found;
        return nullptr;
    }
    QTabWidget *tabs() const { return m_tabs; }
    const std::vector<View *> &views() const { return m_views; }
    View *currentView() const;
    // Every name openView() takes: each view's id and aliases.
    QStringList viewNames() const;
    // Shows the view with this id or alias (as `gelu-lab --view NAME`); false for an unknown name.
    bool openView(const QString &name);
    QAction *aboutAction() const { return m_actions.about; }
    QAction *exportAction() const { return m_actions.exportPlot; }

    // The text of Help → About: product, version, licence and the paper.
    static QString aboutText();

    // Exports the current view's plot; returns an empty string or the error (also shown in the status bar).
    QString exportCurrentPlot(const QString &fileName, int width, int height);
    // Exports the current view's data (View::exportCsv); the same reporting.
    QString exportCurrentData(const QString &fileName);
    QAction *exportDataAction() const { return m_actions.exportData; }
    QAction *copyPlotAction() const { return m_actions.copyPlot; }

    // The whole state as a session (docs/ARCHITECTURE.md, "Sessions"): every view's state(), the tab shown
    // and the custom formulas, checked as a file is, so that nothing is written that would not open again.
    // With results, also what views keep as results (the Playground's trained network): for files, not for
    // the comparisons after each click.
    session::ReadResult session(bool withResults = false) const;
    // Shows a checked session: registers its formulas (renaming the ids the registry gives), then hands each
    // view its part and opens its tab. Views and keys the session leaves out stay as they are. A session with
    // a lesson opens the lesson (startRuns false: without starting the step's run); one without closes it.
    void applySession(session::Session session, bool startRuns = true);
    // Opens a session file, or saves the state to one: an empty string, or the one-line error (also shown in
    // the status bar). A file that does not open changes nothing.
    QString openSession(const QString &fileName, bool startRuns = true);
    QString saveSession(const QString &fileName);
    SessionDocument *document() const { return m_document; }

    // Lessons (README.md, "Lessons"): a session with a lesson shows the lesson panel at its first step. Each
    // step applies the lesson's own state and every step up to it, then (with run) starts the step's run.
    QString openLesson(const QString &id);
    void showLessonStep(int index, bool run = true);
    void closeLesson();
    LessonPanel *lessonPanel() const { return m_lessonPanel; }
    // The lesson shown (its state, with the lesson), or nothing.
    const std::optional<session::Session> &lesson() const { return m_lesson; }

    // View → Presentation mode (F11) and the controls it hides (README.md, "In front of a class").
    Presentation *presentation() const { return m_presentation; }
    void setPresentationMode(bool on);
    bool presentationMode() const;
    QAction *presentationAction() const { return m_actions.presentation; }
    // View → Theme; the choice is also a preference (QSettings "appearance/theme").
    void setTheme(Theme theme);
    // Help → Keyboard shortcuts: every menu's shortcuts, then the views' keys and mouse gestures.
    QString shortcutsHtml() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void exportWithDialog();
    void exportDataWithDialog();
    void showAbout();
    // Hands the Playground's data and settings to the Compare view.
    void takePlaygroundSetup();
    // Registers the session's formulas (renaming what the registry names differently) and hands the views
    // their parts; the lesson, if any, is the caller's.
    // Hands the views their parts; the Compare tab then takes the Playground's setup unless takeCompareSetup is
    // false or the session holds one of its own. Returns whether it held one.
    bool applyState(session::Session s, bool takeCompareSetup = true);
    void buildLessonsMenu();
    void buildViewMenu();
    void showShortcuts();

    QTabWidget *m_tabs = nullptr;
    SessionDocument *m_document = nullptr;
    // What the file opened last held from a newer minor version of the format, written back on saving it.
    QJsonObject m_newerKeys;
    LessonPanel *m_lessonPanel = nullptr;
    Presentation *m_presentation = nullptr;
    QActionGroup *m_themeActions = nullptr;
    std::optional<session::Session> m_lesson;
    QAction *m_closeLesson = nullptr;
    std::vector<View *> m_views;
    struct {
        QAction *about = nullptr, *exportPlot = nullptr, *exportData = nullptr, *copyPlot = nullptr;
        QAction *presentation = nullptr, *shortcuts = nullptr;
    } m_actions; // the menu actions the tests trigger
};

} // namespace gelulab
