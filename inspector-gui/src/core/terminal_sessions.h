// Terminal sessions: for each controlling terminal, the commands run on it and what was
// read from and written to it, in time order, for playback.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "capture_store.h"

namespace saker::inspector {

struct TermChunk {
  enum Kind : uint8_t { Command, Output, Input };
  Kind kind = Output;
  uint64_t ts = 0, num = 0;
  std::string process;
  std::string text;
};

struct TermSession {
  uint32_t tty = 0;  // the kernel's tty number (proc.tty)
  std::string name;  // "/dev/pts/0" once a write to it was seen
  std::vector<TermChunk> chunks;
};

struct TermResult {
  std::vector<TermSession> sessions;
  std::string error;
  bool truncated = false;  // stopped at the size limit
};

TermResult terminal_sessions(const CaptureInfo& info, const std::atomic<bool>& cancel,
                             size_t limit_bytes = size_t{32} << 20);

// The session as a terminal would have shown it up to `upto` chunks: commands as prompts.
std::string render_session(const TermSession& s, size_t upto);

}  // namespace saker::inspector
