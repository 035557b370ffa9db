#include "formulaeditor.h"

#include "viewparts.h"

#include "custom_formula.h"
#include "customactivations.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

#include <algorithm>

namespace gelulab {

FormulaEditor::FormulaEditor(QWidget *parent)
    : QWidget(parent) {
    m_field = new QLineEdit;
    m_field->setPlaceholderText(tr("Formula, e.g. x*Phi(1.5*x)"));
    m_field->setToolTip(
        tr("A formula in x: + − * / ^, ?: and muParser's functions (exp, log, tanh, min, max, …) plus erf, "
           "erfc, Phi, phi, sigmoid, softplus, log1p, expm1 and pi. Any other name is a parameter. "
           "Derivatives are computed numerically (Richardson extrapolation) with an error estimate."));
    m_addButton = new QPushButton(tr("Add"));
    m_addButton->setEnabled(false);
    m_addButton->setToolTip(tr("Add the formula as a custom activation (or press Enter): it joins the Custom "
                               "group of every view's list"));
    m_message = new QLabel;
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::RichText);
    m_message->hide();
    connect(m_field, &QLineEdit::textChanged, this, &FormulaEditor::check);
    connect(m_field, &QLineEdit::returnPressed, this, [this] { emit addRequested(m_field->text()); });
    connect(m_addButton, &QPushButton::clicked, this, [this] { emit addRequested(m_field->text()); });
    auto *row = new QHBoxLayout;
    row->addWidget(m_field, 1);
    row->addWidget(m_addButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_message);
}

void FormulaEditor::check() {
    const QString text = m_field->text();
    if (text.trimmed().isEmpty()) {
        m_message->hide();
        m_addButton->setEnabled(false);
        m_field->setStyleSheet(QString());
        return;
    }
    try {
        const CustomFormula formula(text.toStdString());
        m_message->hide();
        m_message->clear();
        m_addButton->setEnabled(true);
        m_field->setStyleSheet(QString());
    } catch (const FormulaError &e) {
        // The message, and the formula with the offending place underlined.
        const QByteArray utf8 = text.toUtf8();
        const int at = std::clamp(e.position(), 0, int(utf8.size()));
        const QString before = QString::fromUtf8(utf8.left(at));
        const QString rest = QString::fromUtf8(utf8.mid(at));
        const QString marked = rest.isEmpty()
                                   ? QStringLiteral("<u>&nbsp;</u>")
                                   : QStringLiteral("<u>%1</u>%2")
                                         .arg(rest.left(1).toHtmlEscaped(), rest.mid(1).toHtmlEscaped());
        m_message->setText(
            QStringLiteral("<span style=\"color:%1\">%2 at position %3</span><br><code>%4%5</code>")
                .arg(errorColor(), QString::fromStdString(e.what()).toHtmlEscaped(),
                     QString::number(before.size() + 1), before.toHtmlEscaped(), marked));
        m_message->show();
        m_addButton->setEnabled(false);
        m_field->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid %1; }").arg(errorColor()));
    }
}

QString FormulaEditor::message() const {
    return m_message->isVisible() || !m_message->text().isEmpty()
               ? QTextDocumentFragment::fromHtml(m_message->text()).toPlainText()
               : QString();
}

QString FormulaEditor::add(const QString &formula) {
    m_field->setText(formula); // checks it
    if (!m_addButton->isEnabled()) {
        try {
            const CustomFormula check(formula.toStdString());
        } catch (const FormulaError &e) {
            m_field->setCursorPosition(QString::fromUtf8(formula.toUtf8().left(e.position())).size());
        }
        return {};
    }
    return CustomActivations::instance()->add(formula);
}

} // namespace gelulab
