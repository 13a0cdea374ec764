// Saker's live event source: loads the CO-RE eBPF programs, selects syscalls in the kernel,
// and turns what the kernel sends into scap events (the current libs layout: exit events
// carrying every parameter). docs/record.md describes the design.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "saker/scap/event.h"

namespace saker::driver {

struct DriverError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The most data bytes a read/write event carries (SAKER_MAX_DATA of bpf/raw_event.h).
constexpr uint32_t kMaxSnaplen = 16384;

struct DriverOptions {
  std::vector<std::string> syscalls;  // syscall names to capture (see syscalls.h)
  uint32_t snaplen = 80;              // bytes of read/write data kept per event
  size_t ring_bytes = 8u << 20;       // ring buffer size, a power of two
  bool follow_tree = false;           // only processes added with track() and their descendants
};

struct DriverStats {
  uint64_t events = 0;  // records the kernel queued
  uint64_t drops = 0;   // records lost because the ring buffer was full
  std::vector<uint64_t> drops_per_cpu;
  size_t ring_bytes = 0;      // the ring buffer's size
  size_t ring_used_peak = 0;  // the most it held (found at each poll, before reading it)
};

class Driver {
 public:
  explicit Driver(const DriverOptions& opts);  // throws DriverError naming what failed
  ~Driver();
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  // Follow this process and (from now on) everything it forks.
  void track(pid_t tgid);
  // Waits up to timeout_ms for data, then hands every queued event to `sink` (views valid
  // during the call). New drops since the last poll become drop events. Returns the count.
  size_t poll(int timeout_ms, const std::function<void(const scap::EventView&)>& sink);
  // Hands every queued event to `sink` without waiting, then reports all drops so far:
  // the last call before closing a capture.
  size_t drain(const std::function<void(const scap::EventView&)>& sink);
  DriverStats stats() const;
  // "tp_btf" or "raw_tp": how the programs are attached on this kernel.
  const std::string& attach_mode() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace saker::driver
