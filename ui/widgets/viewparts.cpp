#include "viewparts.h"

#include <QHeaderView>
#include <QScrollArea>
#include <QTableWidget>
#include <qcustomplot.h>

#include <algorithm>

namespace gelulab {

QScrollArea *scrollingSidePanel(QWidget *side, int maxWidth) {
    auto *scroll = new QScrollArea;
    scroll->setWidget(side);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(std::min(side->sizeHint().width(), maxWidth) + 18);
    return scroll;
}

QCPLegend *addInsetLegend(QCPAxisRect *rect, const QString &fontFamily, bool compact) {
    auto *legend = new QCPLegend;
    rect->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignRight);
    legend->setLayer(QStringLiteral("legend"));
    legend->setBrush(QColor(255, 255, 255, 200));
    legend->setFont(QFont(fontFamily, 8));
    if (compact) {
        legend->setIconSize(24, 10);
        legend->setRowSpacing(0);
    }
    return legend;
}

QTableWidget *resultsTable(const QStringList &headers, const QString &toolTip) {
    auto *table = new QTableWidget(0, int(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->setVisible(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->setToolTip(toolTip);
    return table;
}

QString errorHtml(const QString &message) {
    return QStringLiteral("<span style='color:#b00020'>%1</span>").arg(message.toHtmlEscaped());
}

} // namespace gelulab
