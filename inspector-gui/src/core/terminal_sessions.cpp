#include "terminal_sessions.h"

#include <map>

#include "whole_capture_pass.h"

namespace saker::inspector {

namespace {
bool is_terminal(const std::string& name) {
  return name.starts_with("/dev/pts/") || name.starts_with("/dev/tty") || name == "/dev/console";
}
}  // namespace

TermResult terminal_sessions(const CaptureInfo& info, const std::atomic<bool>& cancel, size_t limit_bytes) {
  TermResult r;
  std::map<uint32_t, TermSession> by_tty;
  size_t total = 0;
  PassHooks hooks;
  hooks.cancel = &cancel;
  auto each = [&](PassContext& pc, const scap::EventView& ev) {
    if (ev.is_enter() || hidden_event(ev)) return true;
    const replay::State& state = pc.pass.state();
    const replay::ThreadInfo* t = state.current_thread();
    if (!t || !t->tty) return true;
    TermChunk c;
    c.ts = ev.ts;
    c.num = ev.num;
    c.process = t->comm;
    uint32_t io = ev.info->flags & (scap::kReadsFromFd | scap::kWritesToFd);
    const replay::FdInfo* fd = state.current_fd();
    if (io && fd && is_terminal(fd->name)) {
      const scap::Param* data = ev.param("data");
      if (!data || data->empty()) return true;
      c.kind = (io & scap::kWritesToFd) ? TermChunk::Output : TermChunk::Input;
      c.text.assign(reinterpret_cast<const char*>(data->data), data->len);
      by_tty[t->tty].name = fd->name;
    } else if ((ev.name() == "execve" || ev.name() == "execveat") && ev.nparams &&
               ev.params[0].as<int64_t>() == 0) {
      c.kind = TermChunk::Command;
      c.text = t->cmdline();
    } else {
      return true;
    }
    total += c.text.size();
    TermSession& s = by_tty[t->tty];
    s.tty = t->tty;
    s.chunks.push_back(std::move(c));
    r.truncated = total >= limit_bytes;
    return !r.truncated;
  };
  r.error = run_whole_capture(info, hooks, kNothingBefore, each).error;
  for (auto& [tty, s] : by_tty) {
    if (s.name.empty()) s.name = "tty " + std::to_string(tty);
    r.sessions.push_back(std::move(s));
  }
  return r;
}

std::string render_session(const TermSession& s, size_t upto) {
  std::string out;
  for (size_t i = 0; i < upto && i < s.chunks.size(); ++i) {
    const TermChunk& c = s.chunks[i];
    if (c.kind == TermChunk::Command) {
      if (!out.empty() && out.back() != '\n') out += '\n';
      out += "$ " + c.text + "\n";
      continue;
    }
    if (c.kind == TermChunk::Input) continue;  // the shell echoes what is typed
    for (char ch : c.text) {
      auto b = static_cast<unsigned char>(ch);
      if (b == '\r') continue;
      out += (b == '\n' || b == '\t' || b >= 0x20) ? ch : '.';
    }
  }
  return out;
}

}  // namespace saker::inspector
