#pragma once

#include "session_state.h"

#include <QDockWidget>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace gelulab {

// The side panel of a lesson: its title, the step's title and text (rich text, formulas with Unicode and
// sub/superscripts), Back and Next. It only shows; the window applies the steps (MainWindow::showLessonStep).
class LessonPanel : public QDockWidget {
    Q_OBJECT
public:
    explicit LessonPanel(QWidget *parent = nullptr);

    void setLesson(const session::Lesson &lesson);
    void setStep(int index);
    int step() const { return m_step; }

    QPushButton *backButton() const { return m_back; }
    QPushButton *nextButton() const { return m_next; }
    QTextBrowser *textBrowser() const { return m_text; }
    QLabel *stepLabel() const { return m_stepLabel; }

signals:
    // Back or Next was clicked: show this step.
    void stepRequested(int index);

private:
    QLabel *m_title;
    QLabel *m_stepLabel;
    QTextBrowser *m_text;
    QPushButton *m_back;
    QPushButton *m_next;
    std::vector<std::pair<QString, QString>> m_steps; // title, text
    int m_step = 0;
};

} // namespace gelulab
