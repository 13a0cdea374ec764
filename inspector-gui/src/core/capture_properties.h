// Statistics > Capture properties: what a capture says about itself (file, compression,
// format version, the machine block, the metadata lists) and what the statistics pass counted
// (events, time span, the driver's drop events), as name and value rows.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "capture_store.h"

namespace saker::inspector {

struct CaptureProperties {
  std::string compression;  // none, gzip, zstd
  uint64_t seekable_frames = 0;
  uint64_t stream_bytes = 0;   // the (decompressed) stream's size when known up front
  std::string format_version;  // the first section's "1.2"
  bool has_machine = false;    // the capture has a machine block
  std::string hostname;
  uint32_t num_cpus = 0;
  uint64_t memory_bytes = 0;
  uint64_t boot_ts = 0;  // 0: not recorded
  size_t users = 0, groups = 0, threads = 0;
  std::vector<std::string> interfaces;  // "eth0 10.0.0.5"
  uint64_t drop_events = 0;             // the driver's drop events (its ring buffer overflowed)
  uint64_t events_read = 0;             // every event the pass applied (libs' internal ones too)
};

// The first section's metadata and the file's format, from a reader that opened it.
void read_properties(scap::Reader& reader, CaptureProperties& p);

struct PropertyRow {
  std::string name, value;
};

// The rows Statistics > Capture properties shows. `file_bytes` is the opened file's size;
// `listed` the events the list can show of the whole capture.
std::vector<PropertyRow> property_rows(const CaptureInfo& info, const CaptureProperties& p,
                                       uint64_t file_bytes, uint64_t listed);

// "1.50 MiB (1572864 bytes)".
std::string byte_size_text(uint64_t bytes);

// "2024-03-01 12:00:00.123456789 UTC".
std::string utc_time_text(uint64_t ns);

}  // namespace saker::inspector
