#include "saker/replay/thread.h"

#include <algorithm>

namespace saker::replay {

char fd_type_char(scap::FdType type) {
  using scap::FdType;
  switch (type) {
    case FdType::File:
    case FdType::FileV2:
      return 'f';
    case FdType::Directory:
      return 'd';
    case FdType::Ipv4Sock:
    case FdType::Ipv4ServSock:
      return '4';
    case FdType::Ipv6Sock:
    case FdType::Ipv6ServSock:
      return '6';
    case FdType::Fifo:
      return 'p';
    case FdType::UnixSock:
      return 'u';
    case FdType::Event:
      return 'e';
    case FdType::Unsupported:
      return 'X';
    case FdType::SignalFd:
      return 's';
    case FdType::EventPoll:
      return 'l';
    case FdType::Inotify:
      return 'i';
    case FdType::TimerFd:
      return 't';
    case FdType::Netlink:
      return 'n';
    case FdType::Bpf:
      return 'b';
    case FdType::UserFaultFd:
      return 'u';
    case FdType::IoUring:
      return 'r';
    case FdType::MemFd:
      return 'm';
    case FdType::PidFd:
      return 'P';
    case FdType::Unknown:
      return 'o';
  }
  return 'o';
}

const char* fd_type_name(scap::FdType type) {
  using scap::FdType;
  switch (type) {
    case FdType::File:
    case FdType::FileV2:
      return "file";
    case FdType::Directory:
      return "directory";
    case FdType::Ipv4Sock:
    case FdType::Ipv4ServSock:
      return "ipv4";
    case FdType::Ipv6Sock:
    case FdType::Ipv6ServSock:
      return "ipv6";
    case FdType::Fifo:
      return "pipe";
    case FdType::UnixSock:
      return "unix";
    case FdType::Event:
      return "event";
    case FdType::SignalFd:
      return "signalfd";
    case FdType::EventPoll:
      return "eventpoll";
    case FdType::Inotify:
      return "inotify";
    case FdType::TimerFd:
      return "timerfd";
    case FdType::Netlink:
      return "netlink";
    case FdType::Bpf:
      return "bpf";
    case FdType::UserFaultFd:
      return "userfaultfd";
    case FdType::IoUring:
      return "io_uring";
    case FdType::MemFd:
      return "memfd";
    case FdType::PidFd:
      return "pidfd";
    case FdType::Unsupported:
      return "unsupported";
    case FdType::Unknown:
      return "unknown";
  }
  return "unknown";
}

namespace {

// Vectors of dropped tables, every entry free (fd -1) but keeping its strings' buffers. Dead
// processes go in bursts (the state drops exited threads in batches, as libs does) and new
// ones come in bursts: the pool is sized for a burst, in entries (about 9 MB).
struct FdVectorPool {
  static constexpr size_t kKeepEntries = 65536;
  std::vector<std::vector<FdInfo>> free;
  size_t entries = 0;
};
thread_local FdVectorPool t_fd_vectors;

// A pooled vector of at least `want` entries when there is one (a shell's children copy its
// fd 255: growing a small vector to 256 entries would construct them all again).
std::vector<FdInfo> take_fd_vector(size_t want) {
  auto& pool = t_fd_vectors.free;
  if (pool.empty()) return {};
  size_t pick = pool.size() - 1;
  for (size_t i = pool.size(); i-- > 0 && i + 32 >= pool.size();)  // the 32 given back last
    if (pool[i].size() >= want) {
      pick = i;
      break;
    }
  std::vector<FdInfo> v = std::move(pool[pick]);
  pool[pick] = std::move(pool.back());
  pool.pop_back();
  t_fd_vectors.entries -= v.size();
  return v;
}

// Gives back a vector whose entries are all free.
void give_fd_vector(std::vector<FdInfo>& v) {
  auto& pool = t_fd_vectors.free;
  if (v.empty()) return;
  if (t_fd_vectors.entries + v.size() > FdVectorPool::kKeepEntries) return;  // freed with the table
  t_fd_vectors.entries += v.size();
  pool.push_back(std::move(v));
}

}  // namespace

FdTable::FdTable() : small_(take_fd_vector(0)) {}

FdTable::~FdTable() {
  each_small([&](size_t i) { small_[i].fd = -1; });  // add() resets the rest of an entry
  give_fd_vector(small_);
}

FdTable::FdTable(const FdTable& other) : large_(other.large_), count_(other.count_), open_(other.open_) {
  size_t used = 0;
  other.each_small([&](size_t i) { used = i + 1; });
  small_ = take_fd_vector(used);
  if (small_.size() < used) small_.resize(used);
  other.each_small([&](size_t i) { small_[i] = other.small_[i]; });
}

FdInfo* FdTable::find(int64_t fd) {
  if (fd >= 0 && fd < kSmall) {
    if (static_cast<size_t>(fd) < small_.size() && small_[static_cast<size_t>(fd)].fd >= 0)
      return &small_[static_cast<size_t>(fd)];
    return nullptr;
  }
  auto it = large_.find(fd);
  return it == large_.end() ? nullptr : &it->second;
}

const FdInfo* FdTable::find(int64_t fd) const {
  return const_cast<FdTable*>(this)->find(fd);
}

FdInfo& FdTable::add(int64_t fd) {
  FdInfo* slot;
  if (fd >= 0 && fd < kSmall) {
    auto i = static_cast<size_t>(fd);
    if (i >= small_.size()) small_.resize(i + 1);
    slot = &small_[i];
    if (slot->fd < 0) ++count_;
    open_[i / 64] |= uint64_t{1} << (i % 64);
  } else {
    auto it = large_.find(fd);
    if (it == large_.end()) {
      if (count_ >= kMaxFds) {
        ++dropped_;
        overflow_.reset(fd);
        return overflow_;
      }
      it = large_.try_emplace(fd).first;
      ++count_;
    }
    slot = &it->second;
  }
  slot->reset(fd);
  return *slot;
}

void FdTable::remove(int64_t fd) {
  if (fd >= 0 && fd < kSmall) {
    auto i = static_cast<size_t>(fd);
    if (i < small_.size() && small_[i].fd >= 0) {
      small_[i].reset(-1);  // a free slot that keeps its strings' capacity
      open_[i / 64] &= ~(uint64_t{1} << (i % 64));
      --count_;
    }
    return;
  }
  if (large_.erase(fd)) --count_;
}

std::vector<std::string> ThreadInfo::argv() const {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < args.size()) {
    size_t end = args.find('\0', start);
    if (end == std::string::npos) end = args.size();
    out.emplace_back(args.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string ThreadInfo::cmdline() const {
  std::string out = comm;
  for (const auto& a : argv()) {
    out += ' ';
    out += a;
  }
  return out;
}

std::string ThreadInfo::env_value(std::string_view key) const {
  size_t start = 0;
  while (start < env.size()) {
    size_t end = env.find('\0', start);
    if (end == std::string::npos) end = env.size();
    std::string_view kv(env.data() + start, end - start);
    if (kv.size() > key.size() && kv.substr(0, key.size()) == key && kv[key.size()] == '=')
      return std::string(kv.substr(key.size() + 1));
    start = end + 1;
  }
  return {};
}

}  // namespace saker::replay
