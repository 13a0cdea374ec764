// Reads a BPF ring buffer map directly from its mmap'ed pages. Unlike libbpf's consumer,
// which publishes the consumer position after every record, this publishes it once per
// batch: every publication moves a cache line the producers read on each reservation, so
// per-record publication makes the traced programs pay for the reader.
#pragma once

#include <cstddef>
#include <cstdint>

namespace saker::driver {

class RingReader {
 public:
  // Maps the ring of `map_fd` (`size` bytes of data). Throws DriverError.
  RingReader(int map_fd, size_t size);
  ~RingReader();
  RingReader(const RingReader&) = delete;
  RingReader& operator=(const RingReader&) = delete;

  // Waits up to timeout_ms for the kernel's wakeup (0: no wait). False on EINTR.
  bool wait(int timeout_ms);
  // Bytes queued by the kernel and not consumed yet.
  size_t used() const {
    uint64_t cons = __atomic_load_n(consumer_pos_, __ATOMIC_ACQUIRE);
    uint64_t prod = __atomic_load_n(producer_pos_, __ATOMIC_ACQUIRE);
    return static_cast<size_t>(prod - cons);
  }
  // Hands each committed record to fn(ctx, data, len), then releases them all at once.
  // Returns the number of records.
  template <typename Fn>
  size_t consume(Fn&& fn) {
    uint64_t cons = __atomic_load_n(consumer_pos_, __ATOMIC_ACQUIRE);
    uint64_t prod = __atomic_load_n(producer_pos_, __ATOMIC_ACQUIRE);
    size_t n = 0;
    while (cons < prod) {
      auto* hdr = reinterpret_cast<const uint32_t*>(data_ + (cons & mask_));
      uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
      if (len & kBusy) break;
      uint32_t body = len & ~(kBusy | kDiscard);
      if (!(len & kDiscard)) {
        fn(data_ + (cons & mask_) + kHeader, body);
        ++n;
      }
      cons += (body + kHeader + 7) & ~uint64_t{7};
      if (cons >= prod) prod = __atomic_load_n(producer_pos_, __ATOMIC_ACQUIRE);
    }
    __atomic_store_n(consumer_pos_, cons, __ATOMIC_RELEASE);
    return n;
  }

 private:
  static constexpr uint32_t kBusy = 1u << 31, kDiscard = 1u << 30, kHeader = 8;
  int epfd_ = -1;
  size_t page_, size_;
  void* cons_map_ = nullptr;
  void* prod_map_ = nullptr;
  uint64_t* consumer_pos_ = nullptr;
  const uint64_t* producer_pos_ = nullptr;
  const uint8_t* data_ = nullptr;
  uint64_t mask_;
};

}  // namespace saker::driver
