#include "thread_pool.h"

#include <algorithm>
#include <atomic>
#include <exception>

namespace gelulab {

struct ThreadPool::Batch {
    const std::function<void(std::size_t)> *job = nullptr;
    std::size_t jobs = 0;
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    int helping = 0; // workers inside work(), guarded by the pool's mutex
    std::condition_variable helpersDone;

    void work() {
        for (std::size_t i = next++; i < jobs; i = next++) {
            try {
                (*job)(i);
            } catch (...) {
                const std::lock_guard lock(failureMutex);
                if (!failure) failure = std::current_exception();
            }
        }
    }
};

ThreadPool::ThreadPool(unsigned threads) {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency()) - 1;
    for (unsigned t = 0; t < threads; ++t)
        m_threads.emplace_back(&ThreadPool::workerLoop, this);
}

ThreadPool::~ThreadPool() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread &t : m_threads)
        t.join();
}

void ThreadPool::workerLoop() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_stopping) return;
        const std::shared_ptr<Batch> batch = std::move(m_queue.front());
        m_queue.pop_front();
        ++batch->helping;
        lock.unlock();
        batch->work();
        lock.lock();
        if (--batch->helping == 0) batch->helpersDone.notify_all();
    }
}

void ThreadPool::run(std::size_t jobs, const std::function<void(std::size_t)> &job, unsigned maxThreads) {
    if (jobs == 0) return;
    auto batch = std::make_shared<Batch>();
    batch->job = &job;
    batch->jobs = jobs;
    const std::size_t participants = std::min<std::size_t>(
        {jobs, std::size_t(maxThreads == 0 ? workers() + 1 : maxThreads), std::size_t(workers()) + 1});
    if (participants > 1) {
        {
            const std::lock_guard lock(m_mutex);
            for (std::size_t h = 1; h < participants; ++h)
                m_queue.push_back(batch);
        }
        m_wake.notify_all();
    }
    batch->work();
    if (participants > 1) {
        // Every job is taken: withdraw the helper places no worker has taken up, then wait for the workers
        // still inside a job of this batch (the batch refers to the caller's job).
        std::unique_lock lock(m_mutex);
        std::erase(m_queue, batch);
        batch->helpersDone.wait(lock, [&] { return batch->helping == 0; });
    }
    if (batch->failure) std::rethrow_exception(batch->failure);
}

ThreadPool &ThreadPool::shared() {
    static ThreadPool pool;
    return pool;
}

void parallelFor(std::size_t jobs, const std::function<void(std::size_t)> &job, unsigned threads) {
    ThreadPool::shared().run(jobs, job, threads);
}

} // namespace gelulab
