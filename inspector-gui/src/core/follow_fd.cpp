#include "follow_fd.h"

#include <fmt/format.h>

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

FollowResult follow_fd(const CaptureInfo& info, const FdKey& key, const std::atomic<bool>& cancel,
                       size_t limit_bytes) {
  FollowResult r;
  size_t total = 0;
  PassHooks hooks;
  hooks.cancel = &cancel;
  auto each = [&](PassContext& pc, const scap::EventView& ev) {
    uint32_t io = ev.info->flags & (scap::kReadsFromFd | scap::kWritesToFd);
    if (!io || ev.is_enter()) return true;
    const replay::State& state = pc.pass.state();
    const replay::ThreadInfo* t = state.current_thread();
    if (!t || static_cast<int64_t>(t->pid) != key.pid || state.current_fd_num() != key.fd) return true;
    const replay::FdInfo* fd = state.current_fd();
    if (!fd || fd->name != key.name) return true;
    const scap::Param* data = ev.param("data");
    const scap::Param* res = ev.param("res");
    int64_t returned = res && !res->empty() ? res->as<int64_t>() : 0;
    if ((!data || data->empty()) && returned <= 0) return true;
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
    return !r.truncated;
  };
  r.error = run_whole_capture(info, hooks, kNothingBefore, each).error;
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

std::string stream_text(const FollowResult& r) {
  std::string out;
  for (const auto& c : r.chunks) {
    out += chunk_heading(c);
    out += '\n';
    for (char ch : c.data) {
      auto b = static_cast<unsigned char>(ch);
      out += (b == '\n' || b == '\t' || (b >= 0x20 && b < 0x7f)) ? ch : '.';
    }
    if (!c.data.empty() && c.data.back() != '\n') out += '\n';
    if (c.missing()) out += missing_marker(c) + '\n';
  }
  return out;
}

}  // namespace saker::inspector
