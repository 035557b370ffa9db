#pragma once

#include <QObject>
#include <QString>

namespace gelulab {

// The GUI's side of the session's custom formulas: registers them in the core registry and tells every view
// (curves, approximation error, and later the playground) that a new row exists, so that each adds it to its
// lists. One instance for the application.
class CustomActivations : public QObject {
    Q_OBJECT
public:
    static CustomActivations *instance();

    // Registers the formula (the same text gives the same row) and returns its id; emits added() for a new
    // row. Throws FormulaError, with the position of the problem, for a formula that does not parse.
    QString add(const QString &formula);

signals:
    void added(const QString &id);

private:
    CustomActivations() = default;
};

} // namespace gelulab
