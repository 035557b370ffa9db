#pragma once
// Hand-offs from a worker's thread to its owner's, made visible to ThreadSanitizer (scripts/tsan.sh).
// Commands travel in the worker's own std::mutex-guarded queue, which TSan sees; snapshots, failures and the
// thread's end are ordered by Qt — its event queue, QThread::wait — with futex-based locks inside Debian's
// Qt, which is not built with ThreadSanitizer, so TSan does not see that order and would report every
// snapshot as a race. Each hand-off releases on one side and acquires on the other (docs/ARCHITECTURE.md,
// "Threads"): exactly the order Qt guarantees, no more. In every other build these are empty.

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace gelulab {

#if defined(__SANITIZE_THREAD__)
inline void handOffRelease(const void *channel) {
    __tsan_release(const_cast<void *>(channel));
}
inline void handOffAcquire(const void *channel) {
    __tsan_acquire(const_cast<void *>(channel));
}
#else
inline void handOffRelease(const void *) {}
inline void handOffAcquire(const void *) {}
#endif

} // namespace gelulab
