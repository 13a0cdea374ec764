// Capture-reading harnesses: whole files, compressed streams and single blocks.
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "harness.h"
#include "saker/scap/block_types.h"
#include "saker/scap/error.h"
#include "saker/scap/reader.h"
#include "support.h"

namespace saker::fuzz {

namespace {

std::vector<uint8_t> gzip(const uint8_t* data, size_t size) {
  z_stream zs{};
  if (deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::vector<uint8_t> out(deflateBound(&zs, size) + 64);
  zs.next_in = const_cast<Bytef*>(data);
  zs.avail_in = static_cast<uInt>(size);
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::vector<uint8_t> zstd(const uint8_t* data, size_t size) {
  std::vector<uint8_t> out(ZSTD_compressBound(size));
  size_t n = ZSTD_compress(out.data(), out.size(), data, size, 1);
  if (ZSTD_isError(n)) throw std::runtime_error("ZSTD_compress");
  out.resize(n);
  return out;
}

void append_u32(std::vector<uint8_t>& v, uint32_t x) {
  uint8_t b[4];
  std::memcpy(b, &x, 4);
  v.insert(v.end(), b, b + 4);
}

// zstd's seekable format: each piece an independent frame with a content checksum, then the
// seek table (checksums being the frames' own, as Saker's writer does).
std::vector<uint8_t> seekable_zstd(const uint8_t* data, size_t size, size_t frame) {
  std::vector<uint8_t> out, table;
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 1);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  uint32_t frames = 0;
  for (size_t at = 0; at < size || frames == 0; at += frame) {
    const size_t n = std::min(frame, size - std::min(at, size));
    std::vector<uint8_t> z(ZSTD_compressBound(n));
    const size_t c = ZSTD_compress2(cctx, z.data(), z.size(), data + std::min(at, size), n);
    if (ZSTD_isError(c)) throw std::runtime_error("ZSTD_compress2");
    out.insert(out.end(), z.begin(), z.begin() + static_cast<std::ptrdiff_t>(c));
    append_u32(table, static_cast<uint32_t>(c));
    append_u32(table, static_cast<uint32_t>(n));
    table.insert(table.end(), z.begin() + static_cast<std::ptrdiff_t>(c) - 4,
                 z.begin() + static_cast<std::ptrdiff_t>(c));
    ++frames;
    if (n == 0) break;
  }
  ZSTD_freeCCtx(cctx);
  append_u32(out, 0x184D2A5E);
  append_u32(out, static_cast<uint32_t>(table.size() + 9));
  out.insert(out.end(), table.begin(), table.end());
  append_u32(out, frames);
  out.push_back(0x80);
  append_u32(out, 0x8F92EAB1);
  return out;
}

}  // namespace

int seekable_capture(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  const uint8_t how = data[0], damage = data[1], where = data[2], what = data[3];
  data += 4;
  size -= 4;
  std::vector<uint8_t> file;
  if (how & 0x80) {
    file.assign(data, data + size);  // a whole file, table and all, as the fuzzer mutated it
  } else {
    file = seekable_zstd(data, size, size_t{64} << (how % 11));
    // Flip bits in the last `where`-th byte (the table sits at the end), or in a frame.
    if (damage && !file.empty()) {
      const size_t at = (damage & 1) ? file.size() - 1 - where % file.size() : (where * 131u) % file.size();
      file[at] ^= what ? what : 1;
    }
  }
  MemFile f(file.data(), file.size());
  std::vector<std::pair<uint64_t, uint64_t>> offsets;  // block offset, event number
  try {
    scap::Reader r(f.path());
    scap::EventView ev;
    while (r.next(ev) && offsets.size() < 256) offsets.emplace_back(ev.offset, ev.num);
  } catch (const scap::CaptureError&) {
  }
  try {
    scap::Reader r(f.path());
    (void)r.random_access();
    scap::EventView ev;
    // Backwards through the events, then to offsets no event starts at.
    for (auto it = offsets.rbegin(); it != offsets.rend(); ++it) {
      try {
        r.seek_event(it->first, it->second);
        for (int k = 0; k < 3 && r.next(ev); ++k) {
        }
      } catch (const scap::CaptureError&) {
      }
    }
    for (uint64_t off : {uint64_t{1}, uint64_t{where} * 97, uint64_t{1} << 20, UINT64_MAX / 2}) {
      try {
        r.seek_event(off, 1);
        for (int k = 0; k < 3 && r.next(ev); ++k) {
        }
      } catch (const scap::CaptureError&) {
      }
    }
  } catch (const scap::CaptureError&) {
  }
  return 0;
}

int capture_file(const uint8_t* data, size_t size) {
  MemFile f(data, size);
  drain_capture(f.path(), false);
  return 0;
}

int compressed_capture(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t how = data[0], cut = data[1];
  data += 2;
  size -= 2;
  auto pack = (how & 1) ? zstd : gzip;
  std::vector<uint8_t> z;
  if (how & 2) {  // two members / frames
    auto a = pack(data, size / 2), b = pack(data + size / 2, size - size / 2);
    z = std::move(a);
    z.insert(z.end(), b.begin(), b.end());
  } else {
    z = pack(data, size);
  }
  if (cut) z.resize(z.size() * cut / 256);
  MemFile f(z.data(), z.size());
  drain_capture(f.path(), false);
  return 0;
}

int single_block(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  uint16_t pick;
  std::memcpy(&pick, data, 2);
  const scap::BlockKind& kind = scap::block_kind_at(pick % scap::block_kind_count());
  data += 2;
  size -= 2;
  std::vector<uint8_t> file;
  // Section header: magic, version 1.2, unknown section length.
  append_u32(file, scap::kSectionHeaderBlock);
  append_u32(file, 28);
  append_u32(file, scap::kByteOrderMagic);
  append_u32(file, 1 | (2u << 16));
  append_u32(file, UINT32_MAX);
  append_u32(file, UINT32_MAX);
  append_u32(file, 28);
  const uint32_t padded = static_cast<uint32_t>((size + 3) & ~size_t{3});
  append_u32(file, kind.family == scap::BlockFamily::Unknown ? 0x5A4B0001 : kind.id);
  append_u32(file, 12 + padded);
  file.insert(file.end(), data, data + size);
  file.resize(file.size() + (padded - size), 0);
  append_u32(file, 12 + padded);
  MemFile f(file.data(), file.size());
  drain_capture(f.path(), true);
  return 0;
}

}  // namespace saker::fuzz
