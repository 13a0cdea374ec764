#include "event_class.h"

#include "saker/replay/thread.h"

namespace saker::inspector {

namespace {
// Event categories of the event table (libs' EC_*).
constexpr uint32_t kCatFile = 2, kCatNet = 3, kCatIpc = 4, kCatProcess = 6, kCatSignal = 9, kCatUser = 10;
constexpr uint32_t kCatIoRead = 32, kCatIoWrite = 33, kCatIoOther = 34;

EventClass fd_class(const replay::FdInfo* fd) {
  if (!fd) return EventClass::Other;
  switch (fd->type) {
    case scap::FdType::File:
    case scap::FdType::FileV2:
    case scap::FdType::Directory:
    case scap::FdType::MemFd:
      return EventClass::File;
    case scap::FdType::Ipv4Sock:
    case scap::FdType::Ipv6Sock:
    case scap::FdType::Ipv4ServSock:
    case scap::FdType::Ipv6ServSock:
    case scap::FdType::UnixSock:
    case scap::FdType::Netlink:
      return EventClass::Network;
    default:
      return EventClass::Other;
  }
}
}  // namespace

const char* event_class_name(EventClass c) {
  switch (c) {
    case EventClass::Process:
      return "process";
    case EventClass::File:
      return "file";
    case EventClass::Network:
      return "network";
    default:
      return "other";
  }
}

EventClass classify_event(const scap::EventView& ev, const replay::FdInfo* fd) {
  uint32_t cat = ev.info ? ev.info->category & 0xFF : 0;  // without the syscall/internal bits
  switch (cat) {
    case kCatProcess:
    case kCatSignal:
    case kCatUser:
      return EventClass::Process;
    case kCatFile:
      return EventClass::File;
    case kCatNet:
      return EventClass::Network;
    case kCatIoRead:
    case kCatIoWrite:
    case kCatIoOther:
    case kCatIpc:
      return fd_class(fd);
    default:
      return EventClass::Other;
  }
}

}  // namespace saker::inspector
