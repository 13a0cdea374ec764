#include "saker/capture/output_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "saker/scap/command_error.h"

namespace saker::capture {

namespace {

scap::CommandError refuse(const std::string& output, const std::string& why) {
  return scap::CommandError(scap::ErrorKind::Output, output, scap::CommandError::kNoOffset, why);
}

// The holder's pid, as it wrote it into the lock file ("" when unknown).
std::string holder_of(int fd) {
  char buf[32] = {};
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return {};
  std::string pid(buf, static_cast<size_t>(n));
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid;
}

}  // namespace

std::string record_lock_path(bool trigger, const std::string& dir, const std::string& output) {
  if (trigger) return dir;
  std::filesystem::path p(output);
  return (p.parent_path() / ("." + p.filename().string() + ".saker-record.lock")).string();
}

OutputLock::OutputLock(std::string lock_path, const std::string& output) : path_(std::move(lock_path)) {
  // A directory is locked itself: no file to create, so a read-only one (made writable later)
  // can be locked too.
  int dir = ::open(path_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    if (::flock(dir, LOCK_EX | LOCK_NB) != 0) {
      int e = errno;
      ::close(dir);
      throw refuse(output, e == EWOULDBLOCK ? std::string("another saker record is writing into it")
                                            : fmt::format("cannot lock: {}", std::strerror(e)));
    }
    fd_ = dir;
    directory_ = true;
    return;
  }
  for (;;) {
    int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
      throw refuse(output, fmt::format("cannot create the lock file {}: {}", path_, std::strerror(errno)));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int e = errno;
      std::string pid = holder_of(fd);
      ::close(fd);
      if (e == EWOULDBLOCK)
        throw refuse(output, fmt::format("another saker record{} is writing it (lock {})",
                                         pid.empty() ? "" : " (pid " + pid + ")", path_));
      throw refuse(output, fmt::format("cannot lock {}: {}", path_, std::strerror(e)));
    }
    // Its previous holder may have removed the file between our open and flock: then the lock
    // is on a name nobody else can find, so take it again.
    struct stat held {
    }, named{};
    if (::fstat(fd, &held) == 0 && ::lstat(path_.c_str(), &named) == 0 && held.st_dev == named.st_dev &&
        held.st_ino == named.st_ino) {
      fd_ = fd;
      break;
    }
    ::close(fd);
  }
  std::string pid = fmt::format("{}\n", ::getpid());
  if (::ftruncate(fd_, 0) == 0) (void)!::pwrite(fd_, pid.data(), pid.size(), 0);
}

OutputLock::~OutputLock() {
  if (fd_ < 0) return;
  if (!directory_) ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace saker::capture
