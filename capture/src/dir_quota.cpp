#include "saker/capture/dir_quota.h"

#include <algorithm>
#include <filesystem>
#include <vector>

namespace saker::capture {

namespace fs = std::filesystem;

void DirQuota::scan(const std::string& dir, const std::string& prefix) {
  struct Entry {
    std::string path;
    uint64_t size;
    fs::file_time_type mtime;
  };
  std::vector<Entry> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (!e.path().filename().string().starts_with(prefix) || !e.is_regular_file(ec)) continue;
    files.push_back({e.path().string(), e.file_size(ec), e.last_write_time(ec)});
  }
  std::sort(files.begin(), files.end(), [](const Entry& a, const Entry& b) { return a.mtime < b.mtime; });
  finished_.clear();
  finished_bytes_ = 0;
  for (const auto& f : files) add_finished(f.path, f.size);
}

void DirQuota::forget(const std::string& path) {
  auto same = std::find_if(finished_.begin(), finished_.end(), [&](const File& f) { return f.path == path; });
  if (same == finished_.end()) return;
  finished_bytes_ -= same->size;
  finished_.erase(same);
}

void DirQuota::add_finished(const std::string& path, uint64_t size) {
  forget(path);
  finished_.push_back({path, size});
  finished_bytes_ += size;
}

bool DirQuota::make_room(uint64_t in_progress, const OnRemoved& on_removed) {
  if (!limit_) return true;
  while (!finished_.empty() && finished_bytes_ + in_progress > limit_) {
    File oldest = finished_.front();
    finished_.pop_front();
    finished_bytes_ -= oldest.size;
    std::error_code ec;
    fs::remove(oldest.path, ec);  // (already gone: its bytes are free all the same)
    ++removed_files_;
    removed_bytes_ += oldest.size;
    if (on_removed) on_removed(oldest.path, oldest.size);
  }
  return in_progress <= limit_;
}

uint64_t event_block_bound(const scap::EventView& ev) {
  // Block header and trailer, event header, flags, a 32-bit length per parameter, padding.
  uint64_t n = 64 + 4ull * ev.nparams;
  for (uint32_t i = 0; i < ev.nparams; ++i) n += ev.params[i].len;
  return n;
}

}  // namespace saker::capture
