// Waiting for another thread without a syscall where the wait is short. Waking a thread blocked
// on a condition variable costs a futex call on each side and, on a loaded or virtualised
// machine, tens of microseconds; launch + synchronize is a chain of such hand-offs (application
// -> stream thread -> worker threads -> back). Each waiter first spins on the condition for a
// bounded time, then blocks as before; the waker skips the notify when nobody is blocked.
#pragma once

#include <chrono>

namespace cudashim::hal {

// How long a waiter polls before it blocks. Long enough to cover a short kernel and the
// hand-offs around it; short enough that a spinning thread does not steal a core for long on
// a two-core machine.
inline constexpr std::chrono::microseconds kSpinBeforeBlocking{50};

// Polls `done` (with a pause between polls) until it holds or `limit` has passed; returns the
// last value of done().
template <typename Done>
bool SpinUntil(Done done, std::chrono::microseconds limit = kSpinBeforeBlocking) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (done()) return true;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
    if (std::chrono::steady_clock::now() >= deadline) return done();
  }
}

}  // namespace cudashim::hal
