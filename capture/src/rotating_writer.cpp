#include "saker/capture/rotating_writer.h"

#include <sys/stat.h>

#include <filesystem>

#include <fmt/format.h>

#include "saker/scap/error.h"

namespace saker::capture {

RotatingWriter::RotatingWriter(const std::string& path, const scap::WriterOptions& wopts,
                               const RotationOptions& ropts, const scap::Metadata& initial, std::FILE* log,
                               bool quiet)
    : wopts_(wopts), ropts_(ropts), log_(log), quiet_(quiet), quota_(ropts.enabled() ? ropts.dir_quota : 0) {
  std::filesystem::path p(path);
  ext_ = p.extension().string();
  stem_ = (p.parent_path() / p.stem()).string();
  if (ext_.empty()) ext_ = ".scap";
  current_ = ropts_.enabled() ? name_for(0) : path;
  if (ropts_.enabled()) state_.load(initial);
  writer_ = std::make_unique<scap::Writer>(current_, wopts_);
  writer_->begin_section(initial);
  section_bytes_ = writer_->bytes_written();
  files_ = 1;
}

std::string RotatingWriter::name_for(uint32_t index) const {
  if (ropts_.max_files) index %= ropts_.max_files;
  return fmt::format("{}{}{}", stem_, index, ext_);
}

void RotatingWriter::open_next(uint64_t ts) {
  total_bytes_ += writer_->bytes_written();
  writer_->close();
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(current_, ec);
  quota_.add_finished(current_, ec ? writer_->bytes_written() : size);
  if (on_finished_) on_finished_(current_);
  current_ = name_for(files_);
  quota_.forget(current_);  // -W: its old content goes now
  writer_.reset();
  // Room for the next file's snapshot, about as large as this one's.
  quota_.make_room(section_bytes_,
                   [this](const std::string& path, uint64_t bytes) { log_removed(path, bytes); });
  mode_t old = umask(077);
  try {
    writer_ = std::make_unique<scap::Writer>(current_, wopts_);
  } catch (...) {
    umask(old);
    throw;
  }
  umask(old);
  scap::Metadata meta = state_.snapshot();
  if (!meta.machine) meta.machine = state_.machine();
  writer_->begin_section(meta);
  containers_.write_all(*writer_, ts);
  section_bytes_ = writer_->bytes_written();
  ++files_;
  opened_ts_ = ts;
  if (log_ && !quiet_) fmt::print(log_, "rotated to {}\n", current_);
}

void RotatingWriter::write_event(const scap::EventView& ev) {
  if (!ropts_.enabled()) return writer_->write_event(ev);
  if (!opened_ts_) opened_ts_ = ev.ts;
  // Events only: the snapshot opening each file does not count, or a host whose process list
  // alone passes the size would rotate on every event.
  bool too_big = ropts_.max_bytes && writer_->bytes_written() - section_bytes_ >= ropts_.max_bytes;
  bool too_old = ropts_.max_seconds > 0 && ev.ts > opened_ts_ &&
                 ev.ts - opened_ts_ >= static_cast<uint64_t>(ropts_.max_seconds * 1e9);
  // The snapshot describes the state before this event, so rotate before applying it.
  if (too_big || too_old) open_next(ev.ts);
  if (quota_.enabled() && !room_for(event_block_bound(ev))) {
    // The file in progress alone would pass the quota: it ends here and the next one starts.
    if (writer_->bytes_written() > section_bytes_) {
      ++quota_stops_;
      if (log_)
        fmt::print(log_, "quota: {} alone reached --dir-quota ({} bytes); it ends here\n", current_,
                   quota_.limit());
      open_next(ev.ts);
    }
    if (!room_for(event_block_bound(ev)))
      throw scap::CaptureError(current_, writer_->bytes_written(),
                               fmt::format("--dir-quota of {} bytes cannot hold one file with its state "
                                           "snapshot and the next event",
                                           quota_.limit()));
  }
  containers_.remember(ev);
  state_.apply(ev);
  writer_->write_event(ev);
}

bool RotatingWriter::room_for(uint64_t extra) {
  return quota_.make_room(writer_->bytes_written() + extra,
                          [this](const std::string& path, uint64_t bytes) { log_removed(path, bytes); });
}

void RotatingWriter::log_removed(const std::string& path, uint64_t bytes) {
  if (!log_) return;
  fmt::print(log_, "quota: removed {} ({} bytes) to stay within {} bytes\n", path, bytes, quota_.limit());
  std::fflush(log_);
}

void RotatingWriter::flush() {
  writer_->flush();
}

void RotatingWriter::close() {
  if (!writer_ || closed_) return;
  writer_->close();
  closed_ = true;
  if (on_finished_) on_finished_(current_);
}

std::string RotatingWriter::abandon() {
  if (writer_) {
    try {
      writer_->close();
    } catch (const std::exception&) {  // the caller reports the first error
    }
  }
  std::error_code ec;
  if (std::filesystem::file_size(current_, ec) != 0 || ec) return {};
  std::filesystem::remove(current_, ec);
  return current_;
}

}  // namespace saker::capture
