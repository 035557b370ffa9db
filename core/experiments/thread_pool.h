#pragma once
// A pool of threads that lives as long as the process: comparisons and the paper's experiments hand it a
// batch of jobs many times a second, and starting threads for each batch would cost more than some batches
// (and rebuild every thread's custom-formula parsers, which are kept per thread). docs/ARCHITECTURE.md,
// "threads".

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace gelulab {

class ThreadPool {
public:
    // `threads` workers take part in a batch together with the caller (0: one per core, less the caller's).
    explicit ThreadPool(unsigned threads = 0);
    ~ThreadPool(); // waits for the workers to finish the job in hand, then joins them
    ThreadPool(const ThreadPool &) = delete;
    ThreadPool &operator=(const ThreadPool &) = delete;

    // The workers (the caller of run() is one more).
    unsigned workers() const { return unsigned(m_threads.size()); }

    // Calls job(0) … job(jobs − 1) on the calling thread and up to maxThreads − 1 workers (0: all) and
    // returns when every call has returned; the first exception a job throws is rethrown then. Several
    // threads may run batches at once: the workers serve them in turn. A job must not call run() on the same
    // pool.
    void run(std::size_t jobs, const std::function<void(std::size_t)> &job, unsigned maxThreads = 0);

    // The process's pool, made on first use with one worker per core less one.
    static ThreadPool &shared();

private:
    struct Batch;
    void workerLoop();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::shared_ptr<Batch>> m_queue; // one entry per helper a batch asks for
    std::vector<std::thread> m_threads;
    bool m_stopping = false;
};

// ThreadPool::shared().run(jobs, job, threads): up to `threads` threads in all (0: one per core).
void parallelFor(std::size_t jobs, const std::function<void(std::size_t)> &job, unsigned threads = 0);

} // namespace gelulab
