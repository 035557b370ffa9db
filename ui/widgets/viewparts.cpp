#include "viewparts.h"

#include <QHeaderView>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>

namespace gelulab {

namespace {

// Keeps a side panel's scroll area as wide as the controls ask, when they change or the type grows
// (presentation mode).
class SideWidth : public QObject {
public:
    SideWidth(QScrollArea *scroll, int maxWidth)
        : QObject(scroll)
        , m_scroll(scroll)
        , m_maxWidth(maxWidth) {
        update();
    }
    void update() {
        const int width = std::min(m_scroll->widget()->sizeHint().width(), m_maxWidth) +
                          m_scroll->verticalScrollBar()->sizeHint().width() + 4;
        if (width != m_scroll->minimumWidth()) m_scroll->setMinimumWidth(width);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override {
        if (event->type() == QEvent::LayoutRequest || event->type() == QEvent::FontChange) update();
        return QObject::eventFilter(watched, event);
    }

private:
    QScrollArea *m_scroll;
    int m_maxWidth;
};

} // namespace

QScrollArea *scrollingSidePanel(QWidget *side, int maxWidth) {
    auto *scroll = new QScrollArea;
    scroll->setWidget(side);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    side->installEventFilter(new SideWidth(scroll, maxWidth));
    return scroll;
}

void placeSideBySide(QWidget *view, QWidget *side, QWidget *main, const QList<int> &widths) {
    auto *splitter = new QSplitter;
    splitter->addWidget(side);
    splitter->addWidget(main);
    splitter->setStretchFactor(1, 1);
    if (!widths.isEmpty()) splitter->setSizes(widths);
    auto *layout = new QVBoxLayout(view);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);
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
