// RingQueue (runtime/core/ring_queue.h): FIFO order across growth and wrap-around, and elements
// released when popped.
#include "runtime/core/ring_queue.h"

#include <memory>
#include <vector>

#include "gtest/gtest.h"

namespace cudashim::core {
namespace {

TEST(RingQueue, KeepsFifoOrderWhileWrappingAndGrowing) {
  RingQueue<int> q;
  std::vector<int> got;
  int next = 0;
  // Interleave pushes and pops so the head wraps, and push bursts that force growth mid-wrap.
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < round % 37 + 1; ++i) q.push_back(next++);
    for (int i = 0; i < round % 23 && !q.empty(); ++i) {
      got.push_back(q.front());
      q.pop_front();
    }
  }
  while (!q.empty()) {
    got.push_back(q.front());
    q.pop_front();
  }
  ASSERT_EQ(got.size(), static_cast<size_t>(next));
  for (int i = 0; i < next; ++i) EXPECT_EQ(got[i], i);
}

TEST(RingQueue, ReleasesAnElementWhenItIsPopped) {
  RingQueue<std::shared_ptr<int>> q;
  auto p = std::make_shared<int>(7);
  q.push_back(p);
  EXPECT_EQ(p.use_count(), 2);
  q.pop_front();
  EXPECT_EQ(p.use_count(), 1);
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace cudashim::core
