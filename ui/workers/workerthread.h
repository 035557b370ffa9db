#pragma once

#include "handoff.h"
#include "worker.h"

#include <QMetaObject>
#include <QThread>

#include <exception>
#include <future>
#include <utility>

namespace gelulab {

// Owns a worker and the thread it runs in (docs/ARCHITECTURE.md, threads). The thread starts at
// construction; the destructor aborts the worker, ends the thread's event loop and joins it, then the worker
// is deleted — so no view stops a thread by hand. Also keeps the generation of the settings the owner shows
// now, and drops snapshots of older ones in one place.
class WorkerThreadBase {
public:
    WorkerThreadBase(const WorkerThreadBase &) = delete;
    WorkerThreadBase &operator=(const WorkerThreadBase &) = delete;

    // A new generation of settings: snapshots and failures of earlier ones no longer apply.
    quint64 nextGeneration() { return ++m_generation; }
    quint64 generation() const { return m_generation; }
    bool isCurrent(quint64 generation) const { return generation == m_generation; }
    // For every snapshot that arrives from the worker: it is no longer in flight; true when it belongs to
    // the current generation (draw it), false when it comes from before a reset (drop it).
    bool accept(quint64 snapshotGeneration) {
        handOffAcquire(m_worker->toOwner());
        m_worker->takeSnapshot();
        return isCurrent(snapshotGeneration);
    }
    QThread *thread() { return &m_thread; }
    // A failure signal arrived from the worker (ordered after it, as accept() is for snapshots).
    void acceptFailure() const { handOffAcquire(m_worker->toOwner()); }

protected:
    explicit WorkerThreadBase(Worker *worker);
    ~WorkerThreadBase();

    Worker *m_worker;

private:
    QThread m_thread;
    quint64 m_generation = 0;
};

template<typename W>
class WorkerThread : public WorkerThreadBase {
public:
    WorkerThread()
        : WorkerThreadBase(new W) {}

    W *get() const { return static_cast<W *>(m_worker); }
    W *operator->() const { return get(); }
    // Queues a command: command(worker) runs in the worker's thread, between its chunks.
    template<typename Command>
    void post(Command command) const {
        W *worker = get();
        worker->enqueue([worker, command = std::move(command)] { command(*worker); });
    }
    // Runs command(worker) in the worker's thread and waits for what it returns: for the rare reads of the
    // worker's model (saving a session). The caller waits for the command or chunk in progress (a chunk is
    // about 10 ms; lesson runs play in chunks); never call it from the worker's own thread.
    template<typename Command>
    auto call(Command command) const {
        W *worker = get();
        std::promise<decltype(command(*worker))> result;
        std::future<decltype(command(*worker))> done = result.get_future();
        worker->enqueue([&result, worker, &command] {
            try {
                result.set_value(command(*worker));
            } catch (...) {
                result.set_exception(std::current_exception());
            }
        });
        return done.get();
    }
};

} // namespace gelulab
