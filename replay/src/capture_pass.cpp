#include "saker/replay/capture_pass.h"

#include <utility>

namespace saker::replay {

CapturePass::CapturePass(const std::string& path, scap::ReaderOptions options)
    : reader_(path, std::move(options)) {
  state_.load(reader_.metadata());
}

void CapturePass::enter_section(uint32_t section) {
  section_ = section;
  state_.load(reader_.metadata());
}

}  // namespace saker::replay
