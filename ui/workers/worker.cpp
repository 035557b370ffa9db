#include "worker.h"

#include "handoff.h"

#include <QTimer>

namespace gelulab {

Worker::~Worker() {
    handOffAcquire(toEnd()); // deleted in its thread after the owner's abort() and quit()
}

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

void Worker::enqueue(std::function<void()> command) {
    {
        const std::lock_guard<std::mutex> lock(m_commandsMutex);
        m_commands.push_back(std::move(command));
    }
    // By name: a meta-call that carries no data of ours (a functor or member-pointer call would allocate
    // Qt's slot object in one thread and free it in the other, out of ThreadSanitizer's sight).
    if (!QMetaObject::invokeMethod(this, "runQueuedCommands", Qt::QueuedConnection))
        qFatal("Worker::enqueue: runQueuedCommands is not invokable"); // would drop every command
}

void Worker::runQueuedCommands() {
    // One command per wake-up, so commands interleave with chunks exactly as queued calls did.
    std::function<void()> command;
    {
        const std::lock_guard<std::mutex> lock(m_commandsMutex);
        if (m_commands.empty()) return;
        command = std::move(m_commands.front());
        m_commands.pop_front();
    }
    command();
}

bool Worker::handOver() {
    if (m_abort.load()) return false;
    m_inFlight.fetch_add(1);
    handOffRelease(toOwner()); // the snapshot, complete, goes to the owner's thread
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
    if (m_abort.load()) return;
    handOffRelease(toOwner());
    emit failed(message, m_generation);
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
