#include "worker.h"

#include <QTimer>

namespace gelulab {

void Worker::cancel() {
    m_cancel.store(true);
    m_stop.store(true);
}

void Worker::abort() {
    m_abort.store(true);
    m_stop.store(true);
}

bool Worker::beginJob(quint64 generation) {
    m_generation = generation;
    // Cleared before the abort flag is read: an abort() racing with this start either is seen here or sets
    // m_stop again after it was cleared, so a queued start never undoes an abort.
    m_cancel.store(false);
    m_stop.store(false);
    if (m_abort.load()) {
        m_stop.store(true);
        return false;
    }
    return true;
}

bool Worker::handOver() {
    if (m_abort.load()) return false;
    m_inFlight.fetch_add(1);
    return true;
}

bool Worker::guarded(const std::function<void()> &command) {
    try {
        command();
        return true;
    } catch (const std::exception &e) {
        fail(QString::fromStdString(e.what()));
        return false;
    }
}

void Worker::fail(const QString &message) {
    if (!m_abort.load()) emit failed(message, m_generation);
}

void Worker::scheduleChunk(int delayMs) {
    if (m_chunkQueued || m_abort.load()) return;
    m_chunkQueued = true;
    QTimer::singleShot(delayMs, this, [this] {
        m_chunkQueued = false;
        if (!m_abort.load()) runChunk();
    });
}

} // namespace gelulab
