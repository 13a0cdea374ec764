// A file of JSON alert lines, appended to (mode 0600, never through a symbolic link) and
// opened again on SIGHUP, so logrotate can move it away.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "alert_output_factories.h"
#include "saker/scap/command_error.h"

namespace saker::rules {

namespace {

// The file descriptor, or an error message.
int open_append(const std::string& path, std::string& why) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    why = errno == ELOOP ? "is a symbolic link" : std::strerror(errno);
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    why = "not a regular file";
    return -1;
  }
  return fd;
}

class FileOutput : public AlertOutput {
 public:
  FileOutput(std::string name, std::string path) : name_(std::move(name)), path_(std::move(path)) {
    std::string why;
    fd_ = open_append(path_, why);
    if (fd_ < 0)
      throw scap::CommandError(scap::ErrorKind::Output, fmt::format("alert output {}: {}", path_, why));
  }
  ~FileOutput() override {
    if (fd_ >= 0) ::close(fd_);
  }
  const std::string& name() const override { return name_; }
  void write(const Alert& alert, const std::atomic<bool>&) override {
    line_.assign(alert.json).push_back('\n');
    size_t done = 0;
    while (done < line_.size()) {
      ssize_t n = ::write(fd_, line_.data() + done, line_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw std::runtime_error(fmt::format("{}: write failed: {}", path_, std::strerror(errno)));
      done += static_cast<size_t>(n);
    }
  }
  // A path that cannot be opened now keeps the old file: alerts still land somewhere.
  void reopen() override {
    std::string why;
    int fd = open_append(path_, why);
    if (fd < 0) throw std::runtime_error(fmt::format("{}: cannot open again: {}", path_, why));
    ::close(fd_);
    fd_ = fd;
  }

 private:
  std::string name_, path_, line_;
  int fd_ = -1;
};

}  // namespace

std::unique_ptr<AlertOutput> make_file_output(const std::string& name, const std::string& path) {
  return std::make_unique<FileOutput>(name, path);
}

}  // namespace saker::rules
