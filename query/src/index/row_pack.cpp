#include "index/row_pack.h"

namespace saker::query::row_pack {

namespace {

uint64_t zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t unzigzag(uint64_t v) {
  return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
}

}  // namespace

void Encoder::start(uint64_t first_num) {
  out_.clear();
  varint(first_num);  // a check that the pack is the one its row says
  num_ = first_num;
  offset_ = 0;
  pid_ = 0;
}

void Encoder::varint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

void Encoder::add(const Row& r) {
  varint(r.mask);
  varint(r.num - num_);
  num_ = r.num;
  varint(zigzag(static_cast<int64_t>(r.offset - offset_)));
  offset_ = r.offset;
  if (r.mask & kPid) {
    varint(zigzag(static_cast<int64_t>(static_cast<uint64_t>(r.pid) - static_cast<uint64_t>(pid_))));
    pid_ = r.pid;
  }
  if (r.mask & kFd) varint(zigzag(r.fd));
  if (r.mask & kFdName) varint(r.fd_name_id);
  if (r.mask & kProcName) varint(r.proc_name_id);
  if (r.mask & kUser) varint(r.user_id);
  if (r.mask & kContainer) varint(r.container_id);
  if (r.mask & kFdType) varint(r.fd_type);
  if (r.mask & kPname) varint(r.pname_id);
  if (r.mask & kRender) {
    varint(r.render.size());
    out_.append(r.render);
  }
}

void Decoder::start(std::string_view pack, uint64_t first_num) {
  pack_ = pack;
  at_ = 0;
  num_ = first_num;
  offset_ = 0;
  pid_ = 0;
  uint64_t first = 0;
  malformed_ = !varint(first) || first != first_num;
}

bool Decoder::varint(uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (at_ >= pack_.size()) return false;
    uint8_t b = static_cast<uint8_t>(pack_[at_++]);
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

bool Decoder::next(Row& r) {
  if (at_ >= pack_.size() || malformed_) return false;
  uint64_t v;
  auto fail = [&] {
    malformed_ = true;
    return false;
  };
  if (!varint(v) || v > 0x1FF) return fail();
  r.mask = static_cast<uint16_t>(v);
  if (!varint(v)) return fail();
  num_ += v;
  r.num = num_;
  if (!varint(v)) return fail();
  offset_ += static_cast<uint64_t>(unzigzag(v));
  r.offset = offset_;
  if (r.mask & kPid) {
    if (!varint(v)) return fail();
    pid_ = static_cast<int64_t>(static_cast<uint64_t>(pid_) + static_cast<uint64_t>(unzigzag(v)));
    r.pid = pid_;
  }
  if (r.mask & kFd) {
    if (!varint(v)) return fail();
    r.fd = unzigzag(v);
  }
  if ((r.mask & kFdName) && !varint(r.fd_name_id)) return fail();
  if ((r.mask & kProcName) && !varint(r.proc_name_id)) return fail();
  if ((r.mask & kUser) && !varint(r.user_id)) return fail();
  if ((r.mask & kContainer) && !varint(r.container_id)) return fail();
  if ((r.mask & kFdType) && !varint(r.fd_type)) return fail();
  if ((r.mask & kPname) && !varint(r.pname_id)) return fail();
  r.render = {};
  if (r.mask & kRender) {
    if (!varint(v) || v > pack_.size() - at_) return fail();
    r.render = pack_.substr(at_, v);
    at_ += v;
  }
  return true;
}

}  // namespace saker::query::row_pack
