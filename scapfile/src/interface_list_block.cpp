#include "metadata_blocks.h"

namespace saker::scap::detail {

namespace {
constexpr size_t kNameLimit = 1023;

void read_entry(Cursor& c, Interface& itf) {
  auto type = c.get<uint16_t>("interface type");
  auto namelen = c.get<uint16_t>("interface name length");
  if (namelen > kNameLimit)
    throw FormatError(c.pos() - 2, fmt::format("interface name length {} too long", namelen));
  bool linkspeed = type == 1 || type == 2;
  if (type == 1 || type == 3) {
    itf.ipv6 = false;
    c.bytes(itf.addr.data(), 4, "interface address");
    c.bytes(itf.netmask.data(), 4, "interface netmask");
    c.bytes(itf.bcast.data(), 4, "interface broadcast");
  } else if (type == 2 || type == 4) {
    itf.ipv6 = true;
    c.bytes(itf.addr.data(), 16, "interface address");
    c.bytes(itf.netmask.data(), 16, "interface netmask");
    c.bytes(itf.bcast.data(), 16, "interface broadcast");
  } else {
    throw FormatError(c.pos() - 4, fmt::format("unknown interface entry type {}", type));
  }
  if (linkspeed) itf.linkspeed = c.get<uint64_t>("interface linkspeed");
  itf.name.resize(namelen);
  c.bytes(itf.name.data(), namelen, "interface name");
}
}  // namespace

void read_interface_list(Cursor& c, uint8_t version, std::vector<Interface>& out) {
  out.clear();
  while (c.remaining() >= 4) {
    Interface itf;
    if (version >= 2) {
      // IL_V2's entry length does not count its own 4 bytes.
      auto len = c.get<uint32_t>("interface entry length");
      Cursor entry = c.take(len, "interface entry");
      read_entry(entry, itf);
    } else {
      read_entry(c, itf);
    }
    out.push_back(std::move(itf));
  }
}

void write_interface_list(std::vector<uint8_t>& body, const std::vector<Interface>& list) {
  Appender a(body);
  for (bool v6 : {false, true}) {
    for (const auto& itf : list) {
      if (itf.ipv6 != v6) continue;
      size_t at = a.size();
      a.put<uint32_t>(0);
      a.put<uint16_t>(v6 ? 2 : 1);
      std::string_view name(itf.name);
      if (name.size() > kNameLimit) name = name.substr(0, kNameLimit);
      a.put<uint16_t>(static_cast<uint16_t>(name.size()));
      size_t n = v6 ? 16 : 4;
      a.bytes(itf.addr.data(), n);
      a.bytes(itf.netmask.data(), n);
      a.bytes(itf.bcast.data(), n);
      a.put<uint64_t>(itf.linkspeed);
      a.bytes(name.data(), name.size());
      a.patch_u32(at, static_cast<uint32_t>(a.size() - at - 4));
    }
  }
}

}  // namespace saker::scap::detail
