// A block: its warps, shared memory and barriers, and the scheduler that runs its warps in turn.
// A barrier parks a warp and the scheduler runs the next one; when the last expected warp
// arrives, the parked ones become ready again. No OS threads, no fibers.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/backends/simt/state.h"

namespace cudashim::simt {

// A block's memory, reused by a worker for block after block of one launch.
struct BlockSlot {
  Block block;
  std::vector<Warp> warps;
  std::vector<char> shared;
  char* local = nullptr;  // threads_per_block * local_stride bytes
  size_t local_bytes = 0;
  bool constants_ready = false;  // entry-frame constants are written once per launch
  ~BlockSlot();
};

// Sets up `slot` to run block `linear_id` of the launch.
void InitBlock(LaunchState& launch, BlockSlot& slot, uint64_t linear_id);

// Runs every ready warp of the block until each parks, finishes or yields. Returns false when the
// launch failed. `finished` says whether all warps are done.
bool StepBlock(LaunchState& launch, BlockSlot& slot, uint32_t worker, bool* finished);

// Barrier arrival of the running warp (bar.sync/barrier.sync/bar.arrive/bar.red). `expected`
// is the number of warps the barrier waits for (0: all live warps). Returns true when the warp
// must park (it waits and the barrier is not yet complete).
bool ArriveAtBarrier(Exec& x, uint32_t id, uint32_t expected, bool wait);

}  // namespace cudashim::simt
