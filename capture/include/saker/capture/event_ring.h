// The bounded in-memory history of a triggered recording: events serialized into chunks,
// each chunk lz4-compressed when full, oldest chunks dropped first when the history is
// older than its window or larger than its memory bound.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "saker/scap/event.h"

namespace saker::capture {

class EventRing {
 public:
  using Visit = std::function<void(const scap::EventView&)>;

  // `mem_limit`: bytes the ring may hold (compressed chunks plus the open chunk);
  // `window_ns`: how far back it keeps events.
  EventRing(size_t mem_limit, uint64_t window_ns, size_t chunk_bytes = 256 * 1024);

  // Appends an event. Events dropped to stay within the bounds go to `evicted`, oldest first.
  void push(const scap::EventView& ev, const Visit& evicted);
  // Every held event, oldest first.
  void visit(const Visit& fn) const;
  void clear();

  size_t memory() const { return compressed_bytes_ + open_.capacity(); }
  size_t peak_memory() const { return peak_; }
  size_t mem_limit() const { return mem_limit_; }
  uint64_t events() const { return events_; }
  uint64_t oldest_ts() const;

 private:
  struct Chunk {
    std::vector<char> lz4;
    uint32_t raw_size = 0;
    uint64_t first_ts = 0, last_ts = 0;
    uint64_t events = 0;
  };
  void seal();
  void evict(const Visit& evicted);
  static void replay(const char* data, size_t size, const Visit& fn);

  size_t mem_limit_;
  uint64_t window_ns_;
  size_t chunk_bytes_;
  std::deque<Chunk> chunks_;
  std::vector<uint8_t> open_;
  uint64_t open_first_ts_ = 0, open_last_ts_ = 0, open_events_ = 0;
  size_t compressed_bytes_ = 0;
  size_t peak_ = 0;
  uint64_t events_ = 0;
  mutable std::vector<char> scratch_;
};

}  // namespace saker::capture
