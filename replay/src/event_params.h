// Reading event parameters by name, for the state engine's event handlers.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "net_format.h"
#include "saker/replay/thread.h"
#include "saker/scap/event.h"

namespace saker::replay::detail {

// The parameter names the state engine reads. Their index in each event type is looked up
// once, so handlers do not compare names per event.
enum class P : uint8_t {
  addr,
  args,
  cap_effective,
  cap_inheritable,
  cap_permitted,
  cgroups,
  cmd,
  comm,
  cwd,
  dev,
  dirfd,
  domain,
  egid,
  env,
  euid,
  exe,
  exe_ino,
  exe_ino_ctime,
  exe_ino_mtime,
  fd,
  fd1,
  fd2,
  fdlimit,
  filename,
  flags,
  gid,
  home,
  ino,
  loginuid,
  name,
  oldfd,
  path,
  pgid,
  pid,
  proto,
  ptid,
  reaper_tid,
  shell,
  trusted_exepath,
  tty,
  tuple,
  type,
  uid,
  vpgid,
  vpid,
  vtid,
  arg,
  first,
  last,
  kCount
};
inline constexpr std::string_view kParamNames[] = {"addr",
                                                   "args",
                                                   "cap_effective",
                                                   "cap_inheritable",
                                                   "cap_permitted",
                                                   "cgroups",
                                                   "cmd",
                                                   "comm",
                                                   "cwd",
                                                   "dev",
                                                   "dirfd",
                                                   "domain",
                                                   "egid",
                                                   "env",
                                                   "euid",
                                                   "exe",
                                                   "exe_ino",
                                                   "exe_ino_ctime",
                                                   "exe_ino_mtime",
                                                   "fd",
                                                   "fd1",
                                                   "fd2",
                                                   "fdlimit",
                                                   "filename",
                                                   "flags",
                                                   "gid",
                                                   "home",
                                                   "ino",
                                                   "loginuid",
                                                   "name",
                                                   "oldfd",
                                                   "path",
                                                   "pgid",
                                                   "pid",
                                                   "proto",
                                                   "ptid",
                                                   "reaper_tid",
                                                   "shell",
                                                   "trusted_exepath",
                                                   "tty",
                                                   "tuple",
                                                   "type",
                                                   "uid",
                                                   "vpgid",
                                                   "vpid",
                                                   "vtid",
                                                   "arg",
                                                   "first",
                                                   "last"};

static_assert(std::size(kParamNames) == static_cast<size_t>(P::kCount), "P and kParamNames differ");

// Index of each name in each event type's parameters (-1 where absent), built before main.
using ParamIndexTable = std::array<std::array<int8_t, static_cast<size_t>(P::kCount)>, scap::kEventTypeCount>;
extern const ParamIndexTable& kParamIndexes;

inline const scap::Param* param(const scap::EventView& ev, P name) {
  int8_t i = kParamIndexes[ev.type][static_cast<size_t>(name)];
  return (i >= 0 && static_cast<uint32_t>(i) < ev.nparams) ? &ev.params[static_cast<uint32_t>(i)] : nullptr;
}

inline int64_t i64(const scap::EventView& ev, P name, int64_t dflt = -1) {
  const scap::Param* p = param(ev, name);
  return p && p->len >= 8 ? p->as<int64_t>() : dflt;
}

inline bool str_param(const scap::EventView& ev, P name, std::string& out) {
  const scap::Param* p = param(ev, name);
  if (!p || p->empty()) return false;
  out.assign(p->str());
  return true;
}

// A NUL-separated list (args, env, cgroups) without its trailing NULs.
inline bool bytes_param(const scap::EventView& ev, P name, std::string& out) {
  const scap::Param* p = param(ev, name);
  if (!p || p->empty()) return false;
  out.assign(p->bytes());
  while (!out.empty() && out.back() == '\0') out.pop_back();
  return true;
}

// As bytes_param, but an empty parameter empties `out` (libs' set_args on clone and execve).
inline bool bytes_param_or_empty(const scap::EventView& ev, P name, std::string& out) {
  if (!param(ev, name)) return false;
  if (!bytes_param(ev, name, out)) out.clear();
  return true;
}

template <typename T>
bool num_param(const scap::EventView& ev, P name, T& out) {
  const scap::Param* p = param(ev, name);
  if (!p || p->len < sizeof(T)) return false;
  out = p->as<T>();
  return true;
}

// The result of an exit event: its first parameter ("res" or "fd").
inline int64_t result(const scap::EventView& ev) {
  if (ev.nparams == 0 || ev.params[0].len < 8) return -1;
  return ev.params[0].as<int64_t>();
}

// out = "10.0.0.5:40001->93.184.216.34:80": client end first, as sysdig names sockets.
// Rebuilt in the fd's own string, so a reused fd slot allocates nothing.
inline void write_tuple_name(std::string& out, const FdInfo& f) {
  out.clear();
  append_ip(out, f.cip.data(), f.ipv6);
  out += ':';
  append_port(out, f.cport);
  out += "->";
  append_ip(out, f.sip.data(), f.ipv6);
  out += ':';
  append_port(out, f.sport);
}

constexpr uint32_t kOpenCloexec = 1u << 12;

// The flags parameter of an fd-creating call, as wide as the event stores it; 0 without one.
inline uint32_t flags_param(const scap::EventView& ev) {
  const scap::Param* p = param(ev, P::flags);
  if (!p) return 0;
  if (p->len >= 4) return p->as<uint32_t>();
  if (p->len >= 2) return p->as<uint16_t>();
  return p->len ? p->data[0] : 0;
}

inline void set_close_on_exec(FdInfo& f, bool on) {
  f.open_flags = (f.open_flags & ~kOpenCloexec) | (on ? kOpenCloexec : 0);
}

}  // namespace saker::replay::detail
