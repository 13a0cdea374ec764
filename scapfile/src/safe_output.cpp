#include "saker/scap/safe_output.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "saker/scap/error.h"

namespace saker::scap {

namespace {

CommandError refuse(const std::string& target, const std::string& why) {
  return CommandError(ErrorKind::Output, target, CommandError::kNoOffset, why);
}

std::string kind_of(mode_t m) {
  if (S_ISLNK(m)) return "a symbolic link (not followed)";
  if (S_ISDIR(m)) return "a directory";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

// Whether `st` is one of the inputs (followed through links: the input is what they read).
bool is_an_input(const struct stat& st, const std::vector<std::string>& inputs) {
  for (const auto& in : inputs) {
    struct stat i;
    if (::stat(in.c_str(), &i) == 0 && i.st_dev == st.st_dev && i.st_ino == st.st_ino) return true;
  }
  return false;
}

// Returns true when the target exists (and may be replaced).
bool check(const std::string& target, const SafeOutputOptions& opts) {
  if (target.empty()) throw CommandError(ErrorKind::Usage, "an empty output path");
  struct stat st;
  if (::lstat(target.c_str(), &st) != 0) {
    if (errno == ENOENT) return false;
    throw refuse(target, fmt::format("cannot check: {}", std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) throw refuse(target, fmt::format("is {}: not replaced", kind_of(st.st_mode)));
  if (is_an_input(st, opts.inputs)) throw refuse(target, "is the input: not replaced");
  if (!opts.force) throw refuse(target, "exists: not replaced (--force replaces a regular file)");
  return true;
}

std::string folder_of(const std::string& target) {
  auto parent = std::filesystem::path(target).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

}  // namespace

void check_output_target(const std::string& target, const SafeOutputOptions& opts) {
  check(target, opts);
}

SafeOutput::SafeOutput(std::string target, SafeOutputOptions opts)
    : target_(std::move(target)), opts_(std::move(opts)) {
  check(target_, opts_);
  std::string name = std::filesystem::path(target_).filename().string();
  std::string folder = folder_of(target_);
  temp_ = fmt::format("{}/.{}.saker-XXXXXX", folder, name);
  fd_ = ::mkostemp(temp_.data(), O_CLOEXEC);
  if (fd_ < 0) {
    int e = errno;
    temp_.clear();
    throw refuse(target_, fmt::format("cannot create a file in {}: {}", folder, std::strerror(e)));
  }
  ::fchmod(fd_, opts_.mode);
}

SafeOutput::~SafeOutput() {
  if (stream_)
    std::fclose(stream_);
  else if (fd_ >= 0)
    ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

std::FILE* SafeOutput::stream() {
  if (!stream_) {
    stream_ = ::fdopen(fd_, "w");
    if (!stream_) throw refuse(target_, fmt::format("cannot write: {}", std::strerror(errno)));
  }
  return stream_;
}

void SafeOutput::commit() {
  if (committed_) return;
  if (stream_) {
    checked_flush(stream_, target_);
    std::FILE* s = stream_;
    stream_ = nullptr;
    int fd = ::dup(fd_);
    if (std::fclose(s) != 0) throw write_error(target_, errno);
    fd_ = fd;
  }
  if (::fsync(fd_) != 0 && errno != EINVAL) throw write_error(target_, errno);
  // The target is checked again: it may have appeared (or changed) while this was written.
  bool replace = check(target_, opts_);
  int r = replace ? ::rename(temp_.c_str(), target_.c_str())
                  : static_cast<int>(::syscall(SYS_renameat2, AT_FDCWD, temp_.c_str(), AT_FDCWD,
                                               target_.c_str(), RENAME_NOREPLACE));
  if (r != 0 && !replace && (errno == EINVAL || errno == ENOSYS)) {
    // No renameat2 here (some file systems): a hard link refuses an existing target too.
    r = ::link(temp_.c_str(), target_.c_str());
    if (r == 0) ::unlink(temp_.c_str());
  }
  if (r != 0) throw refuse(target_, fmt::format("cannot rename into place: {}", std::strerror(errno)));
  committed_ = true;
  ::close(fd_);
  fd_ = -1;
}

CommandError SafeOutput::output_error(const CaptureError& e) const {
  return CommandError(ErrorKind::Output, target_, e.path() == temp_ ? e.offset() : CommandError::kNoOffset,
                      e.path() == temp_ ? e.detail() : e.what());
}

}  // namespace saker::scap
