#pragma once

#include "digits.h"
#include "paper.h"
#include "worker.h"

#include <QString>

#include <memory>

namespace gelulab {

// The UCI digits compiled into the program (resources/digits/digits.csv).
Digits builtInDigits();
// Digits from a file of the same form; throws std::runtime_error (unreadable) or std::invalid_argument
// (malformed, naming the line).
Digits loadDigits(const QString &fileName);

struct PaperSnapshot {
    PaperResult result;
    quint64 generation = 0;
    double seconds = 0.0;
};

// Runs a paper experiment in its own thread (the runs in parallel on the cores), sending a snapshot after
// every epoch while the view has drawn the previous ones. The experiment is one call into the core, which
// checks the worker's stop flag between epochs: cancel() ends it there with a cancelled result, abort() ends
// it there without one, so a thread owner's destructor waits one epoch, not the whole experiment.
class PaperWorker : public Worker {
    Q_OBJECT
public:
    using Worker::Worker;

    void start(const ImageSplit &split, const PaperSettings &settings, quint64 generation);
    // The same on the experiment's own data, loaded in this thread first: Fashion-MNIST from fashionDir (47
    // MB, seconds) for the fashion-* experiments, the built-in digits for the others. A load that fails is
    // the job's failure, with the loader's message (the missing file, how to install the package).
    void load(const QString &fashionDir, const PaperSettings &settings, quint64 generation);

signals:
    void snapshotReady(std::shared_ptr<gelulab::PaperSnapshot> snapshot);

private:
    void run(const ImageSplit &split, const PaperSettings &settings);
    void send(const PaperResult &result, double seconds);
};

} // namespace gelulab
