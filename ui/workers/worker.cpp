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
    if (m_abort.load()) return;
    if (!m_chunkTimer) {
        // Made here, in the worker's thread, so that it fires there.
        m_chunkTimer = new QTimer(this);
        m_chunkTimer->setSingleShot(true);
        connect(m_chunkTimer, &QTimer::timeout, this, [this] {
            if (!m_abort.load()) runChunk();
        });
    }
    // One chunk queued at a time, at the earlier of the two times: Play right after a paced pause, or a
    // faster speed, does not wait for the slow chunk already queued.
    if (m_chunkTimer->isActive() && m_chunkTimer->remainingTime() <= delayMs) return;
    m_chunkTimer->start(delayMs);
}

} // namespace gelulab
