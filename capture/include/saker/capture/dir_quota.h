// --dir-quota: a hard bound on the bytes a recorder keeps on disk, the files it finished plus
// the one it is writing. Before the file in progress grows, the oldest finished files are
// removed; the file in progress never is. Used by triggered captures (every saker-* file of
// the directory) and by continuous mode (the files this recorder wrote).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>

#include "saker/scap/event.h"

namespace saker::capture {

class DirQuota {
 public:
  // Called for each file removed, with its size.
  using OnRemoved = std::function<void(const std::string& path, uint64_t size)>;

  explicit DirQuota(uint64_t limit = 0) : limit_(limit) {}
  bool enabled() const { return limit_ != 0; }
  uint64_t limit() const { return limit_; }

  // The finished files are the regular files of `dir` whose names start with `prefix`, oldest
  // (by modification time) first.
  void scan(const std::string& dir, const std::string& prefix);
  // A file finished now: the newest. A path already listed (a name reused) is replaced.
  void add_finished(const std::string& path, uint64_t size);
  // `path` is written again (-W reuses names): no longer a finished file.
  void forget(const std::string& path);
  // Removes the oldest finished files until they and `in_progress` bytes fit the limit. False
  // when `in_progress` alone passes it (every finished file is gone then).
  bool make_room(uint64_t in_progress, const OnRemoved& on_removed);
  uint64_t finished_bytes() const { return finished_bytes_; }
  // What make_room removed since the start.
  uint64_t removed_files() const { return removed_files_; }
  uint64_t removed_bytes() const { return removed_bytes_; }

 private:
  struct File {
    std::string path;
    uint64_t size;
  };
  uint64_t limit_;
  std::deque<File> finished_;
  uint64_t finished_bytes_ = 0;
  uint64_t removed_files_ = 0, removed_bytes_ = 0;
};

// At least the bytes `ev` takes in a capture (its block, before compression).
uint64_t event_block_bound(const scap::EventView& ev);

}  // namespace saker::capture
