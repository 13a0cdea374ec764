// Follow an fd: the data a process read from and wrote to one file, pipe or connection,
// in order, like Wireshark's Follow Stream.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "capture_store.h"

namespace saker::inspector {

struct FdKey {
  int64_t pid = -1;
  int64_t fd = -1;
  std::string name;  // fd.name when selected: a reused fd number with another name is not followed
};

struct StreamChunk {
  uint64_t num = 0, ts = 0;
  bool write = false;
  std::string data;
};

struct FollowResult {
  std::vector<StreamChunk> chunks;
  uint64_t bytes_read = 0, bytes_written = 0;
  bool truncated = false;  // stopped at the size limit
  std::string error;
};

// The fd the cursor's event used; false when it used none.
bool fd_key_at(const EventCursor& cursor, FdKey& key);

FollowResult follow_fd(const CaptureInfo& info, const FdKey& key, const std::atomic<bool>& cancel,
                       size_t limit_bytes = size_t{64} << 20);

// The stream as text: each chunk headed by its direction and event number, data printable.
std::string stream_text(const FollowResult& r);

}  // namespace saker::inspector
