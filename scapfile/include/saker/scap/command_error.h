// Typed errors of Saker's commands and the one table that maps them to exit statuses
// (docs/exit-codes.md). Libraries throw CommandError (or scap::CaptureError, which is a capture
// error); only cli/ turns them into a message and an exit status.
#pragma once

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>

namespace saker::scap {

class CaptureError;

enum class ErrorKind {
  Capture,      // the capture cannot be read: missing, not a capture, damaged
  Rules,        // rule files with errors
  Filter,       // a filter or an output format that does not compile
  Sql,          // SQL that SQLite refuses
  Usage,        // options that do not fit together, bad values
  Output,       // an output cannot be written: full disk, refused target, closed stream
  Environment,  // the machine: permissions, missing kernel features, resources
  BrokenPipe,   // standard output closed by its reader (`| head`): quiet
  Internal,     // a bug: an exception nobody expected
};

// The exit status of each kind: 0 ok, 1 bad input, 2 usage, 3 output or environment,
// 4 internal, 141 a closed pipe (as if killed by SIGPIPE).
int exit_status(ErrorKind kind);
std::string_view kind_name(ErrorKind kind);

class CommandError : public std::runtime_error {
 public:
  static constexpr uint64_t kNoOffset = UINT64_MAX;

  CommandError(ErrorKind kind, std::string what);
  // `file` and `offset` are shown before the message: "FILE: offset N: what".
  CommandError(ErrorKind kind, std::string file, uint64_t offset, std::string what);

  ErrorKind kind() const { return kind_; }
  const std::string& file() const { return file_; }
  uint64_t offset() const { return offset_; }
  const std::string& detail() const { return detail_; }

 private:
  ErrorKind kind_;
  std::string file_;
  uint64_t offset_ = kNoOffset;
  std::string detail_;
};

// A failed write on an output stream: BrokenPipe for EPIPE, else Output naming `name`.
CommandError write_error(const std::string& name, int err);

// Writes all of `n` bytes to `f`; throws write_error(name, errno) when the stream fails.
void checked_write(std::FILE* f, const void* data, size_t n, const std::string& name = "standard output");
// Flushes `f`; throws write_error when the stream failed now or earlier.
void checked_flush(std::FILE* f, const std::string& name = "standard output");

}  // namespace saker::scap
