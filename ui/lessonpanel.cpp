#include "lessonpanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace gelulab {

namespace {

// A lesson's text, which may come from anyone's file: rich text only, nothing loaded (no images or style
// sheets from disk), no link followed.
class LessonText : public QTextBrowser {
public:
    LessonText() {
        setOpenLinks(false);
        setOpenExternalLinks(false);
    }
    QVariant loadResource(int, const QUrl &) override { return {}; }
};

} // namespace

LessonPanel::LessonPanel(QWidget *parent)
    : QDockWidget(tr("Lesson"), parent)
    , m_title(new QLabel)
    , m_stepLabel(new QLabel)
    , m_text(new LessonText)
    , m_back(new QPushButton(tr("← Back")))
    , m_next(new QPushButton(tr("Next →"))) {
    setObjectName(QStringLiteral("lessonPanel"));
    setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    m_title->setWordWrap(true);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_title->setFont(big);
    m_stepLabel->setWordWrap(true);
    QFont bold = m_stepLabel->font();
    bold.setBold(true);
    m_stepLabel->setFont(bold);
    m_text->setMinimumWidth(260);
    // Text a little larger than the controls': it is read from a distance in class.
    QFont text = m_text->font();
    text.setPointSizeF(text.pointSizeF() * 1.15);
    m_text->setFont(text);
    m_next->setDefault(true);
    m_back->setToolTip(tr("The previous step, with the settings the lesson gives it"));
    m_next->setToolTip(tr("The next step: the lesson sets up the views for it"));
    connect(m_back, &QPushButton::clicked, this, [this] { emit stepRequested(m_step - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { emit stepRequested(m_step + 1); });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_back);
    buttons->addStretch();
    buttons->addWidget(m_next);
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->addWidget(m_title);
    layout->addWidget(m_stepLabel);
    layout->addWidget(m_text, 1);
    layout->addLayout(buttons);
    setWidget(content);
}

void LessonPanel::setLesson(const session::Lesson &lesson) {
    m_title->setText(QString::fromStdString(lesson.title));
    m_steps.clear();
    for (const session::LessonStep &s : lesson.steps)
        m_steps.emplace_back(QString::fromStdString(s.title), QString::fromStdString(s.text));
    setStep(0);
}

void LessonPanel::setStep(int index) {
    if (m_steps.empty()) return;
    m_step = std::clamp(index, 0, int(m_steps.size()) - 1);
    const auto &[title, text] = m_steps[std::size_t(m_step)];
    m_stepLabel->setText(tr("Step %1 of %2: %3").arg(m_step + 1).arg(m_steps.size()).arg(title));
    m_text->setHtml(text);
    m_back->setEnabled(m_step > 0);
    m_next->setEnabled(m_step + 1 < int(m_steps.size()));
}

} // namespace gelulab
