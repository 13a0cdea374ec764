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

// Entry vectors of dropped tables, every entry free but keeping its strings' buffers. Dead
// processes go in bursts (the state drops exited threads in batches, as libs does) and new
// ones come in bursts: the pool is sized for a burst, in entries.
struct FdVectorPool {
  static constexpr size_t kKeepEntries = 65536;
  std::vector<std::vector<FdInfo>> free;
  size_t entries = 0;
};
thread_local FdVectorPool t_fd_vectors;

// A pooled vector of at least `want` entries when there is one among the last 32 given back,
// else the last one given back.
std::vector<FdInfo> take_fd_vector(size_t want) {
  auto& pool = t_fd_vectors.free;
  if (pool.empty()) return {};
  size_t pick = pool.size() - 1;
  for (size_t i = pool.size(); i-- > 0 && i + 32 >= pool.size();)
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

FdTable::FdTable() : entries_(take_fd_vector(0)) {}

FdTable::~FdTable() {
  for (size_t i = 0; i < small_count_; ++i) entries_[i].fd = -1;  // add() resets the rest
  give_fd_vector(entries_);
}

FdTable::FdTable(const FdTable& other)
    : small_count_(other.small_count_), open_(other.open_), large_(other.large_), count_(other.count_) {
  entries_ = take_fd_vector(small_count_);
  if (entries_.size() < small_count_) entries_.resize(small_count_);
  for (size_t i = 0; i < small_count_; ++i) entries_[i] = other.entries_[i];
  size_t used = 0;  // the highest open fd below kSmall, plus one
  for (size_t w = open_.size(); w-- > 0;)
    if (open_[w]) {
      used = w * 64 + 64 - static_cast<size_t>(std::countl_zero(open_[w]));
      break;
    }
  slot_.assign(other.slot_.begin(), other.slot_.begin() + static_cast<std::ptrdiff_t>(used));
}

FdInfo* FdTable::find(int64_t fd) {
  if (fd >= 0 && fd < kSmall) {
    const auto i = static_cast<size_t>(fd);
    if (i < slot_.size() && slot_[i]) return &entries_[slot_[i] - 1];
    return nullptr;
  }
  auto it = large_.find(fd);
  return it == large_.end() ? nullptr : &it->second;
}

const FdInfo* FdTable::find(int64_t fd) const {
  return const_cast<FdTable*>(this)->find(fd);
}

FdInfo& FdTable::add(int64_t fd) {
  FdInfo* entry;
  if (fd >= 0 && fd < kSmall) {
    const auto i = static_cast<size_t>(fd);
    if (i >= slot_.size()) slot_.resize(i + 1);
    if (slot_[i]) {
      entry = &entries_[slot_[i] - 1];
    } else {
      if (small_count_ == entries_.size()) entries_.emplace_back();
      entry = &entries_[small_count_++];
      slot_[i] = static_cast<uint16_t>(small_count_);
      open_[i / 64] |= uint64_t{1} << (i % 64);
      ++count_;
    }
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
    entry = &it->second;
  }
  entry->reset(fd);
  return *entry;
}

void FdTable::remove_small(size_t fd) {
  const size_t at = slot_[fd] - 1u, last = small_count_ - 1;
  if (at != last) {
    std::swap(entries_[at], entries_[last]);  // the free entry keeps the strings' buffers
    slot_[static_cast<size_t>(entries_[at].fd)] = static_cast<uint16_t>(at + 1);
  }
  entries_[last].reset(-1);
  --small_count_;
  slot_[fd] = 0;
  open_[fd / 64] &= ~(uint64_t{1} << (fd % 64));
  --count_;
}

void FdTable::remove(int64_t fd) {
  if (fd >= 0 && fd < kSmall) {
    const auto i = static_cast<size_t>(fd);
    if (i < slot_.size() && slot_[i]) remove_small(i);
    return;
  }
  if (large_.erase(fd)) --count_;
}

void FdTable::clear() {
  for (size_t i = 0; i < small_count_; ++i) entries_[i].reset(-1);
  small_count_ = 0;
  slot_.clear();
  open_.fill(0);
  large_.clear();
  count_ = 0;
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
