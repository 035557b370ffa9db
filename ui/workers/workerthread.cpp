#include "workerthread.h"

namespace gelulab {

WorkerThreadBase::WorkerThreadBase(Worker *worker)
    : m_worker(worker) {
    m_worker->moveToThread(&m_thread);
    // Deleted in its own thread as the thread ends, after its last call has returned.
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // The thread's last words before it ends, ordered before wait() returns (handoff.h).
    QObject::connect(&m_thread, &QThread::finished, [this] { handOffRelease(&m_thread); });
    m_thread.start();
}

WorkerThreadBase::~WorkerThreadBase() {
    m_worker->abort(); // a job under way stops at its next chunk and sends nothing more
    handOffRelease(m_worker->toEnd());
    m_thread.quit();
    m_thread.wait();
    handOffAcquire(&m_thread);
}

} // namespace gelulab
