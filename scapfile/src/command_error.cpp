#include "saker/scap/command_error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

namespace saker::scap {

namespace {

struct KindRow {
  ErrorKind kind;
  std::string_view name;
  int status;
};

// The one table of exit statuses (docs/exit-codes.md).
constexpr KindRow kKinds[] = {
    {ErrorKind::Capture, "capture", 1},
    {ErrorKind::Rules, "rules", 1},
    {ErrorKind::Filter, "filter", 1},
    {ErrorKind::Sql, "sql", 1},
    {ErrorKind::Usage, "usage", 2},
    {ErrorKind::Output, "output", 3},
    {ErrorKind::Environment, "environment", 3},
    {ErrorKind::BrokenPipe, "broken pipe", 141},
    {ErrorKind::Internal, "internal", 4},
};

const KindRow& row(ErrorKind kind) {
  for (const auto& r : kKinds)
    if (r.kind == kind) return r;
  return kKinds[std::size(kKinds) - 1];
}

std::string compose(const std::string& file, uint64_t offset, const std::string& what) {
  if (file.empty()) return what;
  if (offset == CommandError::kNoOffset) return fmt::format("{}: {}", file, what);
  return fmt::format("{}: offset {}: {}", file, offset, what);
}

}  // namespace

int exit_status(ErrorKind kind) {
  return row(kind).status;
}
std::string_view kind_name(ErrorKind kind) {
  return row(kind).name;
}

CommandError::CommandError(ErrorKind kind, std::string what)
    : std::runtime_error(what), kind_(kind), detail_(std::move(what)) {}

CommandError::CommandError(ErrorKind kind, std::string file, uint64_t offset, std::string what)
    : std::runtime_error(compose(file, offset, what)),
      kind_(kind),
      file_(std::move(file)),
      offset_(offset),
      detail_(std::move(what)) {}

CommandError write_error(const std::string& name, int err) {
  if (err == EPIPE) return CommandError(ErrorKind::BrokenPipe, name, CommandError::kNoOffset, "closed");
  return CommandError(ErrorKind::Output, name, CommandError::kNoOffset,
                      fmt::format("write failed: {}", std::strerror(err ? err : EIO)));
}

void checked_write(std::FILE* f, const void* data, size_t n, const std::string& name) {
  if (n == 0) return;
  errno = 0;
  if (std::fwrite(data, 1, n, f) != n) throw write_error(name, errno);
}

void checked_flush(std::FILE* f, const std::string& name) {
  errno = 0;
  if (std::fflush(f) != 0 || std::ferror(f)) throw write_error(name, errno);
}

}  // namespace saker::scap
