#include "workerthread.h"

namespace gelulab {

WorkerThreadBase::WorkerThreadBase(Worker *worker)
    : m_worker(worker) {
    m_worker->moveToThread(&m_thread);
    // Deleted in its own thread as the thread ends, after its last call has returned.
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

WorkerThreadBase::~WorkerThreadBase() {
    m_worker->abort(); // a job under way stops at its next chunk and sends nothing more
    m_thread.quit();
    m_thread.wait();
}

} // namespace gelulab
