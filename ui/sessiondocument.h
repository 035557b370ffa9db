#pragma once

#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

class QAction;
class QLockFile;
class QMenu;
class QTimer;
class QUndoStack;

namespace gelulab {

class MainWindow;

// The window's session as a document: its file, whether it changed since it was opened or saved, the title
// bar that says both ("lesson.gelulab* — GELU Lab"), File → Open/Save/Save As/Open Recent, and the question
// before unsaved changes are lost. Changes are noticed after the user's input (a click, a key, the wheel):
// the views' settings are compared with those last saved, so a change undone by hand is no change.
class SessionDocument : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxRecentFiles = 8;
    static constexpr int kUndoLimit = 200;

    explicit SessionDocument(MainWindow *window);
    ~SessionDocument() override;

    // Adds Open…, Open Recent, Save, Save As… to the menu.
    void addActions(QMenu *file);
    // Adds Undo and Redo to the menu: each change of a view's settings is a step (a burst of input, such as
    // a drag or a wheel turn, makes one), and undoing it gives the view back its state from before.
    void addEditActions(QMenu *edit);
    QUndoStack *undoStack() const { return m_undo; }
    QString fileName() const { return m_fileName; }
    bool isModified() const { return m_modified; }
    // Compares the state with the last saved one now (the window calls it after input; tests call it too).
    void refresh();
    // After a file was opened or saved: it is the document's file, unchanged, first in the recent files.
    void setFile(const QString &fileName);
    // The state now is the unchanged one (after start-up options have been applied).
    void resetBaseline();
    // No file any more (a built-in lesson opened): "Untitled", unchanged.
    void clearFile();
    // Asks what to do with unsaved changes (save, discard, cancel); true when it is fine to go on.
    bool maybeSave();
    QStringList recentFiles() const;

    QAction *openAction() const { return m_open; }
    QAction *saveAction() const { return m_save; }
    QAction *saveAsAction() const { return m_saveAs; }

    bool save();
    bool saveAs();
    void openWithDialog();

    // Keeping work across runs (docs/ARCHITECTURE.md, "Sessions"): on quit the state goes to the autosave
    // file (with the document's file name and whether it had unsaved changes) and comes back on the next
    // start; while running, a recovery file is rewritten every kRecoveryIntervalMs when the state changed,
    // and removed on a clean quit, so that after a crash at most that much work is lost.
    static constexpr int kRecoveryIntervalMs = 60'000;
    static QString autosaveFileName();
    static QString recoveryFileName();
    // Starts the recovery timer.
    void startRecovery();
    // Writes the recovery file now if the state changed since the last one; false when it could not.
    bool writeRecovery();
    // On a clean quit: the autosave written and this run's recovery file removed; an empty string, or why
    // the state could not be kept (the recovery file then stays).
    QString keepOnQuit();
    // A recovery file left by a run that did not quit cleanly (not one a running GELU Lab holds).
    static bool hasRecovery();
    static void discardRecovery();
    // Restores the autosave or the recovery file: an empty string, or what was wrong (the state unchanged).
    QString restoreAutosave();
    QString restoreRecovery();

signals:
    void modifiedChanged(bool modified);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // The views' settings, or nothing when the state is not a valid session.
    std::optional<QJsonObject> settingsNow() const;
    // Puts views back to states (by view id) without recording a step.
    void applyViewStates(const QJsonObject &states);
    friend class ViewStateChange;
    void updateTitle();
    void fillRecentMenu();

    MainWindow *m_window;
    QString m_fileName;
    QJsonObject m_saved; // the views' settings when last opened or saved
    QJsonObject m_last;  // the views' settings at the last check: what an undo step starts from
    QUndoStack *m_undo;
    bool m_modified = false;
    QTimer *m_check;
    QMenu *m_recentMenu = nullptr;
    QTimer *m_recoveryTimer = nullptr;
    std::unique_ptr<QLockFile> m_recoveryLock; // held while this run owns the recovery file
    QJsonObject m_recovered;                   // the state the recovery file holds
    QAction *m_open = nullptr, *m_save = nullptr, *m_saveAs = nullptr;
};

} // namespace gelulab
