#pragma once

#include "paper.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
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
// every epoch while the view has drawn the previous ones. cancel() may be called from any thread: the runs
// stop between epochs.
class PaperWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    std::shared_ptr<std::atomic<int>> inFlight = std::make_shared<std::atomic<int>>(0);
    std::shared_ptr<std::atomic<bool>> cancelFlag = std::make_shared<std::atomic<bool>>(false);

    void start(const DigitsSplit &split, const PaperSettings &settings, quint64 generation);
    void cancel() { cancelFlag->store(true); }

signals:
    void snapshotReady(const gelulab::PaperSnapshot &snapshot);
    void failed(const QString &message, quint64 generation);
};

} // namespace gelulab

Q_DECLARE_METATYPE(gelulab::PaperSnapshot)
