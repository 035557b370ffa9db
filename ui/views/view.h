#pragma once

#include <QJsonObject>
#include <QStringList>
#include <QWidget>

#include <optional>

class QCustomPlot;

namespace gelulab {

// What the main window knows of each of its tabs: a name to show and to open it by, the plot that picture
// export draws, the data that File → Export data writes, and the user's settings as JSON (state) for saving
// and restoring a session. Restoring takes what it can validate and ignores the rest: a bad or unknown value
// leaves that setting as it was.
class View : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    // The name on the command line (`gelu-lab --view ID`) and in session files: "curves", "error", …
    virtual QString id() const = 0;
    // The tab's text.
    virtual QString title() const = 0;
    // Further command-line names that open this view in a mode of its own ("precision" for the error view).
    virtual QStringList aliases() const { return {}; }
    // Shows the view as the name (its id or an alias) asks.
    virtual void openAs(const QString &name) { Q_UNUSED(name); }

    // The plot that export and copy draw: the whole of what the view shows, in one QCustomPlot.
    virtual QCustomPlot *plot() const = 0;
    // File → Export data: a file name to suggest (by default the id, as CSV) and the dialog's filter, then
    // the writing; exportCsv returns an empty string or a one-line message naming the file and the problem.
    virtual QString dataFileName() const { return id() + QStringLiteral(".csv"); }
    virtual QString dataFilter() const { return tr("CSV (*.csv)"); }
    virtual QString exportCsv(const QString &fileName) const = 0;

    // `gelu-lab --epochs N`: trains N epochs (or runs N-epoch experiments) and waits until done; false for a
    // view that does not train.
    virtual bool trainEpochs(int epochs) {
        Q_UNUSED(epochs);
        return false;
    }

    // A lesson step's "run": starts the view's work without waiting (the Playground trains that many epochs,
    // Compare and Paper run with that many); nothing for a view without one.
    virtual void startRun(int epochs) { Q_UNUSED(epochs); }

    virtual QJsonObject state() const = 0;
    virtual void restoreState(const QJsonObject &state) = 0;
    // What a saved session adds to state(): results too large to compare after every click (the
    // Playground's trained network). restoreState() takes them in the same object.
    virtual QJsonObject results() const { return {}; }

protected:
    // A finite number, a whole number within [low, high], a string, a bool: the value under key, or nothing
    // when it is missing or of another kind.
    static std::optional<double> number(const QJsonObject &state, const QString &key);
    static std::optional<int> integer(const QJsonObject &state, const QString &key, int low, int high);
    static std::optional<QString> string(const QJsonObject &state, const QString &key);
    static std::optional<bool> boolean(const QJsonObject &state, const QString &key);
};

} // namespace gelulab
