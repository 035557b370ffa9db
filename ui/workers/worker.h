#pragma once

#include <QObject>
#include <QString>

class QTimer;

#include <atomic>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>

namespace gelulab {

// What every view's worker shares (docs/ARCHITECTURE.md, threads): it computes in its own thread in chunks
// of about 10 ms, and only it touches its model. Commands arrive as queued calls and apply between chunks.
// Each snapshot it sends is tagged with the generation of the settings it was computed for, so the view
// drops what arrives after a reset; snapshots sent but not yet drawn are "in flight", and while two are, the
// worker computes on without sending more, so a slow display never piles up a queue.
//
// Two ways to stop, kept apart: cancel() stops the current job at its next chunk, and the job reports where
// it stopped (Cancel and Restart); abort() is the tear-down: the job stops as soon as it can, nothing more
// is emitted, and no later command starts anything. cancel(), abort(), handOver() and takeSnapshot() are
// safe from any thread; the rest belongs to the worker's thread.
class Worker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    void cancel();
    void abort();
    bool isAborted() const { return m_abort.load(); }
    // The view has drawn or dropped a snapshot: one fewer in flight.
    void takeSnapshot() { m_inFlight.fetch_sub(1); }
    ~Worker() override;

    // Where a snapshot's hand-off meets (handoff.h): released as it leaves, acquired as the owner takes it.
    const void *toOwner() const { return &m_toOwner; }
    // Where the owner's last word meets the worker's end: released as the owner stops the thread, acquired
    // as the worker is deleted in it.
    const void *toEnd() const { return &m_toEnd; }
    // Queues a command from any thread; it runs in the worker's thread, in order, between chunks. The queue
    // is ours, under a std::mutex, and Qt only carries the wake-up: the command's data crosses threads in a
    // way every tool sees (WorkerThread::post).
    void enqueue(std::function<void()> command);

    // Runs the queued commands (the wake-up enqueue() sends; public for the meta-object call only).
    Q_INVOKABLE void runQueuedCommands();
    int inFlight() const { return m_inFlight.load(); }

signals:
    // A command failed (bad settings, a model that refused a change), for the settings of `generation`.
    void failed(const QString &message, quint64 generation);

protected:
    // Starts a job of this generation: clears a cancel left from the previous job; false once aborted (then
    // the job must not run).
    bool beginJob(quint64 generation);
    quint64 generation() const { return m_generation; }
    // The job should stop: cancelled or aborted.
    bool isStopping() const { return m_stop.load(); }
    // Set by cancel() and abort(), for loops in the core that take a stop flag.
    const std::atomic<bool> *stopFlag() const { return &m_stop; }
    bool isCancelled() const { return m_cancel.load(); }
    // Fewer than two snapshots in flight: one more may go.
    bool maySend() const { return m_inFlight.load() < 2; }
    // Counts a snapshot as in flight, unless the worker is aborted; emit only when it returns true.
    bool handOver();
    // Runs `command`; a std::exception it throws becomes failed(message, generation()). Returns whether it
    // completed.
    bool guarded(const std::function<void()> &command);
    void fail(const QString &message);

    // Chunks: at most one queued at a time, each calling runChunk() after delayMs unless aborted.
    void scheduleChunk(int delayMs = 0);
    virtual void runChunk() {}

private:
    char m_toOwner = 0, m_toEnd = 0; // addresses only (handoff.h)
    std::mutex m_commandsMutex;
    std::deque<std::function<void()>> m_commands;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_abort{false};
    std::atomic<bool> m_stop{false}; // cancel or abort, for the core
    std::atomic<int> m_inFlight{0};
    quint64 m_generation = 0;
    QTimer *m_chunkTimer = nullptr;
};

} // namespace gelulab
