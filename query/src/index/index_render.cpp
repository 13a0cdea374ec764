#include "index/index_render.h"

#include "index/index_format.h"
#include "saker/replay/state.h"

namespace saker::query::index_render {

namespace {

uint64_t zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t unzigzag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>(v | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

bool get_varint(std::string_view in, size_t& i, uint64_t& v) {
  v = 0;
  for (int shift = 0; shift <= 63; shift += 7) {
    if (i >= in.size()) return false;
    uint8_t b = static_cast<uint8_t>(in[i++]);
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

bool ask(const scap::RenderContext& ctx, const scap::EventView& ev, const scap::Resolution& r,
         std::string& out) {
  switch (r.kind) {
    case scap::Resolution::Fd:
      return ctx.describe_fd(ev, r.value, out);
    case scap::Resolution::Thread:
      return ctx.thread_name(r.value, out);
    case scap::Resolution::User:
      return ctx.user_name(static_cast<uint32_t>(r.value), out);
    case scap::Resolution::Group:
      return ctx.group_name(static_cast<uint32_t>(r.value), out);
    case scap::Resolution::Path:
      return ctx.resolve_path(ev, static_cast<uint32_t>(r.value), out);
    case scap::Resolution::FdTypeChar:
      return ctx.fd_typechar(ev, r.value, out);
  }
  return false;
}

}  // namespace

bool implicit_answer(const IndexedValues& row, const scap::Resolution& r, std::string& out) {
  if (r.kind != scap::Resolution::Fd || !row.has_fd || !row.has_fd_name || r.value != row.fd_num)
    return false;
  replay::describe_fd_type(static_cast<scap::FdType>(row.fd_type), static_cast<replay::L4Proto>(row.fd_l4),
                           row.fd_name.empty(), out);
  out += row.fd_name;
  return true;
}

const std::string& Recorder::record(const scap::EventView& ev, const IndexedValues& row,
                                    const scap::RenderContext& state) {
  list_.clear();
  bool implicit = true;
  scap::for_each_resolution(ev, [&](const scap::Resolution& r) {
    if (!implicit) return;
    actual_.clear();
    implied_.clear();
    bool a = ask(state, ev, r, actual_);
    bool b = implicit_answer(row, r, implied_);
    implicit = a == b && (!a || actual_ == implied_);
  });
  if (implicit) return list_;
  scap::for_each_resolution(ev, [&](const scap::Resolution& r) {
    actual_.clear();
    bool answered = ask(state, ev, r, actual_);
    list_ += static_cast<char>((r.kind & 3) | (answered ? 4 : 0) | (r.kind & 4 ? 8 : 0));
    put_varint(list_, zigzag(r.value));
    if (answered) {
      put_varint(list_, actual_.size());
      list_ += actual_;
    }
  });
  return list_;
}

bool Replayer::load(const IndexedValues* row, std::string_view list) {
  row_ = row;
  entries_.clear();
  text_.assign(list.data(), list.size());
  size_t i = 0;
  while (i < text_.size()) {
    uint8_t flags = static_cast<uint8_t>(text_[i++]);
    if (flags > 15 || (flags & 8 && (flags & 3) > 1)) return false;
    uint64_t value = 0, len = 0;
    if (!get_varint(text_, i, value)) return false;
    const auto kind = static_cast<scap::Resolution::Kind>((flags & 3) | ((flags & 8) >> 1));
    Entry e{{kind, unzigzag(value)}, (flags & 4) != 0, 0, 0};
    if (e.answered) {
      if (!get_varint(text_, i, len) || len > text_.size() - i) return false;
      e.at = static_cast<uint32_t>(i);
      e.len = static_cast<uint32_t>(len);
      i += len;
    }
    entries_.push_back(e);
  }
  return true;
}

bool Replayer::find(scap::Resolution::Kind kind, int64_t value, std::string& out) const {
  if (!text_.empty()) {
    for (const Entry& e : entries_)
      if (e.r.kind == kind && e.r.value == value) {
        if (e.answered) out.append(text_, e.at, e.len);
        return e.answered;
      }
    return false;
  }
  return row_ && implicit_answer(*row_, {kind, value}, out);
}

bool Replayer::describe_fd(const scap::EventView&, int64_t fd, std::string& out) const {
  return find(scap::Resolution::Fd, fd, out);
}

bool Replayer::thread_name(int64_t tid, std::string& out) const {
  return find(scap::Resolution::Thread, tid, out);
}

bool Replayer::user_name(uint32_t uid, std::string& out) const {
  return find(scap::Resolution::User, uid, out);
}

bool Replayer::group_name(uint32_t gid, std::string& out) const {
  return find(scap::Resolution::Group, gid, out);
}

bool Replayer::resolve_path(const scap::EventView&, uint32_t index, std::string& out) const {
  return find(scap::Resolution::Path, index, out);
}

bool Replayer::fd_typechar(const scap::EventView&, int64_t fd, std::string& out) const {
  return find(scap::Resolution::FdTypeChar, fd, out);
}

}  // namespace saker::query::index_render
