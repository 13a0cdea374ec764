// Renders event parameters as text the way sysdig prints %evt.args.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "saker/scap/event.h"

namespace saker::scap {

// How data buffers (Bytebuf parameters, %evt.buffer) are written, as sysdig's -A, -x, -X and
// -b choose (libs' PF_NORMAL, PF_EOLS, PF_HEX, PF_HEXASCII, PF_BASE64).
enum class BufferFormat : uint8_t {
  Normal,    // printable bytes, '.' for the others; cut at max_bytes
  Ascii,     // "\n", then printable bytes and line ends only (-A)
  Hex,       // "\n\t0x0000: 4745 5420 ..." rows of 16 bytes, then "\n" (-x)
  HexAscii,  // the hex rows with the bytes as text on the right (-X)
  Base64,    // (-b)
};

// Names the event alone does not carry, supplied by the state engine when there is one.
class RenderContext {
 public:
  virtual ~RenderContext() = default;
  // Appends "<f>/etc/passwd" style text for an fd of the event's thread; false if unknown.
  virtual bool describe_fd(const EventView& ev, int64_t fd, std::string& out) const = 0;
  // Appends the command name of a thread id; false if unknown.
  virtual bool thread_name(int64_t tid, std::string& out) const = 0;
  // Appends the name of a user or group id (libs resolve uid/gid arguments); false if unknown.
  virtual bool user_name(uint32_t, std::string&) const { return false; }
  virtual bool group_name(uint32_t, std::string&) const { return false; }
  // Appends the absolute form of the relative path in parameter `index` (libs joins it to
  // the thread's directory, or to its dirfd's path); false if the thread is unknown.
  virtual bool resolve_path(const EventView&, uint32_t /*index*/, std::string&) const { return false; }
  // Appends the type character of an fd of the event's thread ('?' when the thread has no such
  // fd), as libs shows poll's fd lists; false when the thread is unknown.
  virtual bool fd_typechar(const EventView&, int64_t /*fd*/, std::string&) const { return false; }

  // Data buffers longer than this are cut with "..." in argument text, as sysdig does
  // without -v; 0 shows them whole, as libs does by default.
  uint32_t max_buffer_bytes = 80;
  // How data buffers are written; only Normal is cut at max_buffer_bytes.
  BufferFormat buffer_format = BufferFormat::Normal;
  // When not 0, only the first bytes of each data buffer are written, in every format
  // (print -s); a cut Normal or Ascii buffer ends in "...".
  uint32_t snap_buffer_bytes = 0;
};

// A name the argument text of an event asks its RenderContext for: an fd's description, a
// thread's command name, a user or group name, or a relative path's absolute form.
struct Resolution {
  enum Kind : uint8_t { Fd = 0, Thread = 1, User = 2, Group = 3, Path = 4, FdTypeChar = 5 };
  Kind kind = Fd;
  int64_t value = 0;  // the fd, thread id, uid or gid; the parameter's index for Path
};

// The RenderContext call that rendering parameter `index` makes, if any. render_param and
// render_args decide with this same function, so the calls it enumerates for every
// parameter are all the calls rendering the event can make.
bool param_resolution(const EventView& ev, uint32_t index, Resolution& out);

// The fds of an fd list parameter (poll's): how many whole entries it has, and entry k's fd.
uint16_t fdlist_size(const Param& p);
int64_t fdlist_fd(const Param& p, uint16_t k);
// Whether parameter `index` is an fd list whose entries each ask for their fd's type character.
bool is_fdlist_param(const EventView& ev, uint32_t index);

template <typename F>
void for_each_resolution(const EventView& ev, F&& f) {
  Resolution r;
  for (uint32_t i = 0; i < ev.nparams; ++i) {
    if (is_fdlist_param(ev, i)) {
      for (uint16_t k = 0, n = fdlist_size(ev.params[i]); k < n; ++k)
        f(Resolution{Resolution::FdTypeChar, fdlist_fd(ev.params[i], k)});
    } else if (param_resolution(ev, i, r)) {
      f(r);
    }
  }
}

struct RenderOptions {
  uint32_t max_bytes = 80;  // longer data buffers are cut (0: never), like sysdig's default
  BufferFormat buffer_format = BufferFormat::Normal;
  uint32_t snap_bytes = 0;  // when not 0, bytes of each buffer written in any format
};

// Appends a data buffer as `opts` asks: the text of a Bytebuf parameter or of %evt.buffer.
void render_buffer(std::string& out, std::string_view bytes, const RenderOptions& opts);

// Appends the value of parameter `index` ("<NA>" when it is empty or missing).
void render_param(std::string& out, const EventView& ev, uint32_t index, const RenderContext* ctx = nullptr,
                  const RenderOptions& opts = {});
// Appends "name=value " for every parameter, as %evt.args does.
void render_args(std::string& out, const EventView& ev, const RenderContext* ctx = nullptr,
                 const RenderOptions& opts = {});
// Appends the decoded meaning alone where there is one ("<f>/etc/passwd" for an fd,
// "ENOENT" for an error), else the value (%evt.arg.NAME).
void render_param_resolved(std::string& out, const EventView& ev, uint32_t index,
                           const RenderContext* ctx = nullptr, const RenderOptions& opts = {});
// Appends the value as a plain number or string, without symbolic decoration (%evt.rawarg).
void render_raw_param(std::string& out, const EventView& ev, uint32_t index);

std::string_view errno_name(int64_t err);    // "ENOENT" for 2; "" if unknown
std::string_view signal_name(uint32_t sig);  // "SIGKILL" for 9; "" if unknown

}  // namespace saker::scap
