#include "index/build/fd_use.h"

#include <arpa/inet.h>

#include <string>

#include "index/index_db.h"

namespace saker::query::index_build {

namespace {

std::string ip_text(const std::array<uint8_t, 16>& ip, bool v6) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, ip.data(), buf, sizeof buf);
  return buf;
}

const char* l4_name(replay::L4Proto p) {
  switch (p) {
    case replay::L4Proto::Tcp:
      return "tcp";
    case replay::L4Proto::Udp:
      return "udp";
    case replay::L4Proto::Icmp:
      return "icmp";
    case replay::L4Proto::Raw:
      return "raw";
    default:
      return nullptr;
  }
}

}  // namespace

void FdUses::write(sqlite3* db, const Interner& strings, FullText& text, IndexResult& result) const {
  using scap::FdType;
  index_db::Stmt file(
      db, "INSERT INTO files (id, path, name_id, type, events, first_num, last_num) VALUES (?,?,?,?,?,?,?)");
  index_db::Stmt conn(
      db,
      "INSERT INTO connections (id, name, name_id, type, l4proto, client_ip, client_port, "
      "server_ip, server_port, events, first_num, last_num) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  for (uint32_t id = 1; id < uses_.size(); ++id) {
    const FdUse& u = uses_[id];
    if (!u.events) continue;
    const std::string& name = strings.text(id);
    if (name.empty()) continue;
    bool is_file = u.type == FdType::File || u.type == FdType::FileV2 || u.type == FdType::Directory;
    bool is_inet = u.type == FdType::Ipv4Sock || u.type == FdType::Ipv6Sock ||
                   u.type == FdType::Ipv4ServSock || u.type == FdType::Ipv6ServSock;
    if (is_file) {
      int64_t row = static_cast<int64_t>(++result.files);
      file.i64(1, row);
      file.text(2, name);
      file.i64(3, id);
      file.text(4, u.type == FdType::Directory ? "directory" : "file");
      file.i64(5, static_cast<int64_t>(u.events));
      file.i64(6, static_cast<int64_t>(u.first));
      file.i64(7, static_cast<int64_t>(u.last));
      file.step();
      text.add("path", row, name);
    } else if (is_inet || u.type == FdType::UnixSock) {
      int64_t row = static_cast<int64_t>(++result.connections);
      std::string cip, sip;
      conn.i64(1, row);
      conn.text(2, name);
      conn.i64(3, id);
      conn.text(4, u.type == FdType::UnixSock ? "unix" : (u.ipv6 ? "ipv6" : "ipv4"));
      if (const char* l4 = is_inet ? l4_name(u.l4) : nullptr)
        conn.text(5, l4);
      else
        conn.null(5);
      if (is_inet) {
        cip = ip_text(u.cip, u.ipv6);
        sip = ip_text(u.sip, u.ipv6);
        conn.text(6, cip);
        conn.i64(7, u.cport);
        conn.text(8, sip);
        conn.i64(9, u.sport);
      } else {
        conn.null(6), conn.null(7), conn.null(8), conn.null(9);
      }
      conn.i64(10, static_cast<int64_t>(u.events));
      conn.i64(11, static_cast<int64_t>(u.first));
      conn.i64(12, static_cast<int64_t>(u.last));
      conn.step();
      text.add("connection", row, name);
    }
  }
}

}  // namespace saker::query::index_build
