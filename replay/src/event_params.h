// Reading event parameters by name, for the state engine's event handlers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "net_format.h"
#include "saker/replay/thread.h"
#include "saker/scap/event.h"

namespace saker::replay::detail {

inline int64_t i64(const scap::EventView& ev, std::string_view name, int64_t dflt = -1) {
  const scap::Param* p = ev.param(name);
  return p && p->len >= 8 ? p->as<int64_t>() : dflt;
}

inline bool str_param(const scap::EventView& ev, std::string_view name, std::string& out) {
  const scap::Param* p = ev.param(name);
  if (!p || p->empty()) return false;
  out.assign(p->str());
  return true;
}

// A NUL-separated list (args, env, cgroups) without its trailing NULs.
inline bool bytes_param(const scap::EventView& ev, std::string_view name, std::string& out) {
  const scap::Param* p = ev.param(name);
  if (!p || p->empty()) return false;
  out.assign(p->bytes());
  while (!out.empty() && out.back() == '\0') out.pop_back();
  return true;
}

template <typename T>
bool num_param(const scap::EventView& ev, std::string_view name, T& out) {
  const scap::Param* p = ev.param(name);
  if (!p || p->len < sizeof(T)) return false;
  out = p->as<T>();
  return true;
}

// The result of an exit event: its first parameter ("res" or "fd").
inline int64_t result(const scap::EventView& ev) {
  if (ev.nparams == 0 || ev.params[0].len < 8) return -1;
  return ev.params[0].as<int64_t>();
}

// "10.0.0.5:40001->93.184.216.34:80": client end first, as sysdig names sockets.
inline std::string tuple_name(const FdInfo& f) {
  std::string out;
  append_ip(out, f.cip.data(), f.ipv6);
  out += ':' + std::to_string(f.cport) + "->";
  append_ip(out, f.sip.data(), f.ipv6);
  out += ':' + std::to_string(f.sport);
  return out;
}

}  // namespace saker::replay::detail
