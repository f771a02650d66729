// Cooper, Harvey and Kennedy's iterative dominator algorithm ("A Simple, Fast Dominance
// Algorithm") run on the reversed CFG, rooted at a virtual exit node.

#include "runtime/ptx/analysis/post_dominators.h"

#include <algorithm>
#include <utility>

namespace cudashim::ptx::analysis {

std::vector<uint32_t> ImmediatePostDominators(const Function& f) {
  const uint32_t n = static_cast<uint32_t>(f.blocks.size());
  const uint32_t exit = n;
  constexpr uint32_t kUndefined = ~0u;
  if (n == 0) return {};

  // Reverse graph: the predecessors of b there are its successors here, plus the exit for
  // blocks that leave the function.
  std::vector<std::vector<uint32_t>> rpreds(n + 1), rsuccs(n + 1);
  for (uint32_t b = 0; b < n; ++b) {
    for (uint32_t s : f.blocks[b].successors) {
      rpreds[b].push_back(s);
      rsuccs[s].push_back(b);
    }
    if (f.blocks[b].successors.empty()) {
      rpreds[b].push_back(exit);
      rsuccs[exit].push_back(b);
    }
  }

  // Postorder of the reverse graph from the exit. Blocks it cannot reach (they never leave the
  // function) get a virtual edge to the exit, latest block first, until all are numbered.
  std::vector<uint32_t> postorder;
  std::vector<bool> seen(n + 1, false);
  auto dfs = [&](uint32_t root) {
    std::vector<std::pair<uint32_t, size_t>> stack = {{root, 0}};
    seen[root] = true;
    while (!stack.empty()) {
      auto& [b, next] = stack.back();
      if (next < rsuccs[b].size()) {
        uint32_t s = rsuccs[b][next++];
        if (!seen[s]) {
          seen[s] = true;
          stack.emplace_back(s, 0);
        }
        continue;
      }
      postorder.push_back(b);
      stack.pop_back();
    }
  };
  dfs(exit);
  for (uint32_t b = n; b-- > 0;) {
    if (seen[b]) continue;
    rpreds[b].push_back(exit);
    rsuccs[exit].push_back(b);
    std::fill(seen.begin(), seen.end(), false);
    postorder.clear();
    dfs(exit);
  }

  std::vector<uint32_t> order_index(n + 1);
  for (uint32_t i = 0; i < postorder.size(); ++i) order_index[postorder[i]] = i;
  std::vector<uint32_t> idom(n + 1, kUndefined);
  idom[exit] = exit;
  auto intersect = [&](uint32_t a, uint32_t b) {
    while (a != b) {
      while (order_index[a] < order_index[b]) a = idom[a];
      while (order_index[b] < order_index[a]) b = idom[b];
    }
    return a;
  };
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t i = postorder.size(); i-- > 0;) {  // reverse postorder
      uint32_t b = postorder[i];
      if (b == exit) continue;
      uint32_t new_idom = kUndefined;
      for (uint32_t p : rpreds[b]) {
        if (idom[p] == kUndefined) continue;
        new_idom = new_idom == kUndefined ? p : intersect(p, new_idom);
      }
      if (new_idom != kUndefined && idom[b] != new_idom) {
        idom[b] = new_idom;
        changed = true;
      }
    }
  }
  idom.pop_back();
  return idom;
}

}  // namespace cudashim::ptx::analysis
