#include "sessiondocument.h"

#include "mainwindow.h"
#include "session_file.h"
#include "version.h"
#include "view.h"
#include "viewparts.h"

#include <QApplication>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLockFile>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QUndoCommand>
#include <QUndoStack>

#include <utility>

namespace gelulab {

// One undo step: the views that changed, their states before and after.
class ViewStateChange : public QUndoCommand {
public:
    ViewStateChange(SessionDocument *document, QJsonObject before, QJsonObject after, const QString &text)
        : QUndoCommand(text)
        , m_document(document)
        , m_before(std::move(before))
        , m_after(std::move(after)) {}

    void undo() override { m_document->applyViewStates(m_before); }
    void redo() override {
        // The first redo is the change the user just made.
        if (std::exchange(m_done, true)) m_document->applyViewStates(m_after);
    }

private:
    SessionDocument *m_document;
    QJsonObject m_before, m_after;
    bool m_done = false;
};

namespace {

const QString kRecentKey = QStringLiteral("session/recentFiles");
const QString kAutosaveFileKey = QStringLiteral("session/autosaveFile");
const QString kAutosaveModifiedKey = QStringLiteral("session/autosaveModified");

QString dataFile(const QString &name) {
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return QDir(folder).filePath(name);
}

} // namespace

SessionDocument::SessionDocument(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_undo(new QUndoStack(this))
    , m_check(new QTimer(this)) {
    // One comparison for a burst of input (a drag, typing), shortly after it.
    m_check->setSingleShot(true);
    m_check->setInterval(150);
    connect(m_check, &QTimer::timeout, this, &SessionDocument::refresh);
    qApp->installEventFilter(this);
    m_saved = settingsNow().value_or(QJsonObject());
    m_last = m_saved;
    m_undo->setUndoLimit(kUndoLimit);
    updateTitle();
}

SessionDocument::~SessionDocument() = default;

void SessionDocument::addEditActions(QMenu *edit) {
    QAction *undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence::Redo});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
}

void SessionDocument::applyViewStates(const QJsonObject &states) {
    for (View *view : m_window->views())
        if (states.contains(view->id())) view->restoreState(states.value(view->id()).toObject());
    m_last = settingsNow().value_or(m_last);
    const bool modified = m_last != m_saved;
    if (modified != m_modified) {
        m_modified = modified;
        updateTitle();
        emit modifiedChanged(modified);
    }
}

void SessionDocument::addActions(QMenu *file) {
    m_open = file->addAction(tr("&Open session…"), this, &SessionDocument::openWithDialog);
    m_open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &SessionDocument::fillRecentMenu);
    m_save = file->addAction(tr("&Save session"), this, &SessionDocument::save);
    m_save->setShortcut(QKeySequence::Save);
    m_saveAs = file->addAction(tr("Save session &as…"), this, &SessionDocument::saveAs);
    m_saveAs->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
}

bool SessionDocument::eventFilter(QObject *watched, QEvent *event) {
    switch (event->type()) {
    case QEvent::MouseButtonRelease:
    case QEvent::KeyRelease:
    case QEvent::Wheel:
        m_check->start();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

std::optional<QJsonObject> SessionDocument::settingsNow() const {
    // The views' settings and presentation mode's choice of controls (a change, not an undo step); the tab
    // shown is not a change worth a question.
    const session::ReadResult now = m_window->session();
    if (!now.ok()) return std::nullopt;
    const QJsonObject all = session::toJson(*now.session);
    QJsonObject settings = all.value(QStringLiteral("views")).toObject();
    settings.insert(QStringLiteral(" presentation"), all.value(QStringLiteral("presentation")));
    return settings;
}

void SessionDocument::refresh() {
    // A state that is not a valid session (a setting out of what a file may hold) is no step and no change;
    // saving it says what is wrong.
    const std::optional<QJsonObject> checked = settingsNow();
    if (!checked) return;
    const QJsonObject &now = *checked;
    if (now != m_last) {
        QJsonObject before, after;
        QStringList titles;
        for (const View *view : m_window->views()) {
            const QJsonValue was = m_last.value(view->id()), is = now.value(view->id());
            if (was == is) continue;
            before.insert(view->id(), was);
            after.insert(view->id(), is);
            titles << view->title();
        }
        m_last = now;
        if (!before.isEmpty())
            m_undo->push(new ViewStateChange(this, before, after,
                                             tr("change in %1").arg(titles.join(QStringLiteral(", ")))));
    }
    const bool modified = now != m_saved;
    if (modified == m_modified) return;
    m_modified = modified;
    updateTitle();
    emit modifiedChanged(modified);
}

void SessionDocument::setFile(const QString &fileName) {
    m_fileName = QFileInfo(fileName).absoluteFilePath();
    m_saved = settingsNow().value_or(QJsonObject());
    m_last = m_saved;
    const bool wasModified = m_modified;
    m_modified = false;
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(m_fileName);
    recent.prepend(m_fileName);
    while (recent.size() > kMaxRecentFiles)
        recent.removeLast();
    settings.setValue(kRecentKey, recent);
    updateTitle();
    if (wasModified) emit modifiedChanged(false);
}

void SessionDocument::clearFile() {
    m_fileName.clear();
    resetBaseline();
}

void SessionDocument::resetBaseline() {
    m_saved = settingsNow().value_or(QJsonObject());
    m_last = m_saved;
    m_undo->clear();
    const bool wasModified = std::exchange(m_modified, false);
    updateTitle();
    if (wasModified) emit modifiedChanged(false);
}

QStringList SessionDocument::recentFiles() const {
    return QSettings().value(kRecentKey).toStringList();
}

void SessionDocument::updateTitle() {
    const QString name = m_fileName.isEmpty() ? tr("Untitled") : QFileInfo(m_fileName).fileName();
    m_window->setWindowTitle(QStringLiteral("%1[*] — %2").arg(name, toQString(kProductName)));
    m_window->setWindowModified(m_modified);
}

bool SessionDocument::save() {
    if (m_fileName.isEmpty()) return saveAs();
    const QString error = m_window->saveSession(m_fileName);
    if (!error.isEmpty()) QMessageBox::warning(m_window, tr("Save session"), error);
    return error.isEmpty();
}

bool SessionDocument::saveAs() {
    const QString suggested =
        m_fileName.isEmpty() ? QDir::home().filePath(QStringLiteral("session.gelulab")) : m_fileName;
    QString fileName =
        QFileDialog::getSaveFileName(m_window, tr("Save session"), suggested, session::fileFilter());
    if (fileName.isEmpty()) return false;
    if (QFileInfo(fileName).suffix().isEmpty()) fileName += QStringLiteral(".gelulab");
    const QString error = m_window->saveSession(fileName);
    if (!error.isEmpty()) QMessageBox::warning(m_window, tr("Save session"), error);
    return error.isEmpty();
}

void SessionDocument::openWithDialog() {
    if (!maybeSave()) return;
    const QString fileName = QFileDialog::getOpenFileName(
        m_window, tr("Open session"), m_fileName.isEmpty() ? QDir::homePath() : QFileInfo(m_fileName).path(),
        session::fileFilter() + QStringLiteral(";;") + tr("All files (*)"));
    if (fileName.isEmpty()) return;
    const QString error = m_window->openSession(fileName);
    if (!error.isEmpty()) QMessageBox::warning(m_window, tr("Open session"), error);
}

bool SessionDocument::maybeSave() {
    refresh();
    if (!m_modified) return true;
    const QMessageBox::StandardButton answer = QMessageBox::question(
        m_window, tr("Unsaved changes"), tr("The session has changes that are not saved. Save them first?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save) return save();
    return answer == QMessageBox::Discard;
}

void SessionDocument::fillRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = recentFiles();
    if (recent.isEmpty()) m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
    for (const QString &fileName : recent) {
        QAction *action = m_recentMenu->addAction(QFileInfo(fileName).fileName(), this, [this, fileName] {
            if (!maybeSave()) return;
            const QString error = m_window->openSession(fileName);
            if (!error.isEmpty()) QMessageBox::warning(m_window, tr("Open session"), error);
        });
        action->setToolTip(fileName);
        action->setEnabled(QFileInfo::exists(fileName));
    }
}

} // namespace gelulab

namespace gelulab {

QString SessionDocument::autosaveFileName() {
    return dataFile(QStringLiteral("autosave.gelulab"));
}

QString SessionDocument::recoveryFileName() {
    return dataFile(QStringLiteral("recovery.gelulab"));
}

void SessionDocument::startRecovery() {
    // One running GELU Lab owns the recovery file; a second one keeps none (and does not take the first's
    // for a crash's).
    if (!m_recoveryLock)
        m_recoveryLock = std::make_unique<QLockFile>(recoveryFileName() + QStringLiteral(".lock"));
    if (!m_recoveryLock->isLocked() && !m_recoveryLock->tryLock(0)) return;
    if (!m_recoveryTimer) {
        m_recoveryTimer = new QTimer(this);
        connect(m_recoveryTimer, &QTimer::timeout, this, &SessionDocument::writeRecovery);
    }
    // Only changes from here on are worth recovering.
    if (const session::ReadResult now = m_window->session(true); now.ok())
        m_recovered = session::toJson(*now.session);
    m_recoveryTimer->start(kRecoveryIntervalMs);
}

bool SessionDocument::writeRecovery() {
    if (!m_recoveryLock || !m_recoveryLock->isLocked()) return false;
    const session::ReadResult now = m_window->session(true);
    if (!now.ok()) return false;
    const QJsonObject state = session::toJson(*now.session);
    if (state == m_recovered) return true;
    if (!session::writeFile(recoveryFileName(), *now.session).isEmpty()) return false;
    m_recovered = state;
    return true;
}

QString SessionDocument::keepOnQuit() {
    refresh();
    const session::ReadResult now = m_window->session(true);
    const QString error = now.ok() ? session::writeFile(autosaveFileName(), *now.session)
                                   : QString::fromStdString(now.problem.text());
    if (!error.isEmpty()) {
        // The recovery file, if this run has one, still holds the last minute's state.
        qWarning("GELU Lab: the session could not be kept for the next start: %s", qPrintable(error));
        return error;
    }
    QSettings settings;
    settings.setValue(kAutosaveFileKey, m_fileName);
    settings.setValue(kAutosaveModifiedKey, m_modified);
    if (m_recoveryLock && m_recoveryLock->isLocked()) {
        discardRecovery();
        m_recoveryLock->unlock();
    }
    return {};
}

bool SessionDocument::hasRecovery() {
    if (!QFileInfo::exists(recoveryFileName())) return false;
    // Held by a running GELU Lab: its live file, not a crash's (QLockFile takes over a dead process's lock).
    QLockFile lock(recoveryFileName() + QStringLiteral(".lock"));
    return lock.tryLock(0);
}

void SessionDocument::discardRecovery() {
    QFile::remove(recoveryFileName());
}

QString SessionDocument::restoreAutosave() {
    if (!QFileInfo::exists(autosaveFileName())) return {};
    const session::ReadResult saved = session::readFile(autosaveFileName());
    if (!saved.ok()) return session::describe(autosaveFileName(), saved.problem);
    m_window->applySession(*saved.session);
    const QSettings settings;
    const QString fileName = settings.value(kAutosaveFileKey).toString();
    resetBaseline();
    m_fileName = fileName;
    // Changes not saved when the program quit are still changes: they stay marked until saved.
    if (settings.value(kAutosaveModifiedKey).toBool()) {
        m_saved = QJsonObject();
        m_modified = true;
    }
    updateTitle();
    return {};
}

QString SessionDocument::restoreRecovery() {
    const session::ReadResult saved = session::readFile(recoveryFileName());
    if (!saved.ok()) return session::describe(recoveryFileName(), saved.problem);
    m_window->applySession(*saved.session);
    m_last = settingsNow().value_or(QJsonObject());
    m_undo->clear();
    // Recovered work is unsaved work.
    m_saved = QJsonObject();
    m_modified = true;
    updateTitle();
    return {};
}

} // namespace gelulab
