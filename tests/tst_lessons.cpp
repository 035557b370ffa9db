// The built-in lessons: each opens without a warning, its steps show what they say (the tab, the panel's
// text), Back and Next walk them, each step draws headless, and a teacher's changed copy keeps the steps.
#include "curvesview.h"
#include "lessonpanel.h"
#include "lessons.h"
#include "mainwindow.h"
#include "playgroundpanel.h"
#include "playgroundview.h"
#include "view.h"

#include <QCheckBox>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace gelulab;

class TestLessons : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GELU Lab tests"));
    }

    void nineLessonsWithTheirIds() {
        QStringList ids;
        for (const BuiltInLesson &l : builtInLessons())
            ids << QString::fromStdString(l.lesson().id);
        QCOMPARE(ids, (QStringList{"gelu-is-not-a-smooth-relu", "gelu-as-an-expectation",
                                   "three-ways-to-write-gelu", "floating-point", "sigma-to-zero",
                                   "dead-relus", "does-the-approximation-matter", "robustness-to-noise",
                                   "why-initialisation-matters"}));
    }

    // Opened and walked with Next to the end and back with Back, without a single warning; every step shows
    // its tab and its text, and draws.
    void everyLessonWalksThrough_data() {
        QTest::addColumn<QString>("id");
        for (const BuiltInLesson &l : builtInLessons())
            QTest::newRow(l.lesson().id.c_str()) << QString::fromStdString(l.lesson().id);
    }
    void everyLessonWalksThrough() {
        QFETCH(QString, id);
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        MainWindow w;
        QCOMPARE(w.openLesson(id), QString());
        const session::Lesson &lesson = *w.lesson()->lesson;
        LessonPanel *panel = w.lessonPanel();
        QVERIFY(panel->isVisibleTo(&w));
        QVERIFY(!panel->backButton()->isEnabled());
        QTemporaryDir dir;
        std::string view = w.lesson()->view.value_or("curves");
        for (std::size_t k = 0; k < lesson.steps.size(); ++k) {
            if (k > 0) QTest::mouseClick(panel->nextButton(), Qt::LeftButton);
            const session::LessonStep &step = lesson.steps[k];
            if (step.show.view) view = *step.show.view;
            QCOMPARE(panel->step(), int(k));
            QVERIFY(panel->stepLabel()->text().contains(QString::fromStdString(step.title)));
            QVERIFY(!panel->textBrowser()->toPlainText().trimmed().isEmpty());
            QCOMPARE(w.currentView()->id().toStdString(), view);
            const QString picture = dir.filePath(QStringLiteral("step%1.png").arg(k));
            QCOMPARE(w.exportCurrentPlot(picture, 800, 500), QString());
            QCOMPARE(QImage(picture).size(), QSize(800, 500));
        }
        QVERIFY(!panel->nextButton()->isEnabled());
        for (int k = int(lesson.steps.size()) - 1; k > 0; --k)
            QTest::mouseClick(panel->backButton(), Qt::LeftButton);
        QCOMPARE(panel->step(), 0);
        QVERIFY(!panel->backButton()->isEnabled());
    }

    void unknownLessonNamesTheOthers() {
        MainWindow w;
        const QString error = w.openLesson(QStringLiteral("nonesuch"));
        QVERIFY(error.contains(QStringLiteral("nonesuch")) && error.contains(QStringLiteral("dead-relus")));
        QVERIFY(!w.lesson());
    }

    // The first lesson's numbers, as its text quotes them: the notable points of GELU.
    void lessonOneShowsItsMinimum() {
        MainWindow w;
        QCOMPARE(w.openLesson(QStringLiteral("gelu-is-not-a-smooth-relu")), QString());
        QTest::mouseClick(w.lessonPanel()->nextButton(), Qt::LeftButton);
        QVERIFY(w.lessonPanel()->textBrowser()->toPlainText().contains(
            QStringLiteral("−0.16997 at x = −0.75179")));
        auto *curves = w.view<CurvesView>();
        QCOMPARE(curves->checkedActivations(), (QStringList{"gelu", "relu"}));
        QVERIFY(curves->isOrderVisible(1));
    }

    // A teacher changes a lesson at its second step and saves it: the copy opens as a lesson with the same
    // steps, at that step, in the state it was saved in (nothing re-applied over it).
    void changedCopyKeepsTheSteps() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("my-lesson.gelulab"));
        const session::Lesson &original =
            findBuiltInLesson(QStringLiteral("gelu-is-not-a-smooth-relu"))->lesson();
        {
            MainWindow w;
            QCOMPARE(w.openLesson(QStringLiteral("gelu-is-not-a-smooth-relu")), QString());
            QTest::mouseClick(w.lessonPanel()->nextButton(), Qt::LeftButton);
            w.view<CurvesView>()->setStacked(true);
            QCOMPARE(w.saveSession(path), QString());
        }
        MainWindow copy;
        QCOMPARE(copy.openSession(path), QString());
        QVERIFY(copy.lesson());
        QCOMPARE(copy.lesson()->lesson->title, original.title);
        QCOMPARE(copy.lesson()->lesson->steps.size(), original.steps.size());
        QCOMPARE(copy.lessonPanel()->step(), 1);
        QVERIFY(copy.view<CurvesView>()->isStacked());
        // Back goes to the first step: the copy's state with that step over it.
        QTest::mouseClick(copy.lessonPanel()->backButton(), Qt::LeftButton);
        QCOMPARE(copy.lessonPanel()->step(), 0);
        QVERIFY(!copy.view<CurvesView>()->isStacked()); // the step sets it
        copy.closeLesson();
        QVERIFY(!copy.lesson());
        QVERIFY(!copy.lessonPanel()->isVisibleTo(&copy));
    }

    // Opening a session without a lesson ends the lesson shown.
    void plainSessionClosesTheLesson() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plain.gelulab"));
        {
            MainWindow plain;
            QCOMPARE(plain.saveSession(path), QString());
        }
        MainWindow w;
        QCOMPARE(w.openLesson(QStringLiteral("sigma-to-zero")), QString());
        QCOMPARE(w.openSession(path), QString());
        QVERIFY(!w.lesson());
        QVERIFY(!w.lessonPanel()->isVisibleTo(&w));
        const session::ReadResult now = w.session(true);
        QVERIFY(now.ok() && !now.session->lesson);
    }

    // Lesson text from a file loads nothing and follows no link.
    void lessonTextLoadsNothing() {
        LessonPanel panel;
        QVERIFY(!panel.textBrowser()->openLinks());
        QCOMPARE(panel.textBrowser()->loadResource(QTextDocument::ImageResource,
                                                   QUrl::fromLocalFile("/etc/hostname")),
                 QVariant());
    }
};

QTEST_MAIN(TestLessons)
#include "tst_lessons.moc"
