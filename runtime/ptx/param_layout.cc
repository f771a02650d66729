#include "runtime/ptx/ir.h"

namespace cudashim::ptx {

ParamLayout LayoutParams(const Function& f) {
  ParamLayout layout;
  uint32_t offset = 0;
  for (const Param& p : f.params) {
    uint32_t align = p.align != 0 ? p.align : SizeOf(p.type);
    if (align == 0) align = 1;
    offset = (offset + align - 1) / align * align;
    layout.offsets.push_back(offset);
    offset += p.size;
  }
  layout.total_size = offset;
  return layout;
}

}  // namespace cudashim::ptx
