#include "activationtree.h"

#include "activation.h"
#include "activationpalette.h"
#include "appearance.h"
#include "customactivations.h"
#include "viewparts.h"

#include <algorithm>

namespace gelulab {
namespace {

constexpr int kIdRole = Qt::UserRole;

// The activation's colour as the plots draw it in the theme in effect.
QIcon swatch(const QString &id) {
    QPixmap pixmap(12, 12);
    pixmap.fill(Appearance::instance()->themed(activationColor(id)));
    return QIcon(pixmap);
}

} // namespace

ActivationTree::ActivationTree(QWidget *parent)
    : QTreeWidget(parent) {
    setHeaderHidden(true);
    setRootIsDecorated(true);
    setUniformRowHeights(true);
    setToolTip(tr("Tick activations to plot them; select one to edit its parameters. Hover a row for its "
                  "formula"));
    std::vector<std::string_view> groups = activationGroups();
    if (std::find(groups.begin(), groups.end(), kCustomGroup) == groups.end()) groups.push_back(kCustomGroup);
    for (const std::string_view group : groups) {
        auto *groupItem = new QTreeWidgetItem(this, {toQString(group)});
        groupItem->setFlags(Qt::ItemIsEnabled);
        QFont bold = groupItem->font(0);
        bold.setBold(true);
        groupItem->setFont(0, bold);
        for (const Activation &a : activations())
            if (a.group == group) addRow(groupItem, toQString(a.id));
    }
    expandAll();
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item && !item->data(0, kIdRole).toString().isEmpty())
            emit currentActivationChanged(item->data(0, kIdRole).toString());
    });
    connect(this, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *, int) {
        if (!m_updating) emit checkedChanged();
    });
    connect(CustomActivations::instance(), &CustomActivations::added, this, &ActivationTree::addCustomRow);
    connect(Appearance::instance(), &Appearance::changed, this, [this] {
        for (int g = 0; g < topLevelItemCount(); ++g)
            for (int i = 0; i < topLevelItem(g)->childCount(); ++i) {
                QTreeWidgetItem *item = topLevelItem(g)->child(i);
                item->setIcon(0, swatch(item->data(0, kIdRole).toString()));
            }
    });
}

QTreeWidgetItem *ActivationTree::addRow(QTreeWidgetItem *group, const QString &id) {
    const Activation *a = findActivation(id.toStdString());
    auto *item = new QTreeWidgetItem(group, {toQString(a->name)});
    item->setData(0, kIdRole, id);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    m_updating = true;
    item->setCheckState(0, Qt::Unchecked);
    m_updating = false;
    item->setToolTip(0, QStringLiteral("%1\n%2").arg(id, toQString(a->formula)));
    item->setIcon(0, swatch(id));
    return item;
}

void ActivationTree::addCustomRow(const QString &id) {
    if (itemFor(id) || !findActivation(id.toStdString())) return;
    for (int g = 0; g < topLevelItemCount(); ++g)
        if (topLevelItem(g)->text(0) == toQString(kCustomGroup)) {
            addRow(topLevelItem(g), id);
            topLevelItem(g)->setExpanded(true);
            emit activationAdded(id);
            return;
        }
}

QTreeWidgetItem *ActivationTree::itemFor(const QString &id) const {
    for (int g = 0; g < topLevelItemCount(); ++g) {
        QTreeWidgetItem *group = topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i)
            if (group->child(i)->data(0, kIdRole).toString() == id) return group->child(i);
    }
    return nullptr;
}

bool ActivationTree::isChecked(const QString &id) const {
    const QTreeWidgetItem *item = itemFor(id);
    return item && item->checkState(0) == Qt::Checked;
}

void ActivationTree::setChecked(const QStringList &ids) {
    m_updating = true;
    for (int g = 0; g < topLevelItemCount(); ++g) {
        QTreeWidgetItem *group = topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i)
            group->child(i)->setCheckState(
                0, ids.contains(group->child(i)->data(0, kIdRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
    m_updating = false;
    emit checkedChanged();
}

void ActivationTree::filter(const QString &text) {
    for (int g = 0; g < topLevelItemCount(); ++g) {
        QTreeWidgetItem *group = topLevelItem(g);
        bool anyVisible = false;
        for (int i = 0; i < group->childCount(); ++i) {
            QTreeWidgetItem *item = group->child(i);
            const bool match = text.isEmpty() || item->text(0).contains(text, Qt::CaseInsensitive) ||
                               item->data(0, kIdRole).toString().contains(text, Qt::CaseInsensitive);
            item->setHidden(!match);
            anyVisible = anyVisible || match;
        }
        group->setHidden(!anyVisible);
    }
}

} // namespace gelulab
