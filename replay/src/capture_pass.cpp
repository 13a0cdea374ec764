#include "saker/replay/capture_pass.h"

#include <utility>

namespace saker::replay {

CapturePass::CapturePass(const std::string& path, scap::ReaderOptions options)
    : reader_(path, std::move(options)) {
  state_.load(reader_.metadata());
}

bool CapturePass::next(scap::EventView& ev) {
  if (!reader_.next(ev)) return false;
  entered_ = ev.section != section_;
  if (entered_) {
    section_ = ev.section;
    state_.load(reader_.metadata());
  }
  return true;
}

}  // namespace saker::replay
