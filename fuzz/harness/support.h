// Helpers the harnesses share: inputs as files, and the sample capture held in memory.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "saker/scap/event.h"
#include "saker/scap/metadata.h"

namespace saker::replay {
class State;
}
namespace saker::query {
struct EvalContext;
}

namespace saker::fuzz {

// The bytes as an anonymous in-memory file, reachable by path (/proc/self/fd/N) for APIs
// that open files themselves. Nothing touches the disk.
class MemFile {
 public:
  MemFile(const void* data, size_t size);
  ~MemFile();
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// Reads a capture to its end or first error, rendering every event's arguments; with
// `state`, the events go through it and every field is extracted after each one.
void drain_capture(const std::string& path, bool with_state);

// The capture in samples/ (absolute path compiled in), decoded once and kept in memory.
struct SampleCapture {
  std::string path;
  scap::Metadata meta;
  std::vector<scap::EventView> events;  // parameters point into `storage`
  std::vector<std::vector<uint8_t>> storage;
};
const SampleCapture& sample_capture();
// The sample's events through a fresh state, `fn` called with each one's evaluation context
// (state, argument rendering, times relative to the first event).
void replay_sample(const std::function<void(const query::EvalContext&)>& fn);

// Extracts and renders every registered field for the current event.
void extract_all_fields(const scap::EventView& ev, const replay::State& state);

}  // namespace saker::fuzz
