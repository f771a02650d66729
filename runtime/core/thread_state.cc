#include "runtime/core/thread_state.h"

#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/core/runtime.h"

namespace cudashim::core {
namespace {

thread_local ThreadState* current = nullptr;

// Hands a finished thread's per-thread streams back to their devices (their queued work still
// runs). The main thread keeps its streams: its thread_local destructors run before atexit
// handlers, which may still use them.
struct ThreadExitReaper {
  ThreadState* state = nullptr;
  ~ThreadExitReaper() {
    if (state == nullptr || syscall(SYS_gettid) == getpid()) return;
    for (auto& [ordinal, stream] : state->per_thread_streams) {
      if (auto device = Runtime::Get().Device(ordinal); device.ok()) {
        (*device)->ReleaseStream(stream);
      }
    }
    delete state;
    current = nullptr;
  }
};

thread_local ThreadExitReaper reaper;

}  // namespace

ThreadState& CurrentThread() {
  if (current == nullptr) {
    current = new ThreadState;
    reaper.state = current;
  }
  return *current;
}

}  // namespace cudashim::core
