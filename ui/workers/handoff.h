#pragma once
// Hand-offs between a worker's thread and its owner's, made visible to ThreadSanitizer (scripts/tsan.sh).
// Qt orders them — its event queue, BlockingQueuedConnection's semaphore, QThread::wait — with futex-based
// locks inside Debian's Qt, which is not built with ThreadSanitizer, so TSan does not see that order and
// would report every command and snapshot as a race. Each hand-off releases on one side and acquires on the
// other (docs/ARCHITECTURE.md, "Threads"): exactly the order Qt guarantees, no more. In every other build
// these are empty.

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
