#include "capture_store.h"

#include <algorithm>
#include <stdexcept>

#include "saker/scap/block_types.h"
#include "saker/scap/error.h"

namespace saker::inspector {

namespace {
constexpr uint32_t kInternalCategory = 0x100;
}

bool hidden_event(const scap::EventView& ev) {
  return (ev.info->category & kInternalCategory) || !ev.returned();
}

uint64_t CheckpointTable::interval() const {
  std::lock_guard lock(mu_);
  return interval_;
}

bool CheckpointTable::due(uint64_t num) const {
  std::lock_guard lock(mu_);
  return cps_.empty() || num >= last_num_ + interval_;
}

void CheckpointTable::add(Checkpoint cp, size_t bytes) {
  std::lock_guard lock(mu_);
  last_num_ = cp.num;
  cps_.push_back(std::move(cp));
  bytes_.push_back(bytes);
  memory_ += bytes;
  // Over budget: keep every other checkpoint (never the first) and space new ones wider.
  while (memory_ > budget_ && cps_.size() > 2) {
    std::vector<Checkpoint> kept;
    std::vector<size_t> kept_bytes;
    memory_ = 0;
    for (size_t i = 0; i < cps_.size(); ++i)
      if (i % 2 == 0 || i + 1 == cps_.size()) {
        kept.push_back(std::move(cps_[i]));
        kept_bytes.push_back(bytes_[i]);
        memory_ += bytes_[i];
      }
    cps_ = std::move(kept);
    bytes_ = std::move(kept_bytes);
    interval_ *= 2;
  }
}

Checkpoint CheckpointTable::at_or_before(uint64_t num) const {
  std::lock_guard lock(mu_);
  auto it = std::upper_bound(cps_.begin(), cps_.end(), num,
                             [](uint64_t n, const Checkpoint& c) { return n < c.num; });
  if (it == cps_.begin()) return {};
  return *std::prev(it);
}

size_t CheckpointTable::size() const {
  std::lock_guard lock(mu_);
  return cps_.size();
}

size_t CheckpointTable::memory() const {
  std::lock_guard lock(mu_);
  return memory_;
}

EventCursor::EventCursor(std::shared_ptr<const CaptureInfo> info) : info_(std::move(info)) {}
EventCursor::~EventCursor() = default;

bool EventCursor::restore(const Checkpoint& cp) {
  positioned_ = false;
  try {
    if (!reader_) reader_ = std::make_unique<scap::Reader>(info_->path);
    state_ = std::make_unique<replay::State>();
    render_ = std::make_unique<replay::StateRenderContext>(*state_);
    if (cp.state) {
      state_->restore(*cp.state);
      // Old short exits take their arguments from enter events the reader saw before the
      // checkpoint: its conversion state comes back with it.
      if (cp.converter)
        reader_->seek_event(cp.offset, cp.num, *cp.converter);
      else
        reader_->seek_event(cp.offset, cp.num);
    } else {
      // No checkpoint yet: from the start of the capture.
      reader_ = std::make_unique<scap::Reader>(info_->path);
      state_->load(reader_->metadata());
    }
    section_ = UINT32_MAX;
    ctx_ = {};
    ctx_.state = state_.get();
    ctx_.render = render_.get();
    ctx_.first_ts = info_->first_ts;
    ctx_.first_num = info_->first_num;
    return true;
  } catch (const std::runtime_error& e) {  // scap::CaptureError, or State::restore's
    error_ = e.what();
    reader_.reset();
    return false;
  }
}

bool EventCursor::advance_to(uint64_t num) {
  try {
    while (reader_->next(ev_)) {
      ++decoded_;
      if (section_ != UINT32_MAX && ev_.section != section_) state_->load(reader_->metadata());
      section_ = ev_.section;
      state_->apply(ev_);
      if (ev_.num == num && ev_.returned()) {
        positioned_ = true;
        ctx_.ev = &ev_;
        return true;
      }
      if (ev_.num > num) break;
    }
  } catch (const scap::CaptureError& e) {
    error_ = e.what();
  }
  positioned_ = false;
  return false;
}

bool EventCursor::seek(uint64_t num) {
  if (num == 0) return false;
  if (positioned_ && ev_.num == num) return true;
  Checkpoint cp = info_->checkpoints->at_or_before(num);
  // Reading on is cheaper than restoring when the target is ahead and no closer checkpoint exists.
  bool forward = positioned_ && ev_.num < num && ev_.num >= cp.num;
  if (!forward && !restore(cp)) return false;
  return advance_to(num);
}

}  // namespace saker::inspector
