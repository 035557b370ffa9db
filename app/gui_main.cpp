// gelu-lab: the desktop application.
#include "curvesview.h"
#include "depthview.h"
#include "mainwindow.h"
#include "maskview.h"
#include "playgroundview.h"
#include "presentation.h"
#include "sessiondocument.h"
#include "simd_target.h"
#include "version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>
#include <qcustomplot.h>

#include <cstdio>
#include <functional>
#include <optional>
#include <stdexcept>
#include <utility>

namespace {

// Runs an action once, right after the watched widget's first paint: how `gelu-lab-cli bench startup` times
// start-up, and how --screenshot waits for a drawn window.
class FirstPaintProbe : public QObject {
public:
    FirstPaintProbe(std::function<void()> action, QObject *parent = nullptr)
        : QObject(parent)
        , m_action(std::move(action)) {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override {
        if (event->type() == QEvent::Paint && m_action) {
            QTimer::singleShot(0, qApp, std::exchange(m_action, nullptr));
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_action;
};

// --help and --version print and quit: they must work on a machine without a display (a terminal over ssh, a
// package build), where Qt's default platform would abort before the parser runs.
void allowHelpWithoutDisplay(int argc, char *argv[]) {
    if (!qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
        !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        return;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-v" || arg == "--version") {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            return;
        }
    }
}

} // namespace

int main(int argc, char *argv[]) {
    allowHelpWithoutDisplay(argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("GELU Lab"));
    // GELULAB_SIMD forces the kernels' SIMD target; one this processor cannot run stops here, before a
    // window.
    const std::string simdError = gelulab::simd::applyEnvironment();
    if (!simdError.empty()) {
        std::fprintf(stderr, "gelu-lab: %s\n", simdError.c_str());
        return 1;
    }
    QApplication::setApplicationVersion(QStringLiteral("%1\n%2").arg(
        QStringLiteral(GELULAB_VERSION), QString::fromStdString(gelulab::simd::description())));
    QApplication::setOrganizationName(QStringLiteral("GELU Lab"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/gelu-lab.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("GELU Lab — %1\nLicence: %2. Paper: %3.")
                                         .arg(QString::fromUtf8(gelulab::kTagline.data()),
                                              QString::fromUtf8(gelulab::kLicence.data()),
                                              QString::fromUtf8(gelulab::kPaper.data())));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption probe(
        QStringLiteral("quit-after-first-paint"),
        QStringLiteral("Print 'first-paint' once the window is drawn, then quit (start-up benchmark)."));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a PNG of the drawn window to FILE, then quit."),
                                  QStringLiteral("FILE"));
    QCommandLineOption show(
        QStringLiteral("show"),
        QStringLiteral("Activations to show at start, comma-separated ids (default gelu)."),
        QStringLiteral("IDS"));
    QCommandLineOption view(
        QStringLiteral("view"),
        QStringLiteral(
            "The view to open: curves, error, precision (the error view's floating-point mode), mask, "
            "playground, compare, paper or depth."),
        QStringLiteral("NAME"), QStringLiteral("curves"));
    QCommandLineOption formula(
        QStringLiteral("formula"),
        QStringLiteral("Add a custom activation, a formula in x, and show it (repeatable)."),
        QStringLiteral("EXPR"));
    parser.addOption(formula);
    QCommandLineOption maskSamples(
        QStringLiteral("samples"),
        QStringLiteral("Mask view: draw N samples at every x before showing the window (1 to 1000000)."),
        QStringLiteral("N"));
    parser.addOption(maskSamples);
    QCommandLineOption epochsOption(QStringLiteral("epochs"),
                                    QStringLiteral("Playground: train N epochs before showing the window. "
                                                   "Compare and Paper: run for N epochs first."),
                                    QStringLiteral("N"));
    parser.addOption(epochsOption);
    QCommandLineOption fresh(
        QStringLiteral("fresh"),
        QStringLiteral("Start with the default settings: do not restore the last session or offer recovery "
                       "(--screenshot implies it)."));
    parser.addOption(fresh);
    QCommandLineOption lesson(
        QStringLiteral("lesson"),
        QStringLiteral("Open a built-in lesson (gelu-lab-cli lesson list shows their ids)."),
        QStringLiteral("ID"));
    parser.addOption(lesson);
    QCommandLineOption presentation(
        QStringLiteral("presentation"),
        QStringLiteral("Start in presentation mode: full screen (unless --window-size), larger type, thicker "
                       "lines, the advanced controls hidden."));
    parser.addOption(presentation);
    QCommandLineOption theme(QStringLiteral("theme"),
                             QStringLiteral("The theme: system (follow the desktop), light or dark."),
                             QStringLiteral("NAME"));
    parser.addOption(theme);
    QCommandLineOption windowSize(
        QStringLiteral("window-size"),
        QStringLiteral("The window's size in logical pixels, e.g. 960x540 (also in presentation mode)."),
        QStringLiteral("WxH"));
    parser.addOption(windowSize);
    parser.addOption(view);
    parser.addOption(probe);
    parser.addOption(screenshot);
    parser.addOption(show);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A session file (.gelulab) to open."),
                                 QStringLiteral("[FILE]"));
    parser.process(app);
    if (parser.positionalArguments().size() > 1) {
        std::fprintf(stderr, "gelu-lab: one session file at a time\n");
        return 2;
    }

    // Checked before the window is built: a wrong value is a command-line error, not a half-started window.
    std::optional<gelulab::Theme> themeChoice;
    if (parser.isSet(theme)) {
        themeChoice = gelulab::themeFromId(parser.value(theme));
        if (!themeChoice) {
            std::fprintf(stderr, "gelu-lab: --theme must be system, light or dark\n");
            return 2;
        }
    }
    QSize fixedSize;
    if (parser.isSet(windowSize)) {
        const QStringList parts = parser.value(windowSize).split(QLatin1Char('x'));
        bool okWidth = false, okHeight = false;
        if (parts.size() == 2) fixedSize = QSize(parts[0].toInt(&okWidth), parts[1].toInt(&okHeight));
        if (!okWidth || !okHeight || fixedSize.width() < 320 || fixedSize.height() < 240 ||
            fixedSize.width() > 16384 || fixedSize.height() > 16384) {
            std::fprintf(stderr,
                         "gelu-lab: --window-size must be WIDTHxHEIGHT, from 320x240 to 16384x16384\n");
            return 2;
        }
    }

    gelulab::MainWindow window;
    gelulab::SessionDocument *document = window.document();
    // Pictures and benchmarks start from the defaults; otherwise the last run's state comes back (or, after a
    // crash, the recovery file if the user wants it), and the window where it was.
    const bool startFresh = parser.isSet(fresh) || parser.isSet(screenshot) || parser.isSet(probe);
    if (!themeChoice && !startFresh)
        themeChoice = gelulab::themeFromId(QSettings().value(QStringLiteral("appearance/theme")).toString());
    if (themeChoice) window.setTheme(*themeChoice);
    QString startMessage;
    if (!startFresh) {
        window.restoreGeometry(QSettings().value(QStringLiteral("window/geometry")).toByteArray());
        bool recovered = false;
        // After a crash, the work kept then is offered, unless a file or lesson was asked for (the recovery
        // file then waits for a start without one).
        const bool askedFor = !parser.positionalArguments().isEmpty() || parser.isSet(lesson);
        if (!askedFor && gelulab::SessionDocument::hasRecovery()) {
            const QDateTime when = QFileInfo(gelulab::SessionDocument::recoveryFileName()).lastModified();
            const auto answer = QMessageBox::question(
                nullptr, QStringLiteral("GELU Lab"),
                QStringLiteral("GELU Lab did not quit properly last time. Restore the work kept at %1?")
                    .arg(QLocale().toString(when, QLocale::ShortFormat)),
                QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
            if (answer == QMessageBox::Yes) {
                startMessage = document->restoreRecovery();
                recovered = startMessage.isEmpty();
            }
            gelulab::SessionDocument::discardRecovery();
        }
        if (!recovered && parser.positionalArguments().isEmpty()) startMessage = document->restoreAutosave();
    }
    if (!parser.positionalArguments().isEmpty()) {
        const QString error = window.openSession(parser.positionalArguments().first());
        if (!error.isEmpty()) {
            std::fprintf(stderr, "gelu-lab: %s\n", qPrintable(error));
            if (startFresh) return 1; // nothing to show it in
            startMessage = error;
        }
    }
    if (parser.isSet(lesson)) {
        const QString error = window.openLesson(parser.value(lesson));
        if (!error.isEmpty()) {
            std::fprintf(stderr, "gelu-lab: %s\n", qPrintable(error));
            return 2;
        }
    }
    const bool sessionOpened = !parser.positionalArguments().isEmpty() || !startFresh || parser.isSet(lesson);
    if ((parser.isSet(view) || !sessionOpened) && !window.openView(parser.value(view))) {
        std::fprintf(stderr, "gelu-lab: unknown view '%s' (%s)\n", qPrintable(parser.value(view)),
                     qPrintable(window.viewNames().join(QStringLiteral(", "))));
        return 2;
    }
    if (parser.isSet(show)) {
        try {
            window.view<gelulab::CurvesView>()->setCheckedActivations(
                parser.value(show).split(QLatin1Char(','), Qt::SkipEmptyParts));
        } catch (const std::invalid_argument &e) {
            std::fprintf(stderr, "gelu-lab: %s (see gelu-lab-cli list)\n", e.what());
            return 2;
        }
    }
    for (const QString &text : parser.values(formula)) {
        if (window.view<gelulab::CurvesView>()->addFormula(text).isEmpty()) {
            std::fprintf(stderr, "gelu-lab: --formula '%s': %s\n", qPrintable(text),
                         qPrintable(window.view<gelulab::CurvesView>()->formulaMessage().section(
                             QLatin1Char('\n'), 0, 0)));
            return 2;
        }
    }
    // A whole number from 1 to `most` given with the option, or 0 after saying what is wrong.
    const auto count = [&](const QCommandLineOption &option, const char *name, int most) {
        bool ok = false;
        const int n = parser.value(option).toInt(&ok);
        if (ok && n >= 1 && n <= most) return n;
        std::fprintf(stderr, "gelu-lab: --%s must be from 1 to %d\n", name, most);
        return 0;
    };
    if (parser.isSet(maskSamples)) {
        const int n = count(maskSamples, "samples", 1'000'000);
        if (n == 0) return 2;
        window.view<gelulab::MaskView>()->setTarget(n);
        window.view<gelulab::MaskView>()->waitUntilDone();
    }
    // A picture of the Depth view shows every part of it.
    if (auto *depth = qobject_cast<gelulab::DepthView *>(window.currentView());
        depth && parser.isSet(screenshot))
        depth->waitUntilDone();
    if (parser.isSet(epochsOption)) {
        const int n = count(epochsOption, "epochs", 100'000);
        if (n == 0) return 2;
        // The view shown trains (Playground) or runs its experiment (Compare, Paper); the others leave it to
        // the Playground.
        if (!window.currentView()->trainEpochs(n)) window.view<gelulab::PlaygroundView>()->trainEpochs(n);
    }
    if (fixedSize.isValid()) {
        window.presentation()->setFixedWindowSize(fixedSize);
        window.setWindowState(Qt::WindowNoState); // a restored maximised window would ignore the size
        window.resize(fixedSize);
    }
    if (parser.isSet(presentation)) window.setPresentationMode(true);
    int status = 0;
    FirstPaintProbe paintProbe([&] {
        // Layouts settled and plots drawn for the window's final size and type (presentation mode or a theme
        // may have queued both after the first paint).
        if (parser.isSet(screenshot)) {
            QCoreApplication::processEvents();
            for (QCustomPlot *plot : window.currentView()->findChildren<QCustomPlot *>())
                plot->replot(QCustomPlot::rpImmediateRefresh);
        }
        if (parser.isSet(screenshot) && !window.grab().save(parser.value(screenshot), "PNG")) {
            std::fprintf(stderr, "gelu-lab: cannot write %s\n", qPrintable(parser.value(screenshot)));
            status = 1;
        }
        if (parser.isSet(probe)) {
            std::fputs("first-paint\n", stdout);
            std::fflush(stdout);
        }
        QCoreApplication::exit(status);
    });
    if (parser.isSet(probe) || parser.isSet(screenshot)) {
        // The plot of the tab shown (the others are not painted).
        window.currentView()->plot()->installEventFilter(&paintProbe);
    }
    window.show();
    if (!startMessage.isEmpty())
        QTimer::singleShot(0, &window,
                           [&] { QMessageBox::warning(&window, QStringLiteral("GELU Lab"), startMessage); });
    if (!startFresh) document->startRecovery();
    const int result = app.exec();
    return status != 0 ? status : result;
}
