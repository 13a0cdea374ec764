// `saker convert`: read any capture and write it again (another profile or compression).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "saker/scap/writer.h"

namespace saker::scap {

struct ConvertResult {
  uint64_t events_read = 0;
  WriteStats written;
  std::optional<std::string> read_error;  // damage in the input; everything before it was written
};

// Throws CaptureError when the input cannot be opened or the output cannot be written.
// `progress` is called every few thousand events with the events read so far.
ConvertResult convert_capture(const std::string& in, const std::string& out, const WriterOptions& options,
                              const std::function<void(uint64_t)>& progress = {});

}  // namespace saker::scap
