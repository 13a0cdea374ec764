#include "chunk_source.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace saker::scap {

namespace {

struct Chunk {
  std::unique_ptr<uint8_t[]> bytes;
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
    chunk_.bytes.reset(new uint8_t[kSize]);
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
    for (auto& c : chunks_) {
      c.bytes.reset(new uint8_t[kSize]);
      free_.push_back(&c);
    }
    start();
  }
  ~ReadAheadChunks() override { stop(); }

  std::span<const uint8_t> next_chunk() override {
    if (pending_) std::rethrow_exception(std::exchange(pending_, nullptr));
    std::unique_lock lock(mutex_);
    if (held_) {
      free_.push_back(held_);
      held_ = nullptr;
      cv_.notify_all();
    }
    cv_.wait(lock, [&] { return !filled_.empty() || done_; });
    if (filled_.empty()) return {};  // the thread stopped at the end of the stream
    held_ = filled_.front();
    filled_.pop_front();
    return hand_out(*held_, pending_);
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

  void start() {
    stopping_ = done_ = false;
    filled_.clear();
    free_.clear();
    held_ = nullptr;
    for (auto& c : chunks_) free_.push_back(&c);
    thread_ = std::thread([this] { run(); });
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  void run() {
    for (;;) {
      Chunk* c;
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] { return !free_.empty() || stopping_; });
        if (stopping_) break;
        c = free_.front();
        free_.pop_front();
      }
      fill(*src_, *c, kSize);  // outside the lock: this is the work being overlapped
      std::lock_guard lock(mutex_);
      bool last = c->len == 0 || c->error;
      if (c->len > 0 || c->error) filled_.push_back(c);
      if (last) {
        done_ = true;
        cv_.notify_all();
        break;
      }
      cv_.notify_all();
    }
  }

  Chunk chunks_[kCount];
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Chunk*> free_, filled_;
  Chunk* held_ = nullptr;  // handed to the consumer
  bool stopping_ = false, done_ = false;
  std::exception_ptr pending_;
  std::thread thread_;
};

}  // namespace

std::unique_ptr<ChunkSource> make_chunk_source(std::unique_ptr<ByteSource> src, bool read_ahead) {
  if (read_ahead) return std::make_unique<ReadAheadChunks>(std::move(src));
  return std::make_unique<SyncChunks>(std::move(src));
}

}  // namespace saker::scap
