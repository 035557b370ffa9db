#include "mainwindow.h"

#include "activation.h"
#include "appearance.h"
#include "compareview.h"
#include "curvesview.h"
#include "customactivations.h"
#include "depthview.h"
#include "errorview.h"
#include "explainer.h"
#include "lessonpanel.h"
#include "lessons.h"
#include "maskview.h"
#include "paperview.h"
#include "playgroundview.h"
#include "plotexport.h"
#include "presentation.h"
#include "session_file.h"
#include "sessiondocument.h"
#include "simd_target.h"
#include "version.h"
#include "viewparts.h"

#include <QActionGroup>
#include <QApplication>
#include <QBoxLayout>
#include <QClipboard>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QJsonArray>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <qcustomplot.h>

#include <functional>

namespace gelulab {
MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent) {
    resize(1280, 800);

    m_tabs = new QTabWidget;
    auto *curves = new CurvesView;
    auto *playground = new PlaygroundView;
    auto *compare = new CompareView;
    m_views = {curves, new ErrorView, new MaskView, playground, compare, new PaperView, new DepthView};
    for (View *view : m_views) {
        m_tabs->addTab(view, view->title());
        // "What am I looking at?" above each view's parts (every view lays them out in a box).
        if (auto *box = qobject_cast<QBoxLayout *>(view->layout())) {
            auto *explainer = new ExplainerPanel(view->id());
            explainer->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
            box->insertWidget(0, explainer);
            for (int i = 1; i < box->count(); ++i)
                box->setStretch(i, 1); // the view's parts take the height the panel does not need
        }
    }
    takePlaygroundSetup();
    connect(compare, &CompareView::setupRequested, this, &MainWindow::takePlaygroundSetup);
    connect(playground, &PlaygroundView::compareRequested, this, [this, playground, compare] {
        takePlaygroundSetup();
        // The Playground's activation in the first run, unless another run already has it.
        const std::string id = playground->settings().activations.front();
        std::vector<std::string> ids = compare->alternatives();
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
            ids.front() = id;
            compare->setAlternatives(ids);
        }
        m_tabs->setCurrentWidget(compare);
    });
    setCentralWidget(m_tabs);
    m_presentation = new Presentation(this, m_views);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_document = new SessionDocument(this);
    m_document->addActions(file);
    file->addSeparator();
    m_actions.exportPlot = file->addAction(tr("&Export plot…"), this, &MainWindow::exportWithDialog);
    m_actions.exportPlot->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_actions.exportData =
        file->addAction(tr("Export &data (CSV)…"), this, &MainWindow::exportDataWithDialog);
    QAction *exportWeights = file->addAction(tr("Export &weights (JSON)…"), this, [this, playground] {
        if (m_tabs->currentWidget() != playground) {
            statusBar()->showMessage(tr("Weights belong to the Playground: open its tab first"));
            return;
        }
        const QString fileName = QFileDialog::getSaveFileName(
            this, tr("Export weights"), QStringLiteral("weights.json"), tr("JSON (*.json)"));
        if (fileName.isEmpty()) return;
        const QString error = playground->exportWeights(fileName);
        statusBar()->showMessage(error.isEmpty() ? tr("Saved %1").arg(fileName) : error);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Export weights"), error);
    });
    exportWeights->setToolTip(tr("The Playground's weights and biases, layer by layer"));
    file->addAction(tr("&Open data (CSV) for the Playground…"), this, [this, playground] {
        const QString fileName =
            QFileDialog::getOpenFileName(this, tr("Open data"), QString(), tr("CSV (*.csv);;All files (*)"));
        if (fileName.isEmpty()) return;
        m_tabs->setCurrentWidget(playground);
        const QString error = playground->loadDataCsv(fileName);
        statusBar()->showMessage(error.isEmpty() ? tr("Training on %1").arg(fileName) : error);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Open data"), error);
    });
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    m_document->addEditActions(edit);
    m_actions.copyPlot = edit->addAction(tr("&Copy plot"), this, [this] {
        const HoverHidden hover(currentView()->plot());
        QGuiApplication::clipboard()->setImage(currentView()->plot()->toPixmap().toImage());
        statusBar()->showMessage(tr("The plot is on the clipboard"));
    });
    m_actions.copyPlot->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    m_lessonPanel = new LessonPanel(this);
    addDockWidget(Qt::RightDockWidgetArea, m_lessonPanel);
    m_lessonPanel->hide();
    connect(m_lessonPanel, &LessonPanel::stepRequested, this, [this](int index) { showLessonStep(index); });
    connect(m_lessonPanel, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (!visible && !m_lessonPanel->isVisibleTo(this) && m_lesson && !isHidden()) closeLesson();
    });
    buildLessonsMenu();

    buildViewMenu();
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    m_actions.shortcuts = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    m_actions.shortcuts->setShortcut(QKeySequence(Qt::Key_F1));
    m_actions.about = help->addAction(tr("&About GELU Lab"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    connect(curves, &CurvesView::readoutChanged, this, [this](const QString &text) {
        statusBar()->showMessage(QString(text).replace(QLatin1Char('\n'), QStringLiteral("    ")));
    });
    const QString hint =
        tr("Drag to pan, wheel to zoom, Ctrl+drag to zoom to a rectangle, double-click to reset");
    statusBar()->showMessage(hint);
    // A read-out or message belongs to the tab that showed it.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this, hint] { statusBar()->showMessage(hint); });
    setAcceptDrops(true); // a session file dropped on the window opens
    // Every plot follows the theme and presentation mode (docs/ARCHITECTURE.md, "Appearance").
    for (QCustomPlot *plot : findChildren<QCustomPlot *>())
        Appearance::instance()->attach(plot);
    m_document->resetBaseline();
}

session::ReadResult MainWindow::session(bool withResults) const {
    QJsonObject views;
    for (const View *view : m_views) {
        QJsonObject state = view->state();
        if (withResults) {
            const QJsonObject results = view->results();
            for (auto it = results.begin(); it != results.end(); ++it)
                state.insert(it.key(), it.value());
        }
        views.insert(view->id(), state);
    }
    QJsonArray formulas;
    for (const Activation &row : customActivations())
        formulas.append(QJsonObject{{QStringLiteral("id"), toQString(row.id)},
                                    {QStringLiteral("formula"), toQString(row.formula)}});
    session::ReadResult result = session::fromJson(QJsonObject{
        {QStringLiteral("version"), session::kVersion},
        {QStringLiteral("view"), currentView()->id()},
        {QStringLiteral("formulas"), formulas},
        {QStringLiteral("views"), views},
        {QStringLiteral("presentation"),
         QJsonObject{{QStringLiteral("hidden"), QJsonArray::fromStringList(m_presentation->hidden())}}}});
    // A lesson saved with the state as it is now and the step shown: a teacher's own copy, or the autosave.
    if (result.ok() && m_lesson) {
        result.session->lesson = m_lesson->lesson;
        result.session->lesson->current = m_lessonPanel->step();
    }
    return result;
}

namespace {

// Registers a session's formulas and renames its references to those the registry gives another id.
void registerFormulas(session::Session &s) {
    std::vector<std::pair<std::string, std::string>> renames;
    for (const session::CustomFormulaEntry &f : s.formulas) {
        const QString id = CustomActivations::instance()->add(QString::fromStdString(f.formula));
        if (id.toStdString() != f.id) renames.emplace_back(f.id, id.toStdString());
    }
    session::renameActivations(s, renames);
}

} // namespace

void MainWindow::applySession(session::Session s, bool startRuns) {
    m_newerKeys = {}; // openSession puts back those of the file it opens
    if (!s.lesson) {
        closeLesson();
        applyState(std::move(s));
        return;
    }
    // The ids of the lesson's formulas are settled once, for its state and all its steps.
    registerFormulas(s);
    const std::optional<int> current = s.lesson->current;
    m_lesson = std::move(s);
    m_lesson->lesson->current.reset();
    m_lessonPanel->setLesson(*m_lesson->lesson);
    m_lessonPanel->show();
    m_closeLesson->setEnabled(true);
    if (!current) {
        showLessonStep(0, startRuns);
        return;
    }
    // Saved during the lesson: its state as it was at that step.
    session::Session state = *m_lesson;
    state.lesson.reset();
    applyState(std::move(state));
    m_lessonPanel->setStep(*current);
}

bool MainWindow::applyState(session::Session s, bool takeCompareSetup) {
    // The formulas first, as the views refer to them.
    registerFormulas(s);
    for (View *view : m_views)
        if (const QJsonObject part = session::viewToJson(s, view->id()); !part.isEmpty())
            view->restoreState(part);
    if (s.presentation && s.presentation->hidden) {
        QStringList hidden;
        for (const std::string &id : *s.presentation->hidden)
            hidden << QString::fromStdString(id);
        m_presentation->setHidden(hidden);
    }
    if (s.view) openView(QString::fromStdString(*s.view));
    // The Compare view trains what the Playground shows, unless the session kept a setup of its own for it.
    const bool ownSetup = s.compare && s.compare->setup;
    if (takeCompareSetup && !ownSetup) takePlaygroundSetup();
    return ownSetup;
}

void MainWindow::showLessonStep(int index, bool run) {
    if (!m_lesson) return;
    const std::vector<session::LessonStep> &steps = m_lesson->lesson->steps;
    index = std::clamp(index, 0, int(steps.size()) - 1);
    session::Session base = *m_lesson;
    base.lesson.reset();
    // A Compare setup carries forward from the lesson's state and earlier steps as every other key does.
    bool ownSetup = applyState(std::move(base), false);
    for (int i = 0; i <= index; ++i)
        ownSetup = applyState(steps[std::size_t(i)].show, false) || ownSetup;
    if (!ownSetup) takePlaygroundSetup();
    m_lessonPanel->setStep(index);
    if (run && steps[std::size_t(index)].run) currentView()->startRun(*steps[std::size_t(index)].run);
}

void MainWindow::closeLesson() {
    m_lesson.reset();
    m_lessonPanel->hide();
    m_closeLesson->setEnabled(false);
}

QString MainWindow::openLesson(const QString &id) {
    const BuiltInLesson *found = findBuiltInLesson(id);
    if (!found) {
        QStringList ids;
        for (const BuiltInLesson &l : builtInLessons())
            ids << QString::fromStdString(l.lesson().id);
        return tr("unknown lesson '%1' (lessons: %2)").arg(id, ids.join(QStringLiteral(", ")));
    }
    applySession(found->session);
    m_document->clearFile();
    statusBar()->showMessage(tr("Lesson: %1").arg(QString::fromStdString(found->lesson().title)));
    return {};
}

void MainWindow::buildLessonsMenu() {
    QMenu *menu = menuBar()->addMenu(tr("&Lessons"));
    int number = 0;
    for (const BuiltInLesson &l : builtInLessons()) {
        const QString id = QString::fromStdString(l.lesson().id);
        QAction *action = menu->addAction(
            QStringLiteral("&%1. %2").arg(++number).arg(QString::fromStdString(l.lesson().title)), this,
            [this, id] {
                if (m_document->maybeSave()) openLesson(id);
            });
        action->setToolTip(QString::fromStdString(l.lesson().summary));
        action->setStatusTip(action->toolTip());
    }
    menu->setToolTipsVisible(true);
    menu->addSeparator();
    m_closeLesson = menu->addAction(tr("&Close lesson"), this, &MainWindow::closeLesson);
    m_closeLesson->setEnabled(false);
}

QString MainWindow::openSession(const QString &fileName, bool startRuns) {
    const session::ReadResult result = session::readFile(fileName);
    if (!result.ok()) {
        const QString error = session::describe(fileName, result.problem);
        statusBar()->showMessage(error);
        return error;
    }
    applySession(*result.session, startRuns);
    m_newerKeys = result.newerKeys;
    m_document->setFile(fileName);
    m_document->undoStack()->clear();
    statusBar()->showMessage(tr("Opened %1").arg(fileName));
    return {};
}

QString MainWindow::saveSession(const QString &fileName) {
    const session::ReadResult now = session(true);
    QString error =
        now.ok() ? session::writeFile(fileName, *now.session, m_newerKeys)
                 : tr("The session cannot be saved: %1").arg(QString::fromStdString(now.problem.text()));
    if (error.isEmpty()) m_document->setFile(fileName);
    statusBar()->showMessage(error.isEmpty() ? tr("Saved %1").arg(fileName) : error);
    return error;
}

void MainWindow::closeEvent(QCloseEvent *event) {
    if (!m_document->maybeSave()) {
        event->ignore();
        return;
    }
    // The state is kept for the next start, the window's place too.
    m_document->keepOnQuit();
    m_presentation->setOn(false); // the next start opens as a window, not stuck in full screen
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    event->accept();
}

namespace {

// The first local session file among what is dragged.
QString droppedSession(const QMimeData *mime) {
    for (const QUrl &url : mime->urls())
        if (url.isLocalFile() && url.toLocalFile().endsWith(QStringLiteral(".gelulab"), Qt::CaseInsensitive))
            return url.toLocalFile();
    return {};
}

} // namespace

void MainWindow::dragEnterEvent(QDragEnterEvent *event) {
    if (!droppedSession(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event) {
    const QString fileName = droppedSession(event->mimeData());
    if (fileName.isEmpty() || !m_document->maybeSave()) return;
    event->acceptProposedAction();
    const QString error = openSession(fileName);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Open session"), error);
}

QString MainWindow::aboutText() {
    return tr("<h3>%1 %2</h3>"
              "<p>%3</p>"
              "<p>Built around the paper: %4.</p>"
              "<p>Licence: %5. GELU Lab draws with QCustomPlot (GPL-3) and computes with Eigen and Google "
              "Highway.</p>"
              "<p>%6.</p>")
        .arg(toQString(kProductName), toQString(kVersion), toQString(kTagline).toHtmlEscaped(),
             toQString(kPaper).toHtmlEscaped(), toQString(kLicence),
             QString::fromStdString(simd::description()).toHtmlEscaped());
}

View *MainWindow::currentView() const {
    return qobject_cast<View *>(m_tabs->currentWidget());
}

QStringList MainWindow::viewNames() const {
    QStringList names;
    for (const View *view : m_views)
        names << view->id() << view->aliases();
    return names;
}

bool MainWindow::openView(const QString &name) {
    for (View *view : m_views)
        if (view->id() == name || view->aliases().contains(name)) {
            m_tabs->setCurrentWidget(view);
            view->openAs(name);
            return true;
        }
    return false;
}

QString MainWindow::exportCurrentPlot(const QString &fileName, int width, int height) {
    const QString error = exportPlot(currentView()->plot(), fileName, width, height);
    statusBar()->showMessage(error.isEmpty() ? tr("Saved %1").arg(fileName) : error);
    return error;
}

void MainWindow::exportWithDialog() {
    const QString fileName = QFileDialog::getSaveFileName(
        this, tr("Export plot"), QStringLiteral("curves.png"), tr("Pictures (*.png *.svg *.pdf)"));
    if (fileName.isEmpty()) return;
    QCustomPlot *plot = currentView()->plot();
    const QString error = exportCurrentPlot(fileName, plot->width(), plot->height());
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export plot"), error);
}

QString MainWindow::exportCurrentData(const QString &fileName) {
    const QString error = currentView()->exportCsv(fileName);
    statusBar()->showMessage(error.isEmpty() ? tr("Saved %1").arg(fileName) : error);
    return error;
}

void MainWindow::exportDataWithDialog() {
    const View *view = currentView();
    const QString fileName =
        QFileDialog::getSaveFileName(this, tr("Export data"), view->dataFileName(), view->dataFilter());
    if (fileName.isEmpty()) return;
    const QString error = exportCurrentData(fileName);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export data"), error);
}

void MainWindow::takePlaygroundSetup() {
    const PlaygroundView *playground = view<PlaygroundView>();
    view<CompareView>()->setSetup(playground->data(), playground->settings(), playground->describeSetup());
}

void MainWindow::buildViewMenu() {
    QMenu *menu = menuBar()->addMenu(tr("&View"));
    m_actions.presentation = menu->addAction(tr("&Presentation mode"));
    m_actions.presentation->setCheckable(true);
    m_actions.presentation->setShortcut(QKeySequence(Qt::Key_F11));
    m_actions.presentation->setToolTip(
        tr("Full screen, larger type, thicker lines; the controls chosen below hidden (Esc leaves)"));
    connect(m_actions.presentation, &QAction::toggled, m_presentation, &Presentation::setOn);
    connect(m_presentation, &Presentation::toggled, m_actions.presentation, &QAction::setChecked);
    // Esc leaves presentation mode, and is left to dialogs and fields otherwise.
    auto *leave = new QAction(this);
    leave->setShortcut(QKeySequence(Qt::Key_Escape));
    leave->setShortcutContext(Qt::WindowShortcut);
    leave->setEnabled(false);
    addAction(leave);
    connect(leave, &QAction::triggered, this, [this] { m_presentation->setOn(false); });
    connect(m_presentation, &Presentation::toggled, leave, &QAction::setEnabled);
    menu->addAction(tr("Choose &visible controls…"), this, [this] { m_presentation->chooseControls(this); });
    menu->addSeparator();
    QMenu *themes = menu->addMenu(tr("&Theme"));
    auto *group = new QActionGroup(this);
    const std::pair<Theme, QString> choices[] = {
        {Theme::System, tr("Follow the &desktop")}, {Theme::Light, tr("&Light")}, {Theme::Dark, tr("D&ark")}};
    for (const auto &[theme, text] : choices) {
        QAction *action = themes->addAction(text);
        action->setCheckable(true);
        action->setData(themeId(theme));
        action->setChecked(theme == Appearance::instance()->theme());
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, theme = theme] {
            setTheme(theme);
            QSettings().setValue(QStringLiteral("appearance/theme"), themeId(theme));
        });
    }
    m_themeActions = group;
    menu->setToolTipsVisible(true);
}

void MainWindow::setTheme(Theme theme) {
    Appearance::instance()->setTheme(theme);
    for (QAction *action : m_themeActions->actions())
        action->setChecked(action->data().toString() == themeId(theme));
}

void MainWindow::setPresentationMode(bool on) {
    m_presentation->setOn(on);
}

bool MainWindow::presentationMode() const {
    return m_presentation->isOn();
}

QString MainWindow::shortcutsHtml() const {
    QString rows;
    const auto row = [&rows](const QString &keys, const QString &what) {
        rows += QStringLiteral("<tr><td style='padding-right:16px'><b>%1</b></td><td>%2</td></tr>")
                    .arg(keys.toHtmlEscaped(), what.toHtmlEscaped());
    };
    const auto section = [&rows](const QString &title) {
        rows += QStringLiteral("<tr><td colspan='2' style='padding-top:8px'><i>%1</i></td></tr>")
                    .arg(title.toHtmlEscaped());
    };
    section(tr("Menus"));
    for (QAction *menuAction : menuBar()->actions()) {
        if (!menuAction->menu()) continue;
        const std::function<void(QMenu *)> walk = [&](QMenu *menu) {
            for (QAction *a : menu->actions()) {
                if (a->menu())
                    walk(a->menu());
                else if (!a->shortcut().isEmpty())
                    row(a->shortcut().toString(QKeySequence::NativeText),
                        QString(a->text()).remove(QLatin1Char('&')));
            }
        };
        walk(menuAction->menu());
    }
    row(QStringLiteral("Esc"), tr("Leave presentation mode"));
    row(tr("Ctrl+Tab, Ctrl+Shift+Tab"), tr("Next, previous tab"));
    section(tr("Playground and Stochastic mask"));
    row(tr("Space"), tr("Play or pause (training, sampling)"));
    row(tr("Right arrow"), tr("One step: an epoch, or a sample at every x"));
    row(tr("Click on the plot"), tr("Add a point of the chosen class; Ctrl+click removes the nearest"));
    row(tr("Hover over a unit"), tr("Show that unit's map in place of the boundary"));
    row(tr("Click a link or unit"), tr("Edit its weight or bias"));
    section(tr("Plots"));
    row(tr("Drag"), tr("Pan"));
    row(tr("Wheel"), tr("Zoom"));
    row(tr("Ctrl+drag"), tr("Zoom to a rectangle"));
    row(tr("Double-click"), tr("Reset the view"));
    return QStringLiteral("<table>%1</table>").arg(rows);
}

void MainWindow::showShortcuts() {
    QMessageBox box(this);
    box.setWindowTitle(tr("Keyboard shortcuts"));
    box.setTextFormat(Qt::RichText);
    box.setText(shortcutsHtml());
    box.exec();
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About GELU Lab"), aboutText());
}

} // namespace gelulab
