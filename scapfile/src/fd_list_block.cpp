#include "metadata_blocks.h"

namespace saker::scap::detail {

namespace {
constexpr size_t kNameLimit = 1023;

bool has_name(FdType t) {
  switch (t) {
    case FdType::Ipv4Sock:
    case FdType::Ipv6Sock:
    case FdType::Ipv4ServSock:
    case FdType::Ipv6ServSock:
    case FdType::Unknown:
      return false;
    default:
      return true;
  }
}

void read_entry(Cursor& c, uint8_t version, FdEntry& e) {
  e.fd = c.get<int64_t>("fd");
  e.ino = c.get<uint64_t>("fd inode");
  auto raw_type = c.get<uint8_t>("fd type");
  if (raw_type > static_cast<uint8_t>(FdType::PidFd)) {
    // Unknown types carry no payload we can parse; only FDL_V2's entry length can skip it.
    if (version < 2) throw FormatError(c.pos() - 1, fmt::format("unknown fd type {}", raw_type));
    e.type = FdType::Unsupported;
    e.name = fmt::format("unknown-type:[{}]", raw_type);
    return;
  }
  e.type = static_cast<FdType>(raw_type);
  switch (e.type) {
    case FdType::Ipv4Sock:
    case FdType::Ipv6Sock: {
      const size_t addr = e.type == FdType::Ipv4Sock ? 4 : 16;
      c.bytes(e.sip.data(), addr, "fd source address");
      c.bytes(e.dip.data(), addr, "fd destination address");
      e.sport = c.get<uint16_t>("fd source port");
      e.dport = c.get<uint16_t>("fd destination port");
      e.l4proto = c.get<uint8_t>("fd l4 protocol");
      return;
    }
    case FdType::Ipv4ServSock:
    case FdType::Ipv6ServSock:
      c.bytes(e.sip.data(), e.type == FdType::Ipv4ServSock ? 4 : 16, "fd address");
      e.sport = c.get<uint16_t>("fd port");
      e.l4proto = c.get<uint8_t>("fd l4 protocol");
      return;
    case FdType::UnixSock:
      e.unix_source = c.get<uint64_t>("fd unix source");
      e.unix_dest = c.get<uint64_t>("fd unix destination");
      e.name = c.lstr(kNameLimit, "fd name");
      return;
    case FdType::FileV2:
      e.open_flags = c.get<uint32_t>("fd open flags");
      e.name = c.lstr(kNameLimit, "fd name");
      if (version >= 2 && c.remaining() >= 4) e.dev = c.get<uint32_t>("fd dev");
      return;
    case FdType::Unknown:
      return;
    default:
      e.name = c.lstr(kNameLimit, "fd name");
      return;
  }
}
}  // namespace

bool read_fd_list(Cursor& c, uint8_t version, FdTable& out, size_t limit) {
  out.tid = c.get<uint64_t>("fd list tid");
  while (c.remaining() >= 4) {
    if (out.fds.size() >= limit) return false;
    FdEntry e;
    if (version >= 2) {
      Cursor entry = c.sized_entry("fd entry length", "fd entry");
      read_entry(entry, version, e);
    } else {
      read_entry(c, version, e);
    }
    out.fds.push_back(std::move(e));
  }
  return true;
}

void write_fd_list(std::vector<uint8_t>& body, const FdTable& table, bool compat) {
  Appender a(body);
  a.put<uint64_t>(table.tid);
  for (const auto& e : table.fds) {
    if (e.type == FdType::Unknown) continue;
    FdType type = e.type;
    if (compat && static_cast<uint8_t>(type) > static_cast<uint8_t>(FdType::FileV2))
      type = FdType::Unsupported;
    size_t at = a.size();
    a.put<uint32_t>(0);
    a.put<int64_t>(e.fd);
    a.put<uint64_t>(e.ino);
    a.put<uint8_t>(static_cast<uint8_t>(type));
    switch (type) {
      case FdType::Ipv4Sock:
      case FdType::Ipv6Sock: {
        size_t n = type == FdType::Ipv4Sock ? 4 : 16;
        a.bytes(e.sip.data(), n);
        a.bytes(e.dip.data(), n);
        a.put<uint16_t>(e.sport);
        a.put<uint16_t>(e.dport);
        a.put<uint8_t>(e.l4proto);
        break;
      }
      case FdType::Ipv4ServSock:
      case FdType::Ipv6ServSock:
        a.bytes(e.sip.data(), type == FdType::Ipv4ServSock ? 4 : 16);
        a.put<uint16_t>(e.sport);
        a.put<uint8_t>(e.l4proto);
        break;
      case FdType::UnixSock:
        a.put<uint64_t>(e.unix_source);
        a.put<uint64_t>(e.unix_dest);
        a.lstr(e.name, kNameLimit);
        break;
      case FdType::FileV2:
        a.put<uint32_t>(e.open_flags);
        a.lstr(e.name, kNameLimit);
        if (e.dev) a.put<uint32_t>(*e.dev);
        break;
      default:
        if (has_name(type)) a.lstr(e.name, kNameLimit);
        break;
    }
    a.patch_u32(at, static_cast<uint32_t>(a.size() - at));
  }
}

}  // namespace saker::scap::detail
