#include "metadata_blocks.h"

namespace saker::scap::detail {

namespace {
constexpr size_t kStringLimit = 255;

void read_entry(Cursor& c, std::vector<User>& users, std::vector<Group>& groups) {
  auto type = c.get<uint8_t>("user list entry type");
  if (type == 0) {
    User u;
    u.uid = c.get<uint32_t>("user uid");
    u.gid = c.get<uint32_t>("user gid");
    u.name = c.lstr(kStringLimit, "user name");
    u.home = c.lstr(kStringLimit, "user home");
    u.shell = c.lstr(kStringLimit, "user shell");
    users.push_back(std::move(u));
  } else {
    Group g;
    g.gid = c.get<uint32_t>("group gid");
    g.name = c.lstr(kStringLimit, "group name");
    groups.push_back(std::move(g));
  }
}
}  // namespace

void read_user_list(Cursor& c, uint8_t version, std::vector<User>& users, std::vector<Group>& groups) {
  users.clear();
  groups.clear();
  while (c.remaining() >= 4) {
    if (version >= 2) {
      Cursor entry = c.sized_entry("user entry length", "user entry");
      read_entry(entry, users, groups);
    } else {
      read_entry(c, users, groups);
    }
  }
}

void write_user_list(std::vector<uint8_t>& body, const std::vector<User>& users,
                     const std::vector<Group>& groups) {
  Appender a(body);
  for (const auto& u : users) {
    size_t at = a.size();
    a.put<uint32_t>(0);
    a.put<uint8_t>(0);
    a.put<uint32_t>(u.uid);
    a.put<uint32_t>(u.gid);
    a.lstr(u.name, kStringLimit);
    a.lstr(u.home, kStringLimit);
    a.lstr(u.shell, kStringLimit);
    a.patch_u32(at, static_cast<uint32_t>(a.size() - at));
  }
  for (const auto& g : groups) {
    size_t at = a.size();
    a.put<uint32_t>(0);
    a.put<uint8_t>(1);
    a.put<uint32_t>(g.gid);
    a.lstr(g.name, kStringLimit);
    a.patch_u32(at, static_cast<uint32_t>(a.size() - at));
  }
}

}  // namespace saker::scap::detail
