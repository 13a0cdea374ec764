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
  uint64_t returned = 0;  // bytes the call read or wrote (its result)
  std::string data;       // the bytes captured: fewer than returned when the capture's snaplen cut them
  // Bytes the call moved that the capture does not hold.
  uint64_t missing() const { return returned > data.size() ? returned - data.size() : 0; }
};

struct FollowResult {
  std::vector<StreamChunk> chunks;
  uint64_t returned_read = 0, returned_written = 0;  // what the calls returned
  uint64_t captured_read = 0, captured_written = 0;  // what the capture holds of it
  bool truncated = false;                            // stopped at the size limit
  std::string error;
};

// The fd the cursor's event used; false when it used none.
bool fd_key_at(const EventCursor& cursor, FdKey& key);

FollowResult follow_fd(const CaptureInfo& info, const FdKey& key, const std::atomic<bool>& cancel,
                       size_t limit_bytes = size_t{64} << 20);

// The stream as text: each chunk headed by its direction, event number and sizes, data
// printable, and a marker where the capture cut the data short.
std::string stream_text(const FollowResult& r);
// A chunk's heading ("<< read event 12: 11502 bytes returned, 80 captured") and the marker
// after its data when bytes are missing ("" otherwise).
std::string chunk_heading(const StreamChunk& c);
std::string missing_marker(const StreamChunk& c);

}  // namespace saker::inspector
