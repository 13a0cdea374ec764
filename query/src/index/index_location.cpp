// Where the index of a capture lives and how concurrent builders share it: beside the capture
// when that folder is writable, otherwise in $XDG_CACHE_HOME/saker/ keyed by the capture's
// identity; builders take a lock (flock) and the others wait and use the result.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "saker/query/capture_index.h"
#include "saker/scap/command_error.h"

namespace saker::query {

namespace {

std::string folder_of(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

}  // namespace

std::string index_cache_dir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x == '/') return std::string(x) + "/saker";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/saker";
  return {};
}

std::string cached_index_path(const std::string& capture) {
  struct stat st;
  std::string dir = index_cache_dir();
  if (dir.empty() || ::stat(capture.c_str(), &st) != 0) return {};
  // The capture's identity: the same file as long as device, inode, size and mtime hold.
  uint64_t mtime =
      static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000ull + static_cast<uint64_t>(st.st_mtim.tv_nsec);
  return fmt::format("{}/{}-{:x}-{:x}-{:x}-{:x}.saker-index", dir,
                     std::filesystem::path(capture).filename().string(), static_cast<uint64_t>(st.st_dev),
                     static_cast<uint64_t>(st.st_ino), static_cast<uint64_t>(st.st_size), mtime);
}

std::string choose_index_path(const std::string& capture) {
  std::string beside = default_index_path(capture);
  if (index_is_current(capture, beside)) return beside;
  if (::access(folder_of(beside).c_str(), W_OK) == 0) return beside;
  std::string cached = cached_index_path(capture);
  return cached.empty() ? beside : cached;
}

IndexLock::IndexLock(const std::string& index_path) {
  auto p = std::filesystem::path(index_path);
  path_ = (p.parent_path().empty() ? std::filesystem::path(".") : p.parent_path()) /
          ("." + p.filename().string() + ".lock");
  for (;;) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd_ < 0)
      throw scap::CommandError(scap::ErrorKind::Output, index_path, scap::CommandError::kNoOffset,
                               fmt::format("cannot lock: {}", std::strerror(errno)));
    while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
    // The holder before removed the lock file as it left: lock the new one instead.
    struct stat a, b;
    if (::fstat(fd_, &a) == 0 && ::stat(path_.c_str(), &b) == 0 && a.st_ino == b.st_ino &&
        a.st_dev == b.st_dev)
      return;
    ::close(fd_);
  }
}

IndexLock::~IndexLock() {
  if (fd_ < 0) return;
  ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace saker::query
