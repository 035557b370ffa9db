#include "paperworker.h"

#include <QElapsedTimer>
#include <QFile>

#include <stdexcept>

namespace gelulab {

Digits builtInDigits() {
    return loadDigits(QStringLiteral(":/digits/digits.csv"));
}

Digits loadDigits(const QString &fileName) {
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error(
            QStringLiteral("cannot read %1: %2").arg(fileName, file.errorString()).toStdString());
    const QByteArray text = file.readAll();
    return parseDigitsCsv(std::string_view(text.constData(), std::size_t(text.size())));
}

void PaperWorker::start(const DigitsSplit &split, const PaperSettings &settings, quint64 generation) {
    QElapsedTimer timer;
    timer.start();
    const auto send = [&](const PaperResult &result) {
        PaperSnapshot s;
        s.result = result;
        s.generation = generation;
        s.seconds = double(timer.nsecsElapsed()) * 1e-9;
        ++*inFlight;
        emit snapshotReady(s);
    };
    try {
        const PaperResult result = runPaperExperiment(
            split, settings,
            [&](const PaperResult &r) {
                if (*inFlight < 2) send(r); // the last one is always sent below
            },
            cancelFlag.get());
        send(result);
    } catch (const std::exception &e) {
        emit failed(QString::fromStdString(e.what()), generation);
    }
}

} // namespace gelulab
