// Row packs: the event_rows columns an index-answered search reads, for a run of consecutive
// events, in one blob (table row_packs, docs/index.md). A search with dense candidates walks
// the packs in order and decodes a row in a few nanoseconds, where looking each candidate's
// row up in event_rows costs microseconds.
//
//   pack := varint(first_num) row...
//   row := varint(mask)
//          varint(num - previous num)          (the pack's first row: num - first_num)
//          varint(zigzag(offset - previous offset))
//          [varint(zigzag(pid - previous pid))]  mask bit 0 (previous pid: 0 at the pack start)
//          [varint(zigzag(fd))]                   bit 1
//          [varint(fd_name_id)]                   bit 2
//          [varint(proc_name_id)]                 bit 3
//          [varint(user_id)]                      bit 4
//          [varint(container_id)]                 bit 5
//          [varint(fd_type)]                      bit 6
//          [varint(pname_id)]                     bit 7
//          [varint(length) render bytes]          bit 8
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace saker::query::row_pack {

enum Mask : uint16_t {
  kPid = 1,
  kFd = 2,
  kFdName = 4,
  kProcName = 8,
  kUser = 16,
  kContainer = 32,
  kFdType = 64,
  kPname = 128,
  kRender = 256,
};

struct Row {
  uint64_t num = 0, offset = 0;
  uint16_t mask = 0;
  int64_t pid = 0, fd = 0;
  uint64_t fd_name_id = 0, proc_name_id = 0, user_id = 0, container_id = 0, fd_type = 0, pname_id = 0;
  std::string_view render;  // into the pack
};

class Encoder {
 public:
  void start(uint64_t first_num);
  void add(const Row& r);
  const std::string& bytes() const { return out_; }

 private:
  void varint(uint64_t v);
  std::string out_;
  uint64_t num_ = 0, offset_ = 0;
  int64_t pid_ = 0;
};

// Reads the rows of one pack in order. next() returns false at the end and when the bytes
// are malformed (then malformed() is true); it never reads outside the pack.
class Decoder {
 public:
  void start(std::string_view pack, uint64_t first_num);
  bool next(Row& r);
  bool malformed() const { return malformed_; }

 private:
  bool varint(uint64_t& v);
  std::string_view pack_;
  size_t at_ = 0;
  uint64_t num_ = 0, offset_ = 0;
  int64_t pid_ = 0;
  bool malformed_ = false;
};

}  // namespace saker::query::row_pack
