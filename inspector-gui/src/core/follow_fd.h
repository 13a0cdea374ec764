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
  // Every stream of the capture (a process's fd with one name that read or wrote data), in the
  // order of their first read or write, and where the followed one is among them: Wireshark's
  // stream index, for next/previous stream.
  std::vector<FdKey> streams;
  size_t stream_index = 0;
  uint64_t returned_read = 0, returned_written = 0;  // what the calls returned
  uint64_t captured_read = 0, captured_written = 0;  // what the capture holds of it
  bool truncated = false;                            // stopped at the size limit
  std::string error;
};

// The fd the cursor's event used; false when it used none.
bool fd_key_at(const EventCursor& cursor, FdKey& key);

FollowResult follow_fd(const CaptureInfo& info, const FdKey& key, const std::atomic<bool>& cancel,
                       size_t limit_bytes = size_t{64} << 20);

// How the stream view shows data, as Wireshark's Follow Stream "Show data as".
enum class StreamFormat {
  Ascii,    // printable ASCII, other bytes as dots
  Utf8,     // UTF-8 text (the view decodes it), control bytes as dots
  HexDump,  // offset, 16 bytes in hex, their ASCII; offsets count each direction on its own
  Raw,      // the bytes in hex, 32 per line
};
// Which side of the conversation is shown.
enum class StreamSide { Both, Reads, Writes };

bool side_shows(StreamSide side, const StreamChunk& c);

// A chunk's data in `format`, ending with a line break when not empty; `offset` is where the
// chunk starts within its direction (the hex dump's offsets).
std::string chunk_body(const StreamChunk& c, StreamFormat format, uint64_t offset);

// The stream as text: each chunk of `side` headed by its direction, event number and sizes,
// its data in `format`, and a marker where the capture cut the data short.
std::string stream_text(const FollowResult& r, StreamFormat format = StreamFormat::Ascii,
                        StreamSide side = StreamSide::Both);
// The captured bytes of `side`, in order, nothing added (Save as in Raw).
std::string stream_bytes(const FollowResult& r, StreamSide side);
// Saves the stream of `side` to `path`: the text as `format` shows it, or the captured bytes
// themselves for Raw (what Wireshark's Save as writes). Evidence-safe (scap::SafeOutput): the
// file is written beside and renamed into place, never over `protect` (the capture and its
// plain copy), a symbolic link or a device. An existing regular file is replaced (the save
// dialog asked). "" when saved, else why not.
std::string save_stream(const FollowResult& r, StreamFormat format, StreamSide side, const std::string& path,
                        const std::vector<std::string>& protect);
// The filter that lists the stream's events: `proc.pid = 7 and fd.num = 3 and fd.name = ...`.
std::string stream_filter(const FdKey& key);
// A chunk's heading ("<< read event 12: 11502 bytes returned, 80 captured") and the marker
// after its data when bytes are missing ("" otherwise).
std::string chunk_heading(const StreamChunk& c);
std::string missing_marker(const StreamChunk& c);

}  // namespace saker::inspector
