#include "event_out.h"

#include <arpa/inet.h>

#include <array>
#include <vector>

#include "saker/driver/flag_conversions.h"

namespace saker::driver {

namespace {

constexpr uint16_t kAfUnix = 1, kAfInet = 2, kAfInet6 = 10;

void put16(std::string& s, uint16_t v) {
  s.append(reinterpret_cast<const char*>(&v), 2);
}
void put64(std::string& s, uint64_t v) {
  s.append(reinterpret_cast<const char*>(&v), 8);
}

}  // namespace

EventOut& EventOut::sockaddr(std::span<const uint8_t> raw) {
  tmp_.clear();
  if (raw.size() >= 2) {
    uint16_t fam;
    std::memcpy(&fam, raw.data(), 2);
    if (fam == kAfInet && raw.size() >= 8) {
      tmp_.push_back(kAfInet);
      tmp_.append(reinterpret_cast<const char*>(raw.data() + 4), 4);
      uint16_t port;  // chunks are not aligned: copy, never dereference in place
      std::memcpy(&port, raw.data() + 2, 2);
      put16(tmp_, ntohs(port));
    } else if (fam == kAfInet6 && raw.size() >= 24) {
      tmp_.push_back(kAfInet6);
      tmp_.append(reinterpret_cast<const char*>(raw.data() + 8), 16);
      uint16_t port;
      std::memcpy(&port, raw.data() + 2, 2);
      put16(tmp_, ntohs(port));
    } else if (fam == kAfUnix) {
      tmp_.push_back(kAfUnix);
      auto path = raw.subspan(2);
      size_t n = strnlen(reinterpret_cast<const char*>(path.data()), path.size());
      tmp_.append(reinterpret_cast<const char*>(path.data()), n);
      tmp_.push_back('\0');
    } else {
      tmp_.push_back(static_cast<char>(fam));
    }
  }
  b_.bytes(tmp_.data(), tmp_.size());
  return *this;
}

EventOut& EventOut::tuple(const RawRecord& r, bool accepted, std::span<const uint8_t> peer) {
  saker_sock s;
  tmp_.clear();
  if (!r.fixed(SAKER_CH_TUPLE, s)) {
    b_.empty();
    return *this;
  }
  if (s.family == kAfInet || s.family == kAfInet6) {
    size_t alen = s.family == kAfInet ? 4 : 16;
    const uint8_t *laddr = s.saddr, *raddr = s.daddr;
    uint16_t lport = s.sport, rport = s.dport;
    std::array<uint8_t, 16> paddr{};
    if (rport == 0 && peer.size() >= 8) {  // unconnected: the remote side from the sockaddr
      uint16_t fam, port;
      std::memcpy(&fam, peer.data(), 2);
      std::memcpy(&port, peer.data() + 2, 2);
      if (fam == kAfInet && s.family == kAfInet) {
        std::memcpy(paddr.data(), peer.data() + 4, 4);
        raddr = paddr.data();
        rport = ntohs(port);
      } else if (fam == kAfInet6 && s.family == kAfInet6 && peer.size() >= 24) {
        std::memcpy(paddr.data(), peer.data() + 8, 16);
        raddr = paddr.data();
        rport = ntohs(port);
      }
    }
    if (accepted) {
      std::swap(laddr, raddr);
      std::swap(lport, rport);
    }
    tmp_.push_back(static_cast<char>(s.family));
    tmp_.append(reinterpret_cast<const char*>(laddr), alen);
    put16(tmp_, lport);
    tmp_.append(reinterpret_cast<const char*>(raddr), alen);
    put16(tmp_, rport);
  } else if (s.family == kAfUnix) {
    tmp_.push_back(kAfUnix);
    put64(tmp_, s.sk);
    put64(tmp_, s.peer);
    tmp_.append(s.path, strnlen(s.path, sizeof s.path));
    tmp_.push_back('\0');
  } else {
    tmp_.push_back(static_cast<char>(s.family));
  }
  b_.bytes(tmp_.data(), tmp_.size());
  return *this;
}

void EventOut::join_components(std::span<const uint8_t> chunk, std::string& out) {
  std::array<std::string_view, SAKER_MAX_PATH_COMPONENTS> parts;
  size_t n = 0, off = 0;
  while (off < chunk.size() && n < parts.size()) {
    auto part = RawRecord::cstr(chunk.subspan(off));
    parts[n++] = part;
    off += part.size() + 1;
  }
  out.clear();
  for (size_t i = n; i-- > 0;) {
    out.push_back('/');
    out.append(parts[i]);
  }
}

EventOut& EventOut::path_components(std::span<const uint8_t> chunk) {
  join_components(chunk, tmp_);
  if (tmp_.empty() && !chunk.empty()) tmp_ = "/";
  b_.str(tmp_);
  return *this;
}

EventOut& EventOut::cgroups(std::span<const uint8_t> chunk) {
  // cgroup v2: the same path for every controller; libs list them per subsystem.
  join_components(chunk, path_);
  if (path_.empty()) path_ = "/";
  tmp_.clear();
  for (std::string_view ctl : {"cpuset", "cpu", "memory", "pids"}) {
    tmp_.append(ctl).append("=").append(path_);
    tmp_.push_back('\0');
  }
  b_.bytes(tmp_.data(), tmp_.size());
  return *this;
}

uint32_t EventOut::encoded_dev(const RawRecord& r) {
  saker_file f;
  return r.fixed(SAKER_CH_FILE, f) ? encode_dev(f.dev) : 0;
}

uint64_t EventOut::ino(const RawRecord& r) {
  saker_file f;
  return r.fixed(SAKER_CH_FILE, f) ? f.ino : 0;
}

}  // namespace saker::driver
