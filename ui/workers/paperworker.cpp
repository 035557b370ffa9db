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

void PaperWorker::start(const ImageSplit &split, const PaperSettings &settings, quint64 generation) {
    if (!beginJob(generation)) return;
    QElapsedTimer timer;
    timer.start();
    const auto seconds = [&] { return double(timer.nsecsElapsed()) * 1e-9; };
    guarded([&] {
        const PaperResult result = runPaperExperiment(
            split, settings,
            [&](const PaperResult &r) {
                if (maySend()) send(r, seconds()); // the last one is always sent below
            },
            stopFlag());
        send(result, seconds());
    });
}

void PaperWorker::send(const PaperResult &result, double seconds) {
    auto s = std::make_shared<PaperSnapshot>(PaperSnapshot{result, generation(), seconds});
    if (handOver()) emit snapshotReady(std::move(s));
}

} // namespace gelulab
