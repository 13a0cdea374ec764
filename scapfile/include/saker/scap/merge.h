// `saker merge`: several captures of one recording (rotated files, or captures of one host)
// written as one capture, their events in time order.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "saker/scap/metadata.h"
#include "saker/scap/writer.h"

namespace saker::scap {

struct MergeOptions {
  WriterOptions writer;
  // Merge inputs whose machine info names another host (hostname, boot time, CPUs).
  bool allow_other_machines = false;
  // Appended to the refusal of other machines (the CLI names its option there).
  std::string other_machines_hint;
  // Set (by another thread) to stop early: the output then ends where the merge was.
  const std::atomic<bool>* cancel = nullptr;
};

struct MergeInput {
  std::string path;
  uint64_t events = 0;                    // events read from it
  std::optional<std::string> read_error;  // damage: "path: offset N: ...", its events before it kept
};

struct MergeResult {
  uint64_t events_read = 0;
  uint64_t first_ts = 0, last_ts = 0;  // of the events written (0 when none)
  WriteStats written;
  std::vector<MergeInput> inputs;  // in the order given
  // The first input's damage, when any input is damaged: everything before each damage was written.
  std::optional<std::string> read_error;
  bool cancelled = false;
};

// The machine that recorded each input differs from the first one's: "" when they agree (or a
// capture has no machine info), else the first difference naming both files.
std::string machine_mismatch(const std::string& a_path, const Metadata& a, const std::string& b_path,
                             const Metadata& b);

// Writes every event of `inputs` to `out` in timestamp order (equal timestamps keep the order of
// the inputs, then each file's order), after the first input's section header, machine info and
// interface, user, process and fd lists; the other inputs' state blocks are left out
// (docs/decisions.md). Throws CommandError (Usage) when the inputs were recorded on different
// machines and `allow_other_machines` is unset, CaptureError when an input cannot be opened or
// the output cannot be written. A damaged input ends at its damage (MergeInput::read_error).
// `progress` is called every few thousand events with the events read so far.
MergeResult merge_captures(const std::vector<std::string>& inputs, const std::string& out,
                           const MergeOptions& options, const std::function<void(uint64_t)>& progress = {});

}  // namespace saker::scap
