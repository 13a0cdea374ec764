#include "follow_fd.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include <fmt/format.h>

#include "filter_text.h"
#include "saker/scap/safe_output.h"
#include "whole_capture_pass.h"

namespace saker::inspector {

bool fd_key_at(const EventCursor& cursor, FdKey& key) {
  const replay::State& st = cursor.state();
  const replay::ThreadInfo* t = st.current_thread();
  const replay::FdInfo* fd = st.current_fd();
  if (!t || !fd || st.current_fd_num() < 0) return false;
  key.pid = static_cast<int64_t>(t->pid);
  key.fd = st.current_fd_num();
  key.name = fd->name;
  return true;
}

namespace {

// The streams seen so far, by (pid, fd number); a number reused with another name is another
// stream. Only a new stream allocates.
class StreamList {
 public:
  explicit StreamList(std::vector<FdKey>& out) : out_(out) {}
  void see(int64_t pid, int64_t fd, const std::string& name) {
    auto& indexes = by_fd_[Slot{pid, fd}];
    if (!indexes.empty() && out_[indexes.back()].name == name) return;
    for (size_t i : indexes)
      if (out_[i].name == name) return;
    indexes.push_back(out_.size());
    out_.push_back(FdKey{pid, fd, name});
  }

 private:
  struct Slot {
    int64_t pid, fd;
    bool operator==(const Slot&) const = default;
  };
  struct SlotHash {
    size_t operator()(const Slot& s) const {
      return std::hash<int64_t>()(s.pid) * 31 + std::hash<int64_t>()(s.fd);
    }
  };
  std::vector<FdKey>& out_;
  std::unordered_map<Slot, std::vector<size_t>, SlotHash> by_fd_;
};

}  // namespace

FollowResult follow_fd(const CaptureInfo& info, const FdKey& key, const std::atomic<bool>& cancel,
                       size_t limit_bytes) {
  FollowResult r;
  StreamList streams(r.streams);
  size_t total = 0;
  PassHooks hooks;
  hooks.cancel = &cancel;
  auto each = [&](PassContext& pc, const scap::EventView& ev) {
    uint32_t io = ev.info->flags & (scap::kReadsFromFd | scap::kWritesToFd);
    if (!io || ev.is_enter()) return true;
    const replay::State& state = pc.pass.state();
    const replay::ThreadInfo* t = state.current_thread();
    const replay::FdInfo* fd = state.current_fd();
    if (!t || !fd || state.current_fd_num() < 0) return true;
    const scap::Param* data = ev.param("data");
    const scap::Param* res = ev.param("res");
    int64_t returned = res && !res->empty() ? res->as<int64_t>() : 0;
    if ((!data || data->empty()) && returned <= 0) return true;
    const auto pid = static_cast<int64_t>(t->pid);
    streams.see(pid, state.current_fd_num(), fd->name);
    if (r.truncated || pid != key.pid || state.current_fd_num() != key.fd || fd->name != key.name)
      return true;
    StreamChunk c;
    c.num = ev.num;
    c.ts = ev.ts;
    c.write = (io & scap::kWritesToFd) != 0;
    c.returned = returned > 0 ? static_cast<uint64_t>(returned) : 0;
    size_t take = data ? std::min<size_t>(data->len, limit_bytes - total) : 0;
    if (take) c.data.assign(reinterpret_cast<const char*>(data->data), take);
    (c.write ? r.captured_written : r.captured_read) += take;
    (c.write ? r.returned_written : r.returned_read) += c.returned;
    total += take;
    r.chunks.push_back(std::move(c));
    r.truncated = total >= limit_bytes;
    return true;
  };
  r.error = run_whole_capture(info, hooks, kNothingBefore, each).error;
  for (size_t i = 0; i < r.streams.size(); ++i)
    if (r.streams[i].pid == key.pid && r.streams[i].fd == key.fd && r.streams[i].name == key.name) {
      r.stream_index = i;
      break;
    }
  return r;
}

std::string chunk_heading(const StreamChunk& c) {
  return fmt::format("{} event {}: {} bytes returned, {} captured", c.write ? ">> write" : "<< read", c.num,
                     c.returned, c.data.size());
}

std::string missing_marker(const StreamChunk& c) {
  if (!c.missing()) return {};
  return fmt::format("[... {} more bytes not captured (cut by the capture's snaplen)]", c.missing());
}

bool side_shows(StreamSide side, const StreamChunk& c) {
  return side == StreamSide::Both || (side == StreamSide::Writes) == c.write;
}

namespace {

bool printable(unsigned char b) {
  return b >= 0x20 && b < 0x7f;
}

void hex_dump(std::string& out, std::string_view data, uint64_t offset) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t line = 0; line < data.size(); line += 16) {
    out += fmt::format("{:08x}  ", offset + line);
    for (size_t i = 0; i < 16; ++i) {
      if (line + i < data.size()) {
        auto b = static_cast<unsigned char>(data[line + i]);
        out += kHex[b >> 4];
        out += kHex[b & 15];
        out += ' ';
      } else {
        out += "   ";
      }
      if (i == 7) out += ' ';
    }
    out += ' ';
    for (size_t i = line; i < std::min(data.size(), line + 16); ++i)
      out += printable(static_cast<unsigned char>(data[i])) ? data[i] : '.';
    out += '\n';
  }
}

void raw_hex(std::string& out, std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < data.size(); ++i) {
    auto b = static_cast<unsigned char>(data[i]);
    out += kHex[b >> 4];
    out += kHex[b & 15];
    if (i % 32 == 31 || i + 1 == data.size()) out += '\n';
  }
}

}  // namespace

std::string chunk_body(const StreamChunk& c, StreamFormat format, uint64_t offset) {
  std::string out;
  switch (format) {
    case StreamFormat::HexDump:
      hex_dump(out, c.data, offset);
      return out;
    case StreamFormat::Raw:
      raw_hex(out, c.data);
      return out;
    case StreamFormat::Ascii:
    case StreamFormat::Utf8:
      break;
  }
  const bool utf8 = format == StreamFormat::Utf8;
  for (size_t i = 0; i < c.data.size(); ++i) {
    auto b = static_cast<unsigned char>(c.data[i]);
    if (b == '\r' && i + 1 < c.data.size() && c.data[i + 1] == '\n') continue;  // CR LF ends a line
    out += (b == '\n' || b == '\t' || printable(b) || (utf8 && b >= 0x80)) ? c.data[i] : '.';
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

std::string stream_text(const FollowResult& r, StreamFormat format, StreamSide side) {
  std::string out;
  uint64_t offset[2] = {0, 0};
  for (const auto& c : r.chunks) {
    if (!side_shows(side, c)) continue;
    out += chunk_heading(c);
    out += '\n';
    out += chunk_body(c, format, offset[c.write]);
    offset[c.write] += c.data.size();
    if (c.missing()) out += missing_marker(c) + '\n';
  }
  return out;
}

std::string stream_bytes(const FollowResult& r, StreamSide side) {
  std::string out;
  for (const auto& c : r.chunks)
    if (side_shows(side, c)) out += c.data;
  return out;
}

std::string save_stream(const FollowResult& r, StreamFormat format, StreamSide side, const std::string& path,
                        const std::vector<std::string>& protect) {
  const std::string content =
      format == StreamFormat::Raw ? stream_bytes(r, side) : stream_text(r, format, side);
  try {
    scap::SafeOutputOptions opts;
    opts.force = true;
    opts.inputs = protect;
    scap::SafeOutput out(path, opts);
    std::FILE* f = out.stream();
    if (std::fwrite(content.data(), 1, content.size(), f) != content.size())
      return fmt::format("{}: cannot write: {}", path, std::strerror(errno));
    out.commit();
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

std::string stream_filter(const FdKey& key) {
  return filter_equals("proc.pid", key.pid) + " and " + filter_equals("fd.num", key.fd) + " and " +
         filter_equals("fd.name", key.name);
}

}  // namespace saker::inspector
