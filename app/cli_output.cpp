#include "cli_output.h"
#include "cli.h"
#include "cli_options.h"
#include "duration_text.h"

#include "plotexport.h"

#include <QJsonDocument>
#include <QSize>
#include <QStringList>
#include <QTextStream>

#include <algorithm>
#include <cmath>

namespace gelulab::cli {

namespace {
// Set once by gelu-lab-cli before it runs a command (cli.h); off in tests.
bool progressEnabled = false;
} // namespace

void setProgressEnabled(bool enabled) {
    progressEnabled = enabled;
}

QString formatFull(double v) {
    return QString::asprintf("%.17g", v);
}

QJsonValue jsonNumber(double v) {
    if (std::isfinite(v)) return v;
    return std::isnan(v) ? QStringLiteral("nan") : (v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf"));
}

void printJson(QTextStream &out, const QJsonObject &object) {
    out << QJsonDocument(object).toJson(QJsonDocument::Indented);
}

QJsonObject parametersJson(const ActivationInstance &instance) {
    QJsonObject p;
    const Activation &a = instance.activation();
    for (std::size_t i = 0; i < a.parameters.size(); ++i)
        p.insert(toQString(a.parameters[i].name), jsonNumber(instance.parameters()[i]));
    return p;
}

QString primes(int order) {
    return order == 0 ? QString() : (order == 1 ? QStringLiteral("′") : QStringLiteral("″"));
}

QString joinWidths(const std::vector<int> &widths) {
    QStringList parts;
    for (int w : widths)
        parts << QString::number(w);
    return parts.join(QLatin1Char(','));
}

QString joinIds(const std::vector<std::string> &ids) {
    QStringList parts;
    for (const std::string &id : ids)
        parts << QString::fromStdString(id);
    return parts.join(QLatin1Char(','));
}

OutputTarget::OutputTarget(const QString &fileName, QTextStream &out)
    : m_fileName(fileName)
    , m_out(out) {
    if (namesStandardOutput(fileName)) return;
    m_file = std::make_unique<OutputFile>(fileName);
    if (const QString why = m_file->open(); !why.isEmpty())
        runtimeError(QStringLiteral("cannot write %1: %2").arg(fileName, why));
}

OutputTarget::~OutputTarget() = default;

void OutputTarget::write(const QByteArray &bytes) {
    if (!m_file) {
        m_out << QString::fromUtf8(bytes);
        return;
    }
    if (!m_file->write(bytes)) commit(); // says why
}

void OutputTarget::commit() {
    if (!m_file) {
        m_out.flush();
        return;
    }
    if (const QString why = m_file->commit(); !why.isEmpty())
        runtimeError(QStringLiteral("cannot write %1: %2").arg(m_fileName, why));
}

void writeCsv(const QString &fileName, const QByteArray &text, QTextStream &out) {
    OutputTarget target(fileName, out);
    target.write(text);
    target.commit();
}

void exportPicture(QCustomPlot *plot, const QString &fileName, const QSize &size) {
    const QString error = exportPlot(plot, fileName, size.width(), size.height());
    if (!error.isEmpty()) runtimeError(error);
}

// ---- ProgressBar ----

ProgressBar::ProgressBar(QTextStream &err, const QString &label)
    : m_err(err)
    , m_label(label) {
    m_timer.start();
}

ProgressBar::~ProgressBar() {
    if (m_drawn) {
        m_err << "\r" << QString(m_width, QLatin1Char(' ')) << "\r";
        m_err.flush();
    }
}

void ProgressBar::update(double fraction) {
    if (!progressEnabled || m_timer.elapsed() < m_nextDraw) return;
    m_nextDraw = m_timer.elapsed() + 100;
    constexpr int kCells = 30;
    const int filled = std::clamp(int(fraction * kCells), 0, kCells);
    QString line =
        QStringLiteral("%1 [%2%3] %4 %")
            .arg(m_label, QString(filled, QLatin1Char('#')), QString(kCells - filled, QLatin1Char(' ')))
            .arg(int(fraction * 100.0));
    // The time left at the pace so far, once there is a pace to go by.
    if (const std::string left = timeLeftText(double(m_timer.elapsed()) * 1e-3, fraction); !left.empty())
        line += QStringLiteral(", ") + QString::fromStdString(left);
    m_width = std::max(m_width, int(line.size()));
    m_err << "\r" << line;
    m_err.flush();
    m_drawn = true;
}

} // namespace gelulab::cli
