// Compressed captures are decompressed once into a plain temporary file: compressed streams
// can only seek by restarting, which would make every backward jump in the event list
// decompress the capture again.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace saker::inspector {

// True when the file is gzip or zstd (false for plain captures and unreadable files).
bool is_compressed_capture(const std::string& path);

// Writes the decompressed stream of `in` to `out`. Returns "" or the error (naming the file);
// on damage every byte before it is written. `progress` gets the bytes written so far.
std::string decompress_capture(const std::string& in, const std::string& out, const std::atomic<bool>& cancel,
                               const std::function<void(uint64_t)>& progress = {});

}  // namespace saker::inspector
