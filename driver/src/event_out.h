// Writes one scap event's parameters, in table order, from a kernel record.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "raw_record.h"
#include "saker/scap/writer.h"

namespace saker::driver {

class EventOut {
 public:
  explicit EventOut(scap::EventBuilder& b) : b_(b) {}

  EventOut& i64(int64_t v) { return num(v); }
  EventOut& u64(uint64_t v) { return num(v); }
  EventOut& i32(int32_t v) { return num(v); }
  EventOut& u32(uint32_t v) { return num(v); }
  EventOut& u16(uint16_t v) { return num(v); }
  EventOut& u8(uint8_t v) { return num(v); }
  EventOut& str(std::string_view s) {
    b_.str(s);
    return *this;
  }
  EventOut& bytes(std::span<const uint8_t> s) {
    b_.bytes(s.data(), s.size());
    return *this;
  }
  EventOut& empty() {
    b_.empty();
    return *this;
  }

  // A user sockaddr as scap encodes it: family byte, then address and host-order port, or
  // the unix path.
  EventOut& sockaddr(std::span<const uint8_t> raw);
  // The socket's tuple (client -> server: `accepted` swaps local and remote); `peer` fills
  // the remote side of unconnected sockets (sendto/recvfrom).
  EventOut& tuple(const RawRecord& r, bool accepted, std::span<const uint8_t> peer = {});
  // Path components captured leaf first, joined from the root.
  EventOut& path_components(std::span<const uint8_t> chunk);
  // A cgroup v2 path (components leaf first) as libs' per-controller list.
  EventOut& cgroups(std::span<const uint8_t> chunk);

  // The dev and ino of the file captured for the event (0 when it was not).
  static uint32_t encoded_dev(const RawRecord& r);
  static uint64_t ino(const RawRecord& r);

 private:
  template <typename T>
  EventOut& num(T v) {
    b_.num(v);
    return *this;
  }
  static void join_components(std::span<const uint8_t> chunk, std::string& out);

  scap::EventBuilder& b_;
  std::string tmp_, path_;
};

}  // namespace saker::driver
