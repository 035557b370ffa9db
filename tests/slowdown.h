#pragma once
// The responsiveness limits some tests check (a view closed during an experiment returns within a second)
// hold for the builds people run. Under ThreadSanitizer (scripts/tsan.sh) every memory access is checked and
// the same work takes 5 to 15 times as long, so those limits stretch by this factor there.
#if defined(__SANITIZE_THREAD__)
inline constexpr int kSlowdown = 20;
#else
inline constexpr int kSlowdown = 1;
#endif
