#include "chunk_source.h"

#include <pthread.h>
#include <sys/mman.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <system_error>
#include <utility>
#include <vector>

namespace saker::scap {

namespace {

// A chunk's memory. Read-ahead chunks are mapped on their own rather than taken from the heap:
// only the pages a read fills are ever touched (a chunk past the end of a small file costs
// nothing), and huge pages are asked for only where a stream will fill them (touching a page is
// what costs most here: zeroing 2 MB for a 10 KB capture cost more than reading it).
#if defined(__SANITIZE_ADDRESS__)
#define SAKER_CHUNKS_ON_THE_HEAP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SAKER_CHUNKS_ON_THE_HEAP 1
#endif
#endif

class ChunkMemory {
 public:
  ChunkMemory() = default;
  ChunkMemory(const ChunkMemory&) = delete;
  ChunkMemory& operator=(const ChunkMemory&) = delete;
  ~ChunkMemory() { release(); }
  // Heap memory, for a buffer that is made and dropped often (a synchronous reader per
  // search or cursor jump): freed heap memory is touched already.
  void allocate(size_t size) {
    release();
    heap_.reset(new uint8_t[size]);
    data_ = heap_.get();
    size_ = size;
  }
  void map(size_t size, bool huge_pages) {
    release();
#ifdef SAKER_CHUNKS_ON_THE_HEAP
    // AddressSanitizer sees a read past a heap block, not past a mapping: sanitizer builds (the
    // fuzzers) keep the chunks on the heap.
    (void)huge_pages;
    allocate(size);
    return;
#else
    void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    if (huge_pages) ::madvise(p, size, MADV_HUGEPAGE);  // a hint: without it, 4 KiB pages
    data_ = static_cast<uint8_t*>(p);
    size_ = size;
#endif
  }
  uint8_t* get() const {
    return data_;
  }

 private:
  void release() {
    if (data_ && !heap_) ::munmap(data_, size_);
    heap_.reset();
    data_ = nullptr;
  }
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  std::unique_ptr<uint8_t[]> heap_;  // allocate()d, or map()ped in a sanitizer build
};

struct Chunk {
  ChunkMemory bytes;
  size_t len = 0;
  std::exception_ptr error;  // raised after these bytes
};

// Fills a chunk until it is full, the stream ends, or a read fails (kept for later).
void fill(ByteSource& src, Chunk& c, size_t capacity) {
  c.len = 0;
  c.error = nullptr;
  try {
    while (c.len < capacity) {
      size_t r = src.read(c.bytes.get() + c.len, capacity - c.len);
      if (r == 0) break;
      c.len += r;
    }
  } catch (...) {
    c.error = std::current_exception();
  }
}

// A filled chunk as the consumer gets it: its bytes, with its error (if any) held back for
// the next call; an error with no bytes before it is raised at once.
std::span<const uint8_t> hand_out(const Chunk& c, std::exception_ptr& pending) {
  if (c.error) {
    if (c.len == 0) std::rethrow_exception(c.error);
    pending = c.error;
  }
  return {c.bytes.get(), c.len};
}

class SyncChunks final : public ChunkSource {
 public:
  explicit SyncChunks(std::unique_ptr<ByteSource> src) : ChunkSource(std::move(src)) {
    chunk_.bytes.allocate(kSize);
  }
  std::span<const uint8_t> next_chunk() override {
    if (pending_) std::rethrow_exception(std::exchange(pending_, nullptr));
    fill(*src_, chunk_, size_);
    size_ = std::min(size_ * 2, kSize);
    return hand_out(chunk_, pending_);
  }
  void seek(uint64_t offset) override {
    pending_ = nullptr;
    src_->seek(offset);
    // After a jump, small reads first: a jump followed by a few events reads (and for a
    // compressed capture decompresses) little past them.
    size_ = kFirstRead;
  }

 private:
  static constexpr size_t kSize = 1 << 20, kFirstRead = 8 * 1024;
  size_t size_ = kSize;
  Chunk chunk_;
  std::exception_ptr pending_;
};

// A reader thread keeps up to kCount chunks filled ahead of the consumer.
class ReadAheadChunks final : public ChunkSource {
 public:
  explicit ReadAheadChunks(std::unique_ptr<ByteSource> src) : ChunkSource(std::move(src)) {
    // A stream that fits in one chunk gets chunks of its size (plus one byte, so that the
    // first read meets its end).
    const uint64_t size = src_->stream_size();
    if (size != 0 && size < kSize) capacity_ = static_cast<size_t>(size) + 1;
    for (auto& c : chunks_) c.bytes.map(capacity_, capacity_ >= kHugePagesFrom);
    start();
  }
  ~ReadAheadChunks() override { stop(); }

  std::span<const uint8_t> next_chunk() override {
    if (pending_) std::rethrow_exception(std::exchange(pending_, nullptr));
    std::unique_lock lock(mutex_);
    if (held_) {
      held_ = false;
      cv_.notify_all();
    }
    cv_.wait(lock, [&] { return filled_ > 0 || done_; });
    if (filled_ == 0) return {};  // the thread stopped at the end of the stream
    const Chunk& c = chunks_[take_];
    take_ = (take_ + 1) % kCount;
    --filled_;
    held_ = true;
    return hand_out(c, pending_);
  }

  void seek(uint64_t offset) override {
    stop();
    pending_ = nullptr;
    src_->seek(offset);
    start();
  }

 private:
  static constexpr size_t kSize = 4 << 20;
  static constexpr size_t kCount = 3;
  // A page fault costs about as much as zeroing 64 KiB (measured here: 14 us for a 4 KiB page,
  // 0.9 ms for a 2 MiB one), so any buffer a read will fill past that is cheaper in huge pages.
  static constexpr size_t kHugePagesFrom = 256 << 10;
  size_t capacity_ = kSize;

  void start() {
    stopping_ = done_ = held_ = false;
    filled_ = fill_ = take_ = 0;
    // pthread_create rather than std::thread: std::thread frees its start state on the new
    // thread, and a thread's first malloc or free makes glibc give it an arena of its own (a
    // heap whose first page, huge with Saker's allocator settings, is zeroed: 2 MB per run).
    // This thread allocates nothing while it reads a plain file.
    if (int err = ::pthread_create(&thread_, nullptr, &ReadAheadChunks::thread_main, this); err != 0)
      throw std::system_error(err, std::generic_category(), "cannot start the read-ahead thread");
    running_ = true;
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (running_) ::pthread_join(thread_, nullptr);
    running_ = false;
  }

  static void* thread_main(void* self) {
    static_cast<ReadAheadChunks*>(self)->run();
    return nullptr;
  }

  void run() {
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] { return filled_ + held_ < kCount || stopping_; });
        if (stopping_) break;
      }
      Chunk& c = chunks_[fill_];
      fill(*src_, c, capacity_);  // outside the lock: this is the work being overlapped
      std::lock_guard lock(mutex_);
      // A chunk not filled met the end of the stream (or an error): no read after it.
      bool last = c.len < capacity_ || c.error;
      if (c.len > 0 || c.error) {
        ++filled_;
        fill_ = (fill_ + 1) % kCount;
      }
      if (last) {
        done_ = true;
        cv_.notify_all();
        break;
      }
      cv_.notify_all();
    }
  }

  // Chunks are filled and handed out in ring order: the thread fills chunks_[fill_], the
  // consumer takes chunks_[take_]; `filled_` wait for the consumer, which holds at most one.
  // (No queue: its allocations on the thread would give the thread an arena, see start().)
  Chunk chunks_[kCount];
  std::mutex mutex_;
  std::condition_variable cv_;
  size_t filled_ = 0, fill_ = 0, take_ = 0;
  bool held_ = false;  // chunks_[take_ - 1] is the consumer's
  bool stopping_ = false, done_ = false;
  std::exception_ptr pending_;
  pthread_t thread_{};
  bool running_ = false;
};

}  // namespace

std::unique_ptr<ChunkSource> make_chunk_source(std::unique_ptr<ByteSource> src, bool read_ahead) {
  if (read_ahead) return std::make_unique<ReadAheadChunks>(std::move(src));
  return std::make_unique<SyncChunks>(std::move(src));
}

}  // namespace saker::scap
