// `saker info`: a summary of a capture read end to end.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "saker/scap/byte_source.h"
#include "saker/scap/metadata.h"

namespace saker::scap {

struct CaptureInfo {
  std::string path;
  Compression compression = Compression::None;
  uint64_t seekable_frames = 0;  // frames in a zstd seek table (zstd's seekable format)
  uint64_t stream_bytes = 0;     // uncompressed
  std::vector<SectionInfo> sections;
  std::optional<MachineInfo> machine;
  size_t threads = 0, fds = 0, users = 0, groups = 0, interfaces = 0;
  std::map<std::string, uint64_t> blocks;
  uint64_t events = 0;
  uint64_t skipped_events = 0;
  uint64_t first_ts = 0, last_ts = 0;              // 0 when there are no timestamped events
  std::map<std::string, uint64_t> events_by_type;  // "open >" / "open <"
  uint64_t drop_events = 0;
  uint64_t state_only_events = 0;
  std::vector<std::string> warnings;
  std::optional<std::string> error;  // damage found after everything before it was counted
};

// Reads the whole capture. Throws CaptureError only when it cannot be opened at all.
CaptureInfo collect_capture_info(const std::string& path);

std::string format_capture_info(const CaptureInfo& info);
std::string format_capture_info_json(const CaptureInfo& info);

}  // namespace saker::scap
