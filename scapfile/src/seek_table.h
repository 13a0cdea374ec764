// The seek table of zstd's "seekable format" (facebook/zstd
// contrib/seekable_format/zstd_seekable_compression_format.md): a skippable frame at the end
// of the file listing each independent zstd frame's compressed and decompressed size, so a
// reader can jump to an uncompressed offset by decompressing one frame.
//
//   0x184D2A5E (u32) | frame size (u32) | entries | frame count (u32) | descriptor (u8) | 0x8F92EAB1
//   entry: compressed size (u32), decompressed size (u32), [checksum (u32): the low 32 bits of
//   the XXH64 of the frame's data, which is what a zstd frame's own content checksum holds]
// All little-endian.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace saker::scap::detail {

inline constexpr uint32_t kSkippableMagic = 0x184D2A5E;
inline constexpr uint32_t kSeekableMagic = 0x8F92EAB1;
inline constexpr uint8_t kSeekChecksumFlag = 0x80;
inline constexpr uint8_t kSeekReservedBits = 0x7C;
inline constexpr size_t kSeekFooterSize = 9;
// Frames a table may list: what one frame per second or per 2 MiB gives for years of
// recording, and a bound on what a hostile table makes the reader allocate (16 bytes each).
inline constexpr uint32_t kMaxSeekFrames = 1u << 22;

struct SeekEntry {
  uint32_t compressed = 0, decompressed = 0, checksum = 0;
};

// Appends the whole seek table frame (with checksums) for `frames`.
void append_seek_table(std::vector<uint8_t>& out, const std::vector<SeekEntry>& frames);

// A parsed, consistent table: frame i holds compressed bytes [cstart[i], cstart[i+1]) and
// uncompressed bytes [dstart[i], dstart[i+1]); cstart.back() is where the table starts.
struct SeekIndex {
  std::vector<uint64_t> cstart, dstart;
  std::vector<uint32_t> checksum;  // empty without checksums
  size_t frames() const { return cstart.empty() ? 0 : cstart.size() - 1; }
  // The frame holding uncompressed offset `offset` (frames() when offset is the end).
  size_t frame_of(uint64_t offset) const;
};

// A table that is there but cannot be used; `offset` is in the compressed file.
struct SeekTableError : std::runtime_error {
  SeekTableError(uint64_t at, const std::string& what) : std::runtime_error(what), offset(at) {}
  uint64_t offset;
};

// Reads up to n bytes at a file offset; returns how many it got.
using ReadAt = std::function<size_t(uint64_t offset, void* dst, size_t n)>;

// The table at the end of a file of `file_size` bytes: nullopt when there is none (no
// seekable magic in the last four bytes), SeekTableError when it is damaged or does not
// describe the file (truncated, reserved bits set, frames not adding up to the table's place).
std::optional<SeekIndex> parse_seek_table(uint64_t file_size, const ReadAt& read_at);

}  // namespace saker::scap::detail
