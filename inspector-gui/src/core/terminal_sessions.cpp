#include "terminal_sessions.h"

#include <map>

#include "saker/scap/error.h"

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
  try {
    scap::Reader reader(info.path, scap::whole_capture_pass());
    replay::State state;
    state.load(reader.metadata());
    scap::EventView ev;
    uint32_t section = 0;
    uint64_t n = 0;
    while (reader.next(ev)) {
      if (ev.section != section) {
        section = ev.section;
        state.load(reader.metadata());
      }
      state.apply(ev);
      if ((++n & 0xFFFF) == 0 && cancel.load(std::memory_order_relaxed)) break;
      if (ev.is_enter() || hidden_event(ev)) continue;
      const replay::ThreadInfo* t = state.current_thread();
      if (!t || !t->tty) continue;
      TermChunk c;
      c.ts = ev.ts;
      c.num = ev.num;
      c.process = t->comm;
      uint32_t io = ev.info->flags & (scap::kReadsFromFd | scap::kWritesToFd);
      const replay::FdInfo* fd = state.current_fd();
      if (io && fd && is_terminal(fd->name)) {
        const scap::Param* data = ev.param("data");
        if (!data || data->empty()) continue;
        c.kind = (io & scap::kWritesToFd) ? TermChunk::Output : TermChunk::Input;
        c.text.assign(reinterpret_cast<const char*>(data->data), data->len);
        by_tty[t->tty].name = fd->name;
      } else if ((ev.name() == "execve" || ev.name() == "execveat") && ev.nparams &&
                 ev.params[0].as<int64_t>() == 0) {
        c.kind = TermChunk::Command;
        c.text = t->cmdline();
      } else {
        continue;
      }
      total += c.text.size();
      TermSession& s = by_tty[t->tty];
      s.tty = t->tty;
      s.chunks.push_back(std::move(c));
      if (total >= limit_bytes) {
        r.truncated = true;
        break;
      }
    }
  } catch (const scap::CaptureError& e) {
    r.error = e.what();
  }
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
