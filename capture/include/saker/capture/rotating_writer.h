// Continuous recording into a series of files, like sysdig's -C/-G/-W: a new file when the
// current one passes a size or an age, keeping at most a count of them or a total size (the
// oldest removed first, never the file in progress). Every file starts
// with a state snapshot and the containers known so far, so each one replays correctly alone.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "saker/capture/container_events.h"
#include "saker/capture/dir_quota.h"
#include "saker/replay/state.h"
#include "saker/scap/writer.h"

namespace saker::capture {

struct RotationOptions {
  uint64_t max_bytes = 0;  // -C: rotate past this many bytes (0: no limit)
  double max_seconds = 0;  // -G: rotate after this many seconds of events (0: no limit)
  uint32_t max_files = 0;  // -W: keep this many files, reusing names in a ring (0: keep all)
  uint64_t dir_quota = 0;  // --dir-quota: bytes of this recorder's files kept, never passed (0: no limit)
  bool enabled() const { return max_bytes || max_seconds > 0; }
};

class RotatingWriter {
 public:
  // Without rotation the file is `path`; with it, BASE0.scap, BASE1.scap, ... (BASE and the
  // extension from `path`).
  // `log` gets the quota's removals and early ends always, the rotations unless `quiet`.
  RotatingWriter(const std::string& path, const scap::WriterOptions& wopts, const RotationOptions& ropts,
                 const scap::Metadata& initial, std::FILE* log, bool quiet = false);
  // Throws scap::CaptureError when writing fails, or when --dir-quota cannot hold one file with
  // its snapshot and the event.
  void write_event(const scap::EventView& ev);
  void flush();
  void close();
  // After a failed write (a full disk): closes the file in progress, cut back to its last
  // complete block, and removes it when nothing reached it. Returns the removed path or "".
  std::string abandon();
  uint64_t bytes_written() const { return total_bytes_ + (writer_ ? writer_->bytes_written() : 0); }
  uint32_t files_opened() const { return files_; }
  const DirQuota& quota() const { return quota_; }
  // Files ended early because the next event would have passed --dir-quota.
  uint64_t quota_stops() const { return quota_stops_; }
  const std::string& current_path() const { return current_; }
  // Called with each file once it is complete (rotated away from, or closed).
  void set_on_finished(std::function<void(const std::string&)> f) { on_finished_ = std::move(f); }

 private:
  void open_next(uint64_t ts);
  // Removes the oldest finished files so that the one in progress may grow by `extra` bytes
  // within --dir-quota; false when it alone would pass it.
  bool room_for(uint64_t extra);
  std::string name_for(uint32_t index) const;
  void log_removed(const std::string& path, uint64_t bytes);

  std::function<void(const std::string&)> on_finished_;
  bool closed_ = false;
  std::string stem_, ext_;
  scap::WriterOptions wopts_;
  RotationOptions ropts_;
  std::FILE* log_;
  bool quiet_;
  replay::State state_;
  ContainerEvents containers_;
  DirQuota quota_;
  std::unique_ptr<scap::Writer> writer_;
  std::string current_;
  uint64_t opened_ts_ = 0, total_bytes_ = 0, section_bytes_ = 0;
  uint32_t files_ = 0;
  uint64_t quota_stops_ = 0;
};

}  // namespace saker::capture
