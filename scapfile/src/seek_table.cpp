#include "seek_table.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace saker::scap::detail {

namespace {

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  const uint8_t b[4] = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
                        static_cast<uint8_t>(v >> 24)};
  out.insert(out.end(), b, b + 4);
}

uint32_t get_u32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

}  // namespace

void append_seek_table(std::vector<uint8_t>& out, const std::vector<SeekEntry>& frames) {
  const uint32_t n = static_cast<uint32_t>(frames.size());
  put_u32(out, kSkippableMagic);
  put_u32(out, n * 12 + static_cast<uint32_t>(kSeekFooterSize));
  for (const auto& f : frames) {
    put_u32(out, f.compressed);
    put_u32(out, f.decompressed);
    put_u32(out, f.checksum);
  }
  put_u32(out, n);
  out.push_back(kSeekChecksumFlag);
  put_u32(out, kSeekableMagic);
}

size_t SeekIndex::frame_of(uint64_t offset) const {
  auto it = std::upper_bound(dstart.begin(), dstart.end(), offset);
  return static_cast<size_t>(it - dstart.begin()) - 1;
}

std::optional<SeekIndex> parse_seek_table(uint64_t file_size, const ReadAt& read_at) {
  if (file_size < 8 + kSeekFooterSize) return std::nullopt;
  uint8_t footer[kSeekFooterSize];
  const uint64_t footer_at = file_size - kSeekFooterSize;
  if (read_at(footer_at, footer, sizeof footer) != sizeof footer)
    throw SeekTableError(footer_at, "cannot read the seek table footer");
  if (get_u32(footer + 5) != kSeekableMagic) return std::nullopt;
  const uint32_t n = get_u32(footer);
  const uint8_t desc = footer[4];
  if (desc & kSeekReservedBits)
    throw SeekTableError(footer_at + 4,
                         fmt::format("seek table descriptor 0x{:02x} has reserved bits set", desc));
  if (n > kMaxSeekFrames)
    throw SeekTableError(
        footer_at, fmt::format("seek table lists {} frames, more than the {} accepted", n, kMaxSeekFrames));
  const uint32_t entry = (desc & kSeekChecksumFlag) ? 12 : 8;
  const uint64_t table_size = 8 + uint64_t{n} * entry + kSeekFooterSize;
  if (table_size > file_size)
    throw SeekTableError(footer_at, fmt::format("seek table of {} frames needs {} bytes, the file has {} "
                                                "(truncated?)",
                                                n, table_size, file_size));
  const uint64_t table_at = file_size - table_size;
  uint8_t head[8];
  if (read_at(table_at, head, 8) != 8) throw SeekTableError(table_at, "cannot read the seek table header");
  if (get_u32(head) != kSkippableMagic)
    throw SeekTableError(table_at, fmt::format("seek table frame starts with 0x{:08x}, not the skippable "
                                               "frame magic 0x{:08x} (truncated or damaged?)",
                                               get_u32(head), kSkippableMagic));
  if (get_u32(head + 4) != table_size - 8)
    throw SeekTableError(table_at + 4, fmt::format("seek table frame size {} does not match its {} entries",
                                                   get_u32(head + 4), n));

  SeekIndex ix;
  ix.cstart.reserve(n + 1);
  ix.dstart.reserve(n + 1);
  if (entry == 12) ix.checksum.reserve(n);
  ix.cstart.push_back(0);
  ix.dstart.push_back(0);
  std::vector<uint8_t> buf(std::min<uint64_t>(uint64_t{n} * entry, 12u * 4096u));
  uint64_t at = table_at + 8;
  for (uint32_t i = 0; i < n;) {
    const uint32_t batch = std::min<uint32_t>(n - i, static_cast<uint32_t>(buf.size() / entry));
    if (read_at(at, buf.data(), size_t{batch} * entry) != size_t{batch} * entry)
      throw SeekTableError(at, "cannot read the seek table entries");
    for (uint32_t k = 0; k < batch; ++k, ++i, at += entry) {
      const uint8_t* e = buf.data() + size_t{k} * entry;
      const uint32_t c = get_u32(e), d = get_u32(e + 4);
      if (c == 0) throw SeekTableError(at, fmt::format("seek table entry {} has a compressed size of 0", i));
      ix.cstart.push_back(ix.cstart.back() + c);
      ix.dstart.push_back(ix.dstart.back() + d);
      if (entry == 12) ix.checksum.push_back(get_u32(e + 8));
      if (ix.cstart.back() > table_at)
        throw SeekTableError(at,
                             fmt::format("seek table entry {} ends at compressed offset {}, past the table "
                                         "at {}",
                                         i, ix.cstart.back(), table_at));
    }
  }
  if (ix.cstart.back() != table_at)
    throw SeekTableError(table_at, fmt::format("the {} frames of the seek table end at compressed offset {}, "
                                               "but the table starts at {}",
                                               n, ix.cstart.back(), table_at));
  return ix;
}

}  // namespace saker::scap::detail
