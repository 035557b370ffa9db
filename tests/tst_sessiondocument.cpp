// Sessions in the window: File → Save and Open bring every view back, the title says the file and whether it
// changed, a bad file changes nothing, unsaved changes are asked about, a dropped file opens.
#include "activation.h"
#include "compareview.h"
#include "curvesview.h"
#include "depthview.h"
#include "errorview.h"
#include "fresh_run_cache.h"
#include "mainwindow.h"
#include "maskview.h"
#include "paperview.h"
#include "playgroundpanel.h"
#include "playgroundview.h"
#include "presentation.h"
#include "session_file.h"
#include "sessiondocument.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>
#include <optional>

using namespace gelulab;

namespace {

// Settings changed in every view, through their widgets and setters.
void changeEveryView(MainWindow &w) {
    auto *curves = w.view<CurvesView>();
    // softplus: a parameter whose default is infinite (its threshold).
    curves->setCheckedActivations(
        {QStringLiteral("gelu"), QStringLiteral("elu"), QStringLiteral("silu"), QStringLiteral("softplus")});
    curves->setStacked(true);
    curves->setXRange(-2.0, 1.5);
    auto *error = w.view<ErrorView>();
    error->setMode(ErrorView::Mode::FloatingPoint);
    error->setOrder(1);
    auto *mask = w.view<MaskView>();
    mask->setSeed(99);
    mask->setRange(-2.0, 2.0, 40);
    auto *playground = w.view<PlaygroundView>();
    playground->datasetBox()->setCurrentIndex(playground->datasetBox()->findData(QStringLiteral("xor")));
    playground->panel()->hiddenField()->setText(QStringLiteral("5,3"));
    QMetaObject::invokeMethod(playground->panel()->hiddenField(), "editingFinished");
    w.view<CompareView>()->seedsBox()->setValue(3);
    auto *paper = w.view<PaperView>();
    paper->epochsBox()->setValue(12);
    auto *depth = w.view<DepthView>();
    depth->setSigmas(1.5, 0.1);
    depth->setActivations("silu", {"elu"});
    w.openView(QStringLiteral("mask"));
}

QJsonObject statesOf(const MainWindow &w) {
    QJsonObject states;
    for (const View *v : w.views())
        states.insert(v->id(), v->state());
    return states;
}

// Answers the next message box with the given button, from the event loop.
void answerNextMessageBox(QMessageBox::StandardButton button) {
    QTimer::singleShot(0, [button] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box) box->button(button)->click();
    });
}

} // namespace

class TestSessionDocument : public QObject {
    Q_OBJECT
    std::optional<FreshRunCache> m_runCache;

private slots:
    // Each test function trains afresh (fresh_run_cache.h).
    void init() { m_runCache.emplace(); }

    void initTestCase() {
        // Recent files go to a test location, not the user's settings.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GELU Lab tests"));
    }

    // Each view's state() is all of a session's part of it: checked as a file is, and written back key for
    // key (a key the session did not know would be lost on saving).
    void everyViewStateIsASession() {
        MainWindow w;
        for (bool changed : {false, true}) {
            if (changed) changeEveryView(w);
            const session::ReadResult s = w.session();
            QVERIFY2(s.ok(), s.problem.text().c_str());
            for (const View *v : w.views())
                QCOMPARE(session::viewToJson(*s.session, v->id()), v->state());
        }
    }

    // Choosing the controls presentation mode hides is a change of the document (not an undo step).
    void visibleControlsAreAChange() {
        MainWindow w;
        QVERIFY(!w.document()->isModified());
        const int steps = w.document()->undoStack()->count();
        w.presentation()->setHidden({QStringLiteral("playground.loss")});
        w.document()->refresh();
        QVERIFY(w.document()->isModified());
        QCOMPARE(w.document()->undoStack()->count(), steps);
        w.presentation()->setHidden(w.presentation()->defaultHidden());
        w.document()->refresh();
        QVERIFY(!w.document()->isModified());
    }

    void saveAndOpenBringEveryViewBack() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("class.gelulab"));
        MainWindow w;
        changeEveryView(w);
        QCOMPARE(w.saveSession(path), QString());
        QVERIFY(!w.document()->isModified());
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("class.gelulab")));
        QCOMPARE(w.document()->recentFiles().value(0), path);

        MainWindow fresh;
        QVERIFY(statesOf(fresh) != statesOf(w));
        QCOMPARE(fresh.openSession(path), QString());
        QCOMPARE(statesOf(fresh), statesOf(w));
        QCOMPARE(fresh.currentView()->id(), QStringLiteral("mask"));
        QCOMPARE(fresh.view<PlaygroundView>()->settings().hidden, (std::vector<int>{5, 3}));
        QVERIFY(!fresh.document()->isModified());
        QCOMPARE(fresh.document()->fileName(), path);
    }

    // The Compare tab keeps the data and network it took from the Playground, though the Playground changed
    // since; a file without that setup (older ones) gives Compare the Playground's.
    void compareKeepsItsOwnSetup() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("compare.gelulab"));
        MainWindow w;
        auto *compare = w.view<CompareView>();
        const std::vector<int> taken = compare->settings().hidden;
        const std::size_t points = compare->data().train.size();
        changeEveryView(w); // the Playground now trains xor with hidden 5,3
        QVERIFY(compare->settings().hidden != w.view<PlaygroundView>()->settings().hidden);
        QCOMPARE(w.saveSession(path), QString());

        MainWindow fresh;
        QCOMPARE(fresh.openSession(path), QString());
        auto *opened = fresh.view<CompareView>();
        QCOMPARE(opened->settings().hidden, taken);
        QCOMPARE(opened->data().train.size(), points);
        QCOMPARE(opened->data().train.front().x1, compare->data().train.front().x1);
        QCOMPARE(opened->setupLabel()->text(), compare->setupLabel()->text());
        QCOMPARE(fresh.view<PlaygroundView>()->settings().hidden, (std::vector<int>{5, 3}));

        // The same file without the Compare setup: Compare takes the Playground's, as before.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        QJsonObject views = root["views"].toObject();
        QJsonObject compareState = views["compare"].toObject();
        compareState.remove("setup");
        views["compare"] = compareState;
        root["views"] = views;
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(root).toJson());
        file.close();
        MainWindow older;
        QCOMPARE(older.openSession(path), QString());
        QCOMPARE(older.view<CompareView>()->settings().hidden, (std::vector<int>{5, 3}));
    }

    void titleShowsUnsavedChanges() {
        QTemporaryDir dir;
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("Untitled[*]")));
        QVERIFY(!w.isWindowModified());
        QSignalSpy spy(w.document(), &SessionDocument::modifiedChanged);
        QTest::mouseClick(w.view<CurvesView>()->stackedBox(), Qt::LeftButton);
        QTRY_VERIFY(w.isWindowModified()); // noticed after the click, without a call
        QCOMPARE(spy.count(), 1);
        QCOMPARE(w.saveSession(dir.filePath(QStringLiteral("a.gelulab"))), QString());
        QVERIFY(!w.isWindowModified());
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("a.gelulab[*]")));
        // Undoing the change by hand is no change.
        QTest::mouseClick(w.view<CurvesView>()->stackedBox(), Qt::LeftButton);
        QTRY_VERIFY(w.isWindowModified());
        QTest::mouseClick(w.view<CurvesView>()->stackedBox(), Qt::LeftButton);
        QTRY_VERIFY(!w.isWindowModified());
    }

    // A file that does not open names the problem and leaves everything as it was.
    void badFileChangesNothing_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated") << QByteArray("{\"version\": 1, \"views\": {\"curves\": {\"sta")
                                   << "not valid JSON";
        QTest::newRow("newer") << QByteArray("{\"version\": 7}") << "version 7";
        QTest::newRow("late problem")
            << QByteArray("{\"version\": 1, \"view\": \"paper\", \"views\": "
                          "{\"curves\": {\"stacked\": true}, \"mask\": {\"bins\": -3}}}")
            << "views.mask.bins";
        QTest::newRow("empty") << QByteArray() << "empty";
    }
    void badFileChangesNothing() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.gelulab"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        file.close();
        MainWindow w;
        const QJsonObject before = statesOf(w);
        const QString error = w.openSession(path);
        QVERIFY2(error.startsWith(QStringLiteral("bad.gelulab: ")) && error.contains(expected),
                 qPrintable(error));
        QCOMPARE(statesOf(w), before);
        QCOMPARE(w.currentView()->id(), QStringLiteral("curves"));
        QCOMPARE(w.document()->fileName(), QString());
    }

    // A session's formulas are registered again; views follow the id the registry gives.
    void customFormulasAreRegisteredAndRenamed() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("formula.gelulab"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            "{\"version\": 1, \"formulas\": [{\"id\": \"custom41\", \"formula\": \"x*exp(-k*x*x)\"}],"
            "\"views\": {\"curves\": {\"activations\": [{\"id\": \"custom41\", \"parameters\": [0.5]}]},"
            "\"playground\": {\"activation\": \"custom41\"}}}");
        file.close();
        MainWindow w;
        QCOMPARE(w.openSession(path), QString());
        const Activation &row = registerCustomActivation("x*exp(-k*x*x)");
        const QString id = QString::fromUtf8(row.id.data(), qsizetype(row.id.size()));
        QCOMPARE(w.view<CurvesView>()->checkedActivations(), QStringList{id});
        QCOMPARE(w.view<CurvesView>()->activation(id).parameters()[0], 0.5);
        QCOMPARE(w.view<PlaygroundView>()->panel()->activationBox()->currentData().toString(), id);
    }

    // A file from a newer minor version: opened, changed and saved here, it keeps what only the newer version
    // knows; another file opened afterwards does not inherit it.
    void newerKeysSurviveSaving() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("newer.gelulab"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"version\": 1, \"minor\": 7, \"aurora\": {\"on\": true},"
                   "\"views\": {\"curves\": {\"samples\": 500, \"sparkle\": 3}}}");
        file.close();
        MainWindow w;
        QCOMPARE(w.openSession(path), QString());
        QCOMPARE(w.saveSession(path), QString());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject saved = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        QCOMPARE(saved["aurora"].toObject()["on"].toBool(), true);
        QCOMPARE(saved["views"].toObject()["curves"].toObject()["sparkle"].toInt(), 3);
        QCOMPARE(saved["views"].toObject()["curves"].toObject()["samples"].toInt(), 500);
        const QString other = dir.filePath(QStringLiteral("other.gelulab"));
        QCOMPARE(w.openSession(path), QString());  // the file as saved here opens with them again
        QCOMPARE(w.saveSession(other), QString()); // Save As keeps them: the same work under another name
        QFile otherFile(other);
        QVERIFY(otherFile.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(otherFile.readAll()).object().contains(QStringLiteral("aurora")));
        otherFile.close();
        QFile plain(dir.filePath(QStringLiteral("plain.gelulab")));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.write("{\"version\": 1}");
        plain.close();
        QCOMPARE(w.openSession(plain.fileName()), QString());
        QCOMPARE(w.saveSession(plain.fileName()), QString());
        QVERIFY(plain.open(QIODevice::ReadOnly));
        QVERIFY(!QJsonDocument::fromJson(plain.readAll()).object().contains(QStringLiteral("aurora")));
    }

    void closingWithUnsavedChangesAsks() {
        MainWindow w;
        w.show();
        w.view<CurvesView>()->setStacked(true);
        answerNextMessageBox(QMessageBox::Cancel);
        QVERIFY(!w.close());
        QVERIFY(w.isVisible());
        answerNextMessageBox(QMessageBox::Discard);
        QVERIFY(w.close());
    }

    void droppedFileOpens() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("dropped.gelulab"));
        MainWindow source;
        changeEveryView(source);
        QCOMPARE(source.saveSession(path), QString());
        MainWindow w;
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QCOMPARE(statesOf(w), statesOf(source));
        QCOMPARE(w.document()->fileName(), path);

        QMimeData other;
        other.setUrls({QUrl::fromLocalFile(dir.filePath(QStringLiteral("picture.png")))});
        QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
        refused.setAccepted(false);
        QApplication::sendEvent(&w, &refused);
        QVERIFY(!refused.isAccepted());
    }

    // A Playground trained 6 epochs (with dropout, on points one of which was clicked in) and saved: opened
    // in another window and trained 5 more, it has the very same weights and losses as the first after 11.
    void trainingContinuesBitForBitAfterOpen() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("trained.gelulab"));
        MainWindow w;
        auto *first = w.view<PlaygroundView>();
        first->datasetBox()->setCurrentIndex(first->datasetBox()->findData(QStringLiteral("spiral")));
        first->panel()->dropoutBox()->setCurrentIndex(first->panel()->dropoutBox()->findData(0.1));
        first->panel()->hiddenField()->setText(QStringLiteral("6,4"));
        QMetaObject::invokeMethod(first->panel()->hiddenField(), "editingFinished");
        first->addPoint(1.5, -2.0, 1.0);
        QVERIFY(first->trainEpochs(6));
        QCOMPARE(w.saveSession(path), QString());
        first->step(5);
        QVERIFY(first->waitForEpoch(11));

        MainWindow other;
        QCOMPARE(other.openSession(path), QString());
        auto *second = other.view<PlaygroundView>();
        QVERIFY(second->waitForEpoch(6));
        QCOMPARE(second->epoch(), 6);
        QCOMPARE(second->data().train.size(), first->data().train.size());
        second->step(5);
        QVERIFY(second->waitForEpoch(11));
        const Mlp<float> &a = first->snapshot().training.network, &b = second->snapshot().training.network;
        QCOMPARE(b.W.size(), a.W.size());
        for (std::size_t l = 0; l < a.W.size(); ++l) {
            QVERIFY(a.W[l] == b.W[l]);
            QVERIFY(a.b[l] == b.b[l]);
        }
        QCOMPARE(second->snapshot().history.size(), std::size_t(11));
        QCOMPARE(second->snapshot().history.back().testLoss, first->snapshot().history.back().testLoss);
    }

    // A long run saves its losses as the Playground keeps them — the latest epochs whole, the older ones
    // thinned (PlaygroundSnapshot's bound) — and still opens, shows the whole run and trains on.
    void longRunIsSavedThinned() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("long.gelulab"));
        MainWindow w;
        auto *playground = w.view<PlaygroundView>();
        playground->panel()->hiddenField()->setText(QStringLiteral("2"));
        QMetaObject::invokeMethod(playground->panel()->hiddenField(), "editingFinished");
        constexpr std::size_t kBound = PlaygroundSnapshot::kOlderEpochs + PlaygroundSnapshot::kRecentEpochs;
        const int epochs = int(kBound) + 500;
        QVERIFY(playground->trainEpochs(epochs));
        QCOMPARE(w.saveSession(path), QString());
        const session::ReadResult saved = session::readFile(path);
        QVERIFY2(saved.ok(), saved.problem.text().c_str());
        const TrainerState &network = *saved.session->playground->network;
        QCOMPARE(network.epoch, epochs);
        QVERIFY(network.history.size() <= kBound);
        QCOMPARE(network.history.front().epoch, 2); // the whole run, older epochs at every second one
        QCOMPARE(network.history.back().epoch, epochs);
        MainWindow other;
        QCOMPARE(other.openSession(path), QString());
        QVERIFY(other.view<PlaygroundView>()->waitUntilCurrent());
        QCOMPARE(other.view<PlaygroundView>()->epoch(), epochs);
        QCOMPARE(other.view<PlaygroundView>()->snapshot().history.records().front().epoch, 2);
        other.view<PlaygroundView>()->step(3);
        QVERIFY(other.view<PlaygroundView>()->waitForEpoch(epochs + 3));
        QCOMPARE(other.view<PlaygroundView>()->snapshot().history.back().epoch, epochs + 3);
    }

    // Quitting keeps the state; the next start brings it back, unsaved changes still marked as such.
    void stateIsKeptAcrossRuns() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kept.gelulab"));
        QJsonObject kept;
        {
            MainWindow w;
            w.show();
            changeEveryView(w);
            QCOMPARE(w.saveSession(path), QString());
            w.view<CompareView>()->seedsBox()->setValue(5); // not saved
            kept = statesOf(w);
            answerNextMessageBox(QMessageBox::Discard);
            QVERIFY(w.close());
        }
        QVERIFY(QFileInfo::exists(SessionDocument::autosaveFileName()));
        MainWindow next;
        QCOMPARE(next.document()->restoreAutosave(), QString());
        QCOMPARE(statesOf(next), kept);
        QCOMPARE(next.currentView()->id(), QStringLiteral("mask"));
        QCOMPARE(next.document()->fileName(), path);
        QVERIFY(next.document()->isModified());
        QVERIFY(next.windowTitle().startsWith(QStringLiteral("kept.gelulab[*]")) && next.isWindowModified());
    }

    // While running, changes go to a recovery file; after a crash it holds them; a clean quit removes it.
    void recoveryAfterACrash() {
        SessionDocument::discardRecovery();
        QJsonObject before;
        {
            MainWindow w;
            w.document()->startRecovery();
            QVERIFY(w.document()->writeRecovery());
            QVERIFY(!SessionDocument::hasRecovery()); // nothing changed: nothing to recover
            changeEveryView(w);
            QVERIFY(w.document()->writeRecovery());
            before = statesOf(w);
        } // destroyed without closing: as after a crash
        QVERIFY(SessionDocument::hasRecovery());
        MainWindow next;
        QCOMPARE(next.document()->restoreRecovery(), QString());
        QCOMPARE(statesOf(next), before);
        QVERIFY(next.document()->isModified());
        SessionDocument::discardRecovery(); // as the start does once it has asked
        next.document()->startRecovery();
        next.view<CompareView>()->seedsBox()->setValue(2);
        QVERIFY(next.document()->writeRecovery());
        QVERIFY(QFileInfo::exists(SessionDocument::recoveryFileName()));
        QVERIFY(!SessionDocument::hasRecovery()); // a running instance's own file is no crash's
        {
            MainWindow second; // another instance keeps no recovery file
            second.document()->startRecovery();
            QVERIFY(!second.document()->writeRecovery());
        }
        QCOMPARE(next.document()->keepOnQuit(), QString());
        QVERIFY(!QFileInfo::exists(SessionDocument::recoveryFileName()));
    }

    // Each change is an undo step; Ctrl+Z and Ctrl+Shift+Z walk them, in any view.
    void undoAndRedo() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *curves = w.view<CurvesView>();
        QVERIFY(!curves->isStacked());
        QTest::mouseClick(curves->stackedBox(), Qt::LeftButton);
        QTRY_COMPARE(w.document()->undoStack()->count(), 1);
        QCOMPARE(w.document()->undoStack()->undoText(), QStringLiteral("change in Curves"));
        w.openView(QStringLiteral("compare"));
        auto *seeds = w.view<CompareView>()->seedsBox();
        const int seedsBefore = seeds->value();
        seeds->setFocus();
        QTest::keyClick(seeds, Qt::Key_Up);
        QTRY_COMPARE(w.document()->undoStack()->count(), 2);
        QCOMPARE(seeds->value(), seedsBefore + 1);
        QVERIFY(w.isWindowModified());

        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(seeds->value(), seedsBefore);
        QVERIFY(curves->isStacked());
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(!curves->isStacked());
        QVERIFY(!w.isWindowModified()); // back where it started
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(curves->isStacked());
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(seeds->value(), seedsBefore + 1);
        // Redone changes are not recorded again.
        w.document()->refresh();
        QCOMPARE(w.document()->undoStack()->count(), 2);
        QCOMPARE(w.document()->undoStack()->index(), 2);
    }

    // A custom formula typed and added, and a parameter's slider dragged, are steps too: undone, the
    // formula's curve and the parameter go back; redone, they return.
    void undoAFormulaAndASlider() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *curves = w.view<CurvesView>();
        const QStringList checkedBefore = curves->checkedActivations();
        curves->formulaField()->setFocus();
        QTest::keyClicks(curves->formulaField(), QStringLiteral("x*tanh(x)"));
        QTest::keyClick(curves->formulaField(), Qt::Key_Return);
        QTRY_COMPARE(w.document()->undoStack()->count(), 1);
        const QStringList withFormula = curves->checkedActivations();
        QCOMPARE(withFormula.size(), checkedBefore.size() + 1);

        curves->setCheckedActivations(withFormula + QStringList{QStringLiteral("elu")});
        curves->setEditedActivation(QStringLiteral("elu"));
        w.document()->refresh();
        const int steps = w.document()->undoStack()->count();
        QSlider *slider = curves->parameterSlider(QStringLiteral("alpha"));
        QVERIFY(slider);
        const double alphaBefore = curves->activation(QStringLiteral("elu")).parameter("alpha");
        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_PageUp);
        QTRY_COMPARE(w.document()->undoStack()->count(), steps + 1);
        const double alphaAfter = curves->activation(QStringLiteral("elu")).parameter("alpha");
        QVERIFY(alphaAfter != alphaBefore);

        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(curves->activation(QStringLiteral("elu")).parameter("alpha"), alphaBefore);
        while (w.document()->undoStack()->canUndo())
            QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(curves->checkedActivations(), checkedBefore);
        while (w.document()->undoStack()->canRedo())
            QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(curves->activation(QStringLiteral("elu")).parameter("alpha"), alphaAfter);
        QVERIFY(curves->checkedActivations().size() == withFormula.size() + 1);
    }

    // A point clicked in is a step too; undoing it takes the point away and keeps the trained network.
    void undoAPoint() {
        MainWindow w;
        auto *playground = w.view<PlaygroundView>();
        QVERIFY(playground->trainEpochs(3));
        const std::size_t points = playground->data().train.size();
        playground->addPoint(0.5, 0.5, 1.0);
        w.document()->refresh();
        QCOMPARE(w.document()->undoStack()->count(), 1);
        QCOMPARE(w.document()->undoStack()->undoText(), QStringLiteral("change in Playground"));
        w.document()->undoStack()->undo();
        QCOMPARE(playground->data().train.size(), points);
        QTest::qWait(50);
        QCOMPARE(playground->epoch(), 3);
        w.document()->undoStack()->redo();
        QCOMPARE(playground->data().train.size(), points + 1);
    }

    // A field being typed into something a session may not hold (an unknown id) does not make the state
    // unsaveable: it is left out until it is whole.
    void halfTypedFieldsStaySaveable() {
        MainWindow w;
        w.view<PaperView>()->activationsField()->setText(QStringLiteral("gelu,rel"));
        const session::ReadResult now = w.session(true);
        QVERIFY2(now.ok(), now.problem.text().c_str());
        QVERIFY(!now.session->paper->activations);
    }

    // A damaged autosave is reported and changes nothing.
    void damagedAutosaveChangesNothing() {
        QFile file(SessionDocument::autosaveFileName());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"version\": 1, \"views\": {\"mask\": {\"bins\": 1e9");
        file.close();
        MainWindow w;
        const QJsonObject before = statesOf(w);
        QVERIFY(w.document()->restoreAutosave().contains(QStringLiteral("not valid JSON")));
        QCOMPARE(statesOf(w), before);
        QFile::remove(SessionDocument::autosaveFileName());
    }
};

QTEST_MAIN(TestSessionDocument)
#include "tst_sessiondocument.moc"
