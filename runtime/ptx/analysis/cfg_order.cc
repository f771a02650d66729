#include "runtime/ptx/analysis/cfg_order.h"

#include <algorithm>
#include <utility>

namespace cudashim::ptx::analysis {

std::vector<uint32_t> ReversePostOrder(const Function& f) {
  std::vector<uint32_t> order;
  if (f.blocks.empty()) return order;
  std::vector<bool> seen(f.blocks.size(), false);
  // Iterative DFS: (block, index of the next successor to visit). Kernels with thousands of
  // blocks (Thrust) must not recurse.
  std::vector<std::pair<uint32_t, size_t>> stack = {{0, 0}};
  seen[0] = true;
  while (!stack.empty()) {
    auto& [b, next] = stack.back();
    const std::vector<uint32_t>& succ = f.blocks[b].successors;
    if (next < succ.size()) {
      uint32_t s = succ[next++];
      if (!seen[s]) {
        seen[s] = true;
        stack.emplace_back(s, 0);
      }
      continue;
    }
    order.push_back(b);
    stack.pop_back();
  }
  std::reverse(order.begin(), order.end());
  return order;
}

std::vector<bool> Reachable(const Function& f) {
  std::vector<bool> reachable(f.blocks.size(), false);
  for (uint32_t b : ReversePostOrder(f)) reachable[b] = true;
  return reachable;
}

}  // namespace cudashim::ptx::analysis
