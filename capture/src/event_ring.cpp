#include "saker/capture/event_ring.h"

#include <lz4.h>

#include <cstring>
#include <stdexcept>

#include "saker/scap/event_table.h"

namespace saker::capture {

namespace {

// Serialized event: ts, tid, type, cpu, nparams, then each parameter's length and bytes.
struct Head {
  uint64_t ts, tid;
  uint16_t type, cpu;
  uint32_t nparams;
};

}  // namespace

EventRing::EventRing(size_t mem_limit, uint64_t window_ns, size_t chunk_bytes)
    : mem_limit_(mem_limit), window_ns_(window_ns), chunk_bytes_(chunk_bytes) {
  if (mem_limit_ < 4 * chunk_bytes_) chunk_bytes_ = std::max<size_t>(mem_limit_ / 4, 4096);
  open_.reserve(chunk_bytes_ + 64 * 1024);
}

void EventRing::push(const scap::EventView& ev, const Visit& evicted) {
  Head h{ev.ts, ev.tid, ev.type, ev.cpu, ev.nparams};
  size_t need = sizeof h;
  for (uint32_t i = 0; i < ev.nparams; ++i) need += 4 + ev.params[i].len;
  if (open_.size() + need > open_.capacity() && !open_.empty()) seal();
  size_t at = open_.size();
  open_.resize(at + need);
  uint8_t* p = open_.data() + at;
  std::memcpy(p, &h, sizeof h);
  p += sizeof h;
  for (uint32_t i = 0; i < ev.nparams; ++i) {
    uint32_t len = ev.params[i].len;
    std::memcpy(p, &len, 4);
    if (len) std::memcpy(p + 4, ev.params[i].data, len);
    p += 4 + len;
  }
  if (!open_events_) open_first_ts_ = ev.ts;
  open_last_ts_ = ev.ts;
  ++open_events_;
  ++events_;
  if (open_.size() >= chunk_bytes_) seal();
  evict(evicted);
  peak_ = std::max(peak_, memory());
}

void EventRing::seal() {
  Chunk c;
  int bound = LZ4_compressBound(static_cast<int>(open_.size()));
  c.lz4.resize(static_cast<size_t>(bound));
  int n = LZ4_compress_default(reinterpret_cast<const char*>(open_.data()), c.lz4.data(),
                               static_cast<int>(open_.size()), bound);
  if (n <= 0) throw std::runtime_error("lz4 compression of the event history failed");
  c.lz4.resize(static_cast<size_t>(n));
  c.lz4.shrink_to_fit();
  c.raw_size = static_cast<uint32_t>(open_.size());
  c.first_ts = open_first_ts_;
  c.last_ts = open_last_ts_;
  c.events = open_events_;
  compressed_bytes_ += c.lz4.capacity();
  chunks_.push_back(std::move(c));
  open_.clear();
  open_events_ = 0;
}

void EventRing::evict(const Visit& evicted) {
  uint64_t newest = open_events_ ? open_last_ts_ : (chunks_.empty() ? 0 : chunks_.back().last_ts);
  while (!chunks_.empty()) {
    const Chunk& c = chunks_.front();
    bool too_old = newest > window_ns_ && c.last_ts < newest - window_ns_;
    bool too_big = memory() > mem_limit_;
    if (!too_old && !too_big) break;
    if (evicted) {
      scratch_.resize(c.raw_size);
      int n = LZ4_decompress_safe(c.lz4.data(), scratch_.data(), static_cast<int>(c.lz4.size()),
                                  static_cast<int>(c.raw_size));
      if (n != static_cast<int>(c.raw_size)) throw std::runtime_error("corrupt chunk in the event history");
      replay(scratch_.data(), c.raw_size, evicted);
    }
    compressed_bytes_ -= c.lz4.capacity();
    chunks_.pop_front();
  }
}

void EventRing::replay(const char* data, size_t size, const Visit& fn) {
  scap::EventView ev;
  size_t off = 0;
  while (off + sizeof(Head) <= size) {
    Head h;
    std::memcpy(&h, data + off, sizeof h);
    off += sizeof h;
    ev.ts = h.ts;
    ev.tid = h.tid;
    ev.type = h.type;
    ev.cpu = h.cpu;
    ev.info = &scap::event_info(h.type);
    ev.nparams = std::min<uint32_t>(h.nparams, scap::kMaxParams);
    ev.wire_nparams = ev.nparams;
    for (uint32_t i = 0; i < h.nparams; ++i) {
      uint32_t len;
      std::memcpy(&len, data + off, 4);
      if (i < ev.nparams) ev.params[i] = scap::Param{reinterpret_cast<const uint8_t*>(data + off + 4), len};
      off += 4 + len;
    }
    fn(ev);
  }
}

void EventRing::visit(const Visit& fn) const {
  for (const Chunk& c : chunks_) {
    scratch_.resize(c.raw_size);
    int n = LZ4_decompress_safe(c.lz4.data(), scratch_.data(), static_cast<int>(c.lz4.size()),
                                static_cast<int>(c.raw_size));
    if (n != static_cast<int>(c.raw_size)) throw std::runtime_error("corrupt chunk in the event history");
    replay(scratch_.data(), c.raw_size, fn);
  }
  replay(reinterpret_cast<const char*>(open_.data()), open_.size(), fn);
}

void EventRing::clear() {
  chunks_.clear();
  compressed_bytes_ = 0;
  open_.clear();
  open_events_ = 0;
}

uint64_t EventRing::oldest_ts() const {
  if (!chunks_.empty()) return chunks_.front().first_ts;
  return open_events_ ? open_first_ts_ : 0;
}

}  // namespace saker::capture
