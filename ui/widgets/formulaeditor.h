#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace gelulab {

// A custom activation typed as a formula in x: checked as it is typed (the error shown under the field,
// with the offending place underlined), added to the session's registry with Return or the Add button.
class FormulaEditor : public QWidget {
    Q_OBJECT
public:
    explicit FormulaEditor(QWidget *parent = nullptr);

    QLineEdit *field() const { return m_field; }
    QPushButton *addButton() const { return m_addButton; }
    // The error shown, as plain text; empty while the formula is fine.
    QString message() const;
    // Puts the formula in the field and registers it: its id, or an empty string when it has an error (then
    // the cursor stands at the error).
    QString add(const QString &formula);

signals:
    // Return or Add with the field's text.
    void addRequested(const QString &formula);

private:
    void check();

    QLineEdit *m_field = nullptr;
    QPushButton *m_addButton = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace gelulab
