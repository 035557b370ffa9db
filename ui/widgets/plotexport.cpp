#include "plotexport.h"
#include "output_file.h"

#include <QFileInfo>
#include <QSvgGenerator>
#include <QTemporaryDir>
#include <qcustomplot.h>

namespace gelulab {
namespace {

// QCustomPlot writes straight to the file; we render to a scratch file and hand it to writeWholeFile, so that
// a failed export never leaves a truncated picture where a good one was (and a device is written, not
// replaced).
QString commit(const QString &temporary, const QString &fileName) {
    QFile source(temporary);
    if (!source.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot write %1: rendering failed").arg(fileName);
    return saveText(fileName, source.readAll());
}

} // namespace

HoverHidden::HoverHidden(QCustomPlot *plot) {
    for (int i = 0; i < plot->itemCount(); ++i) {
        QCPAbstractItem *item = plot->item(i);
        if (item->visible() && item->property(kHoverProperty).toBool()) {
            item->setVisible(false);
            m_hidden << item;
        }
    }
}

HoverHidden::~HoverHidden() {
    for (QCPAbstractItem *item : m_hidden)
        item->setVisible(true);
}

QString exportPlot(QCustomPlot *plot, const QString &fileName, int width, int height) {
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") && suffix != QLatin1String("pdf"))
        return QStringLiteral("cannot write %1: unknown picture format '%2' (use .png, .svg or .pdf)")
            .arg(fileName, suffix);
    if (width <= 0 || height <= 0)
        return QStringLiteral("cannot write %1: size %2x%3 is not positive")
            .arg(fileName, QString::number(width), QString::number(height));
    // Fail early, before rendering, when the target directory is missing or read-only.
    const QFileInfo info(fileName);
    if (!QFileInfo(info.absolutePath()).isDir())
        return QStringLiteral("cannot write %1: directory %2 does not exist")
            .arg(fileName, info.absolutePath());

    QTemporaryDir scratch;
    if (!scratch.isValid()) return QStringLiteral("cannot write %1: no temporary directory").arg(fileName);
    const QString temporary = scratch.filePath(QStringLiteral("plot.") + suffix);
    bool ok = false;
    const HoverHidden hover(plot);
    // Laid out and styled at the picture's size, not at the window's (docs/ARCHITECTURE.md, "Appearance"):
    // legends show when they fit the picture's plots, axis titles are cut to the picture's axes. The first
    // replot lays out at the new size, the second restyles for that layout.
    const QRect shown = plot->viewport();
    plot->setViewport(QRect(0, 0, width, height));
    plot->replot(QCustomPlot::rpImmediateRefresh);
    plot->replot(QCustomPlot::rpImmediateRefresh);
    const struct Restore {
        QCustomPlot *plot;
        QRect viewport;
        ~Restore() {
            plot->setViewport(viewport);
            plot->replot(QCustomPlot::rpQueuedReplot);
        }
    } restore{plot, shown};
    if (suffix == QLatin1String("png")) {
        ok = plot->savePng(temporary, width, height);
    } else if (suffix == QLatin1String("pdf")) {
        ok = plot->savePdf(temporary, width, height, QCP::epNoCosmetic, QStringLiteral("GELU Lab"));
    } else {
        QSvgGenerator generator;
        generator.setFileName(temporary);
        generator.setSize(QSize(width, height));
        generator.setViewBox(QRect(0, 0, width, height));
        generator.setTitle(QStringLiteral("GELU Lab"));
        QCPPainter painter;
        ok = painter.begin(&generator);
        if (ok) {
            plot->toPainter(&painter, width, height);
            ok = painter.end();
        }
    }
    if (!ok) return QStringLiteral("cannot write %1: rendering failed").arg(fileName);
    return commit(temporary, fileName);
}

QString saveText(const QString &fileName, const QByteArray &contents) {
    const QString why = writeWholeFile(fileName, contents);
    return why.isEmpty() ? QString() : QStringLiteral("cannot write %1: %2").arg(fileName, why);
}

QByteArray historyCsv(const std::vector<EpochRecord> &history) {
    QByteArray text = "epoch,train_loss,test_loss,train_accuracy,test_accuracy\n";
    for (const EpochRecord &r : history)
        text += QByteArray::number(r.epoch) + ',' + QByteArray::number(r.trainLoss, 'g', 9) + ',' +
                QByteArray::number(r.testLoss, 'g', 9) + ',' +
                (r.trainAccuracy ? QByteArray::number(*r.trainAccuracy, 'g', 9) : QByteArray()) + ',' +
                (r.testAccuracy ? QByteArray::number(*r.testAccuracy, 'g', 9) : QByteArray()) + '\n';
    return text;
}

void appendQuartileRows(QByteArray &csv, const QByteArray &key, const char *measure,
                        const std::vector<double> &x, const std::vector<Quartiles> &values) {
    for (std::size_t i = 0; i < values.size() && i < x.size(); ++i)
        csv += key + ',' + measure + ',' + QByteArray::number(x[i], 'g', 9) + ',' +
               QByteArray::number(values[i].q1, 'g', 9) + ',' + QByteArray::number(values[i].median, 'g', 9) +
               ',' + QByteArray::number(values[i].q3, 'g', 9) + '\n';
}

} // namespace gelulab
