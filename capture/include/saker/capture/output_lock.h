// One recorder per output: an exclusive flock (LOCK_EX | LOCK_NB) on a lock file beside the file
// the recorder writes, or on the directory of triggered captures, held until it ends. A second recorder on
// the same file or directory fails at start instead of writing over the first one's capture.
#pragma once

#include <string>

namespace saker::capture {

// What a recording locks: DIR itself for `--trigger -o DIR`, else the lock file
// .NAME.saker-record.lock beside `-w NAME` (rotated files included).
std::string record_lock_path(bool trigger, const std::string& dir, const std::string& output);

class OutputLock {
 public:
  // Takes the lock on `lock_path`, a directory or a lock file (created with mode 0600, never
  // through a symbolic link), for `output`. Throws scap::CommandError (Output, naming `output`) when another
  // process holds it or the lock file cannot be made.
  OutputLock(std::string lock_path, const std::string& output);
  ~OutputLock();  // removes a lock file, then releases the lock
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
  bool directory_ = false;
};

}  // namespace saker::capture
