// Capture-reading harnesses: whole files, compressed streams and single blocks.
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <stdexcept>
#include <vector>

#include "harness.h"
#include "saker/scap/block_types.h"
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

}  // namespace

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
