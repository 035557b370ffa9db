#pragma once
// What the commands of gelu-lab-cli share to write their results: numbers and JSON, files and pictures, and
// the progress bar. Internal to app/.

#include "activation.h"
#include "output_file.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

class QCustomPlot;
class QSize;
class QTextStream;

namespace gelulab::cli {

inline QString toQString(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// All the digits a double needs to read back the same (%.17g).
QString formatFull(double v);
// JSON has no NaN or infinity: those become the strings "nan", "inf", "-inf".
QJsonValue jsonNumber(double v);
void printJson(QTextStream &out, const QJsonObject &object);
// The parameters of an activation by name.
QJsonObject parametersJson(const ActivationInstance &instance);
// What follows f for a derivative of order 0, 1 or 2: nothing, ′ or ″.
QString primes(int order);
// Comma-separated, as the command line takes them: hidden layer widths, activation ids.
QString joinWidths(const std::vector<int> &widths);
QString joinIds(const std::vector<std::string> &ids);

// A file a command was asked to write (--csv FILE): "-" and /dev/stdout mean standard output (out); any other
// name is written as OutputFile does — atomically, or in place for a device or FIFO (output_file.h). Written
// in pieces, so that a long table never has to be held whole; a failure is a runtime error naming the file.
class OutputTarget {
public:
    OutputTarget(const QString &fileName, QTextStream &out);
    ~OutputTarget();
    OutputTarget(const OutputTarget &) = delete;
    OutputTarget &operator=(const OutputTarget &) = delete;

    void write(const QByteArray &bytes);
    void commit();

private:
    QString m_fileName;
    QTextStream &m_out;
    std::unique_ptr<OutputFile> m_file; // null for standard output
};

// The whole text at once (OutputTarget).
void writeCsv(const QString &fileName, const QByteArray &text, QTextStream &out);
// Draws the plot to fileName (exportPlot); a failure is a runtime error naming the file.
void exportPicture(QCustomPlot *plot, const QString &fileName, const QSize &size);

// A progress bar on stderr, drawn only when stderr is a terminal (setProgressEnabled) and at most ten times a
// second; it erases itself when done.
class ProgressBar {
public:
    ProgressBar(QTextStream &err, const QString &label);
    ~ProgressBar();
    ProgressBar(const ProgressBar &) = delete;
    ProgressBar &operator=(const ProgressBar &) = delete;

    void update(double fraction);
    static void callback(double fraction, void *self) { static_cast<ProgressBar *>(self)->update(fraction); }

private:
    QTextStream &m_err;
    QString m_label;
    QElapsedTimer m_timer;
    qint64 m_nextDraw = 300; // short runs show nothing
    int m_width = 0;
    bool m_drawn = false;
};

} // namespace gelulab::cli
