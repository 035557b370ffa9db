#include "paperworker.h"

#include "fashion_mnist.h"
#include "run_cache.h"

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

void PaperWorker::load(const QString &fashionDir, const PaperSettings &settings, quint64 generation) {
    if (!beginJob(generation)) return;
    ImageSplit split;
    const bool loaded = guarded([&] {
        split = onFashionMnist(settings.experiment)
                    ? splitFashionMnist(loadFashionMnist(fashionDir.toStdString()), settings.validation,
                                        settings.seed)
                    : splitDigits(builtInDigits(), settings.validation, settings.test, settings.seed);
    });
    if (!loaded) return;
    if (isStopping()) { // cancelled while loading: nothing trained
        PaperResult cancelled;
        cancelled.settings = settings;
        cancelled.phase = "cancelled";
        cancelled.cancelled = true;
        send(cancelled, 0.0);
        return;
    }
    run(split, settings);
}

void PaperWorker::start(const ImageSplit &split, const PaperSettings &settings, quint64 generation) {
    if (beginJob(generation)) run(split, settings);
}

void PaperWorker::run(const ImageSplit &split, const PaperSettings &settings) {
    QElapsedTimer timer;
    timer.start();
    const auto seconds = [&] { return double(timer.nsecsElapsed()) * 1e-9; };
    // Finished runs are kept where the command line keeps them (a cancelled experiment's too): a new Start
    // with the same settings takes them, or trains them on from where they stopped.
    const RunCache cache(defaultRunCacheFolder());
    guarded([&] {
        const PaperResult result = runPaperExperiment(
            split, settings,
            [&](const PaperResult &r) {
                if (maySend()) send(r, seconds()); // the last one is always sent below
            },
            stopFlag(), &cache);
        send(result, seconds());
    });
}

void PaperWorker::send(const PaperResult &result, double seconds) {
    auto s = std::make_shared<PaperSnapshot>(PaperSnapshot{result, generation(), seconds});
    if (handOver()) emit snapshotReady(std::move(s));
}

} // namespace gelulab
