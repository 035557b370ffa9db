#pragma once

#include <QStringList>
#include <QTreeWidget>

namespace gelulab {

// The activations of the registry in a tree of their groups, each with its colour swatch and a check box;
// custom formulas join the "Custom" group as they are registered. Filters by a search text (name or id).
class ActivationTree : public QTreeWidget {
    Q_OBJECT
public:
    explicit ActivationTree(QWidget *parent = nullptr);

    // The row of an activation, or nullptr.
    QTreeWidgetItem *itemFor(const QString &id) const;
    bool isChecked(const QString &id) const;
    // Checks exactly these ids (all of them known), with one checkedChanged() at the end.
    void setChecked(const QStringList &ids);
    // Shows the rows whose name or id contains the text (all for an empty one), and the groups that have one.
    void filter(const QString &text);

signals:
    // The user (or setChecked) changed which activations are checked.
    void checkedChanged();
    // The current row is now this activation's.
    void currentActivationChanged(const QString &id);
    // A custom formula's row was added.
    void activationAdded(const QString &id);

private:
    QTreeWidgetItem *addRow(QTreeWidgetItem *group, const QString &id);
    void addCustomRow(const QString &id);

    bool m_updating = false;
};

} // namespace gelulab
