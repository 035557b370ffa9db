#include "presentation.h"

#include "appearance.h"
#include "view.h"

#include <QAbstractButton>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QMainWindow>
#include <QPushButton>
#include <QSet>
#include <QTextDocumentFragment>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace gelulab {

namespace {

// A control's name from its text: "Learning rate:" → "learning-rate", "x₁²" → "x1-2".
QString slug(QString text) {
    if (Qt::mightBeRichText(text)) text = QTextDocumentFragment::fromHtml(text).toPlainText();
    text.remove(QLatin1Char('&'));
    // Greek letters and primes by name: "σ" → "sigma", "f′" → "f-prime".
    static const std::pair<const char16_t *, const char *> names[] = {
        {u"μ", " mu "},    {u"σ", " sigma "},  {u"λ", " lambda "}, {u"β", " beta "},
        {u"α", " alpha "}, {u"″", " second "}, {u"′", " prime "}};
    for (const auto &[from, to] : names)
        text.replace(QString::fromUtf16(from), QLatin1String(to));
    text = text.normalized(QString::NormalizationForm_KD).toLower();
    QString out;
    for (const QChar c : text) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
            (c >= QLatin1Char('0') && c <= QLatin1Char('9')))
            out += c;
        else if (!out.isEmpty() && !out.endsWith(QLatin1Char('-')))
            out += QLatin1Char('-');
    }
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out.left(60);
}

QString plainLabel(QString text) {
    if (Qt::mightBeRichText(text)) text = QTextDocumentFragment::fromHtml(text).toPlainText();
    text.remove(QLatin1Char('&'));
    while (text.endsWith(QLatin1Char(':')) || text.endsWith(QLatin1Char(' ')))
        text.chop(1);
    return text;
}

void collectWidgets(QLayoutItem *item, QList<QPointer<QWidget>> &out) {
    if (!item) return;
    if (QWidget *w = item->widget()) {
        out << w;
    } else if (QLayout *layout = item->layout()) {
        for (int i = 0; i < layout->count(); ++i)
            collectWidgets(layout->itemAt(i), out);
    }
}

// The controls presentation mode hides unless the teacher chooses otherwise: what a first lecture does not
// need (optimiser details, initialisation, precision cases, the paper's learning-rate lists).
} // namespace

const QStringList &Presentation::advancedControls() {
    static const QStringList ids{
        QStringLiteral("curves.add"),
        QStringLiteral("curves.stacked"),
        QStringLiteral("error.points"),
        QStringLiteral("mask.seed"),
        QStringLiteral("playground.optimizer"),
        QStringLiteral("playground.loss"),
        QStringLiteral("playground.initialisation"),
        QStringLiteral("playground.dropout"),
        QStringLiteral("playground.regularization"),
        QStringLiteral("playground.regularization-rate"),
        QStringLiteral("playground.batch"),
        QStringLiteral("playground.split"),
        QStringLiteral("compare.seeds-k"),
        QStringLiteral("paper.optimizer"),
        QStringLiteral("paper.learning-rates"),
    };
    return ids;
}

Presentation::Presentation(QMainWindow *window, std::vector<View *> views)
    : QObject(window)
    , m_window(window)
    , m_views(std::move(views)) {
    m_hidden = defaultHidden();
}

std::vector<Presentation::Control> Presentation::controls() const {
    std::vector<Control> out;
    for (View *view : m_views) {
        QSet<QWidget *> covered;
        QSet<QString> ids;
        const auto add = [&](const QString &text, QList<QPointer<QWidget>> widgets) {
            const QString name = slug(text);
            if (name.isEmpty() || widgets.isEmpty()) return;
            QString id = view->id() + QLatin1Char('.') + name;
            for (int n = 2; ids.contains(id); ++n)
                id = view->id() + QLatin1Char('.') + name + QLatin1Char('-') + QString::number(n);
            ids.insert(id);
            for (QWidget *w : widgets)
                covered.insert(w);
            out.push_back({id, plainLabel(text), view, std::move(widgets)});
        };
        for (QGroupBox *box : view->findChildren<QGroupBox *>())
            if (!box->title().isEmpty()) add(box->title(), {box});
        for (QFormLayout *form : view->findChildren<QFormLayout *>()) {
            for (int row = 0; row < form->rowCount(); ++row) {
                QList<QPointer<QWidget>> widgets;
                QLayoutItem *label = form->itemAt(row, QFormLayout::LabelRole);
                collectWidgets(label, widgets);
                collectWidgets(form->itemAt(row, QFormLayout::FieldRole), widgets);
                collectWidgets(form->itemAt(row, QFormLayout::SpanningRole), widgets);
                QString text;
                if (label && qobject_cast<QLabel *>(label->widget()))
                    text = qobject_cast<QLabel *>(label->widget())->text();
                else if (!widgets.isEmpty() && qobject_cast<QAbstractButton *>(widgets.front().data()))
                    text = qobject_cast<QAbstractButton *>(widgets.front().data())->text();
                if (std::any_of(widgets.begin(), widgets.end(),
                                [&](QWidget *w) { return covered.contains(w); }))
                    continue;
                add(text, widgets);
            }
        }
        for (QAbstractButton *button : view->findChildren<QAbstractButton *>()) {
            if (covered.contains(button) || button->text().isEmpty()) continue;
            // Buttons inside a group box go with it.
            if (covered.contains(button->parentWidget())) continue;
            // A button whose text changes (Play/Pause, Start/Restart) is named by its object name.
            add(button->objectName().isEmpty() ? button->text() : button->objectName(), {button});
        }
    }
    return out;
}

QStringList Presentation::defaultHidden() const {
    QStringList ids;
    for (const Control &c : controls())
        if (advancedControls().contains(c.id)) ids << c.id;
    return ids;
}

void Presentation::setHidden(const QStringList &ids) {
    if (ids == m_hidden) return;
    m_hidden = ids;
    applyVisibility();
    emit hiddenChanged();
}

void Presentation::setOn(bool on) {
    if (on == m_on) return;
    m_on = on;
    Appearance::instance()->setPresentation(on);
    if (m_fixedSize.isValid()) {
        m_window->setWindowState(m_window->windowState() & ~Qt::WindowFullScreen);
        m_window->resize(m_fixedSize);
    } else if (on) {
        m_window->setWindowState(m_window->windowState() | Qt::WindowFullScreen);
    } else {
        m_window->setWindowState(m_window->windowState() & ~Qt::WindowFullScreen);
    }
    applyVisibility();
    emit toggled(on);
}

void Presentation::applyVisibility() {
    for (const QPointer<QWidget> &w : std::as_const(m_hiddenByUs))
        if (w) w->show();
    m_hiddenByUs.clear();
    if (!m_on) return;
    for (const Control &c : controls()) {
        if (!m_hidden.contains(c.id)) continue;
        for (const QPointer<QWidget> &w : c.widgets)
            if (w && !w->isHidden()) {
                w->hide();
                m_hiddenByUs << w;
            }
    }
}

void Presentation::chooseControls(QWidget *parent) {
    QDialog dialog(parent);
    dialog.setWindowTitle(tr("Choose visible controls"));
    auto *layout = new QVBoxLayout(&dialog);
    auto *intro =
        new QLabel(tr("Presentation mode shows the checked controls and hides the others. The choice is "
                      "saved with the session."));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *tree = new QTreeWidget;
    tree->setHeaderHidden(true);
    tree->setObjectName(QStringLiteral("controlsTree"));
    layout->addWidget(tree, 1);
    const std::vector<Control> all = controls();
    const auto fill = [&](const QStringList &hidden) {
        tree->clear();
        QTreeWidgetItem *group = nullptr;
        const View *groupView = nullptr;
        for (const Control &c : all) {
            if (c.view != groupView) {
                groupView = c.view;
                group = new QTreeWidgetItem(tree, {c.view->title()});
                group->setFlags(group->flags() | Qt::ItemIsAutoTristate | Qt::ItemIsUserCheckable);
                group->setExpanded(true);
            }
            auto *item = new QTreeWidgetItem(group, {c.label});
            item->setData(0, Qt::UserRole, c.id);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(0, hidden.contains(c.id) ? Qt::Unchecked : Qt::Checked);
        }
    };
    fill(m_hidden);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel |
                                         QDialogButtonBox::RestoreDefaults);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, &dialog,
            [&] { fill(defaultHidden()); });
    dialog.resize(420, 560);
    if (dialog.exec() != QDialog::Accepted) return;
    QStringList hidden;
    for (int g = 0; g < tree->topLevelItemCount(); ++g) {
        const QTreeWidgetItem *group = tree->topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i)
            if (group->child(i)->checkState(0) == Qt::Unchecked)
                hidden << group->child(i)->data(0, Qt::UserRole).toString();
    }
    setHidden(hidden);
}

} // namespace gelulab
