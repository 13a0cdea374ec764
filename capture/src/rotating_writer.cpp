#include "saker/capture/rotating_writer.h"

#include <sys/stat.h>

#include <filesystem>

#include <fmt/format.h>

namespace saker::capture {

RotatingWriter::RotatingWriter(const std::string& path, const scap::WriterOptions& wopts,
                               const RotationOptions& ropts, const scap::Metadata& initial, std::FILE* log)
    : wopts_(wopts), ropts_(ropts), log_(log) {
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
  current_ = name_for(files_);
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
  if (log_) fmt::print(log_, "rotated to {}\n", current_);
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
  containers_.remember(ev);
  state_.apply(ev);
  writer_->write_event(ev);
}

void RotatingWriter::flush() {
  writer_->flush();
}

void RotatingWriter::close() {
  if (writer_) writer_->close();
}

}  // namespace saker::capture
