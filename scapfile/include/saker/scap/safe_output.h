// Evidence-safe output: every file Saker writes is written to a temporary file in the target's
// folder and renamed into place at the end, and only when the target is absent, or a regular
// file the user asked to replace (--force) that is not one of the inputs (same device and
// inode). A symbolic link is never followed; a device, FIFO, socket or directory is never
// replaced. An output that is not committed leaves nothing behind (docs/exit-codes.md).
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <string>
#include <vector>

#include "saker/scap/command_error.h"

namespace saker::scap {

class CaptureError;

struct SafeOutputOptions {
  bool force = false;               // replace an existing regular file
  mode_t mode = 0600;               // captures and indexes: 0600
  std::vector<std::string> inputs;  // files the output may not replace
};

// Throws CommandError (Output) when `target` may not be written under `opts`.
void check_output_target(const std::string& target, const SafeOutputOptions& opts);

class SafeOutput {
 public:
  // Checks the target and creates the temporary file; throws CommandError (Output).
  SafeOutput(std::string target, SafeOutputOptions opts);
  ~SafeOutput();
  SafeOutput(const SafeOutput&) = delete;
  SafeOutput& operator=(const SafeOutput&) = delete;

  const std::string& target() const { return target_; }
  // Where the content goes until commit().
  const std::string& temp_path() const { return temp_; }
  int fd() const { return fd_; }
  // A stdio stream on the temporary file (made on first use, closed by commit()).
  std::FILE* stream();

  // Flushes, syncs, checks the target again and renames the temporary file onto it. Throws
  // CommandError (Output) naming the target.
  void commit();
  bool committed() const { return committed_; }

  // A write error on the temporary file, as an Output error naming the target.
  CommandError output_error(const CaptureError& e) const;

 private:
  std::string target_, temp_;
  SafeOutputOptions opts_;
  int fd_ = -1;
  std::FILE* stream_ = nullptr;
  bool committed_ = false;
};

}  // namespace saker::scap
