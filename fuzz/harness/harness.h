// Fuzz harnesses: one function per untrusted input, shared by the libFuzzer targets in
// fuzz/ and by the regression test that replays fuzz/corpus and fuzz/regressions in the
// regular build (tests/robustness). Each returns 0; a bug shows as a crash, a sanitizer
// report or an exception other than the documented error types escaping.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace saker::fuzz {

// A whole capture file (plain, gzip or zstd, as its magic says): every event decoded and
// its arguments rendered.
int capture_file(const uint8_t* data, size_t size);
// Byte 0 picks gzip or zstd (and one or two members/frames), byte 1 where to cut the
// compressed stream (0: not at all); the rest is compressed and read as a capture.
int compressed_capture(const uint8_t* data, size_t size);
// A capture in zstd's seekable format: byte 0 picks the frame size (bit 7: the rest is the
// whole file instead, table included), bytes 1-3 which byte of the file to damage and how;
// the rest is compressed into frames with a seek table. Read sequentially, then by jumps.
int seekable_capture(const uint8_t* data, size_t size);
// One block after a valid section header: bytes 0-1 pick the block type among the known
// ones, the rest is its body.
int single_block(const uint8_t* data, size_t size);
// A filter condition, compiled with some macros and lists, then evaluated over the sample
// capture; the same text as an output format, rendered.
int filter_text(const uint8_t* data, size_t size);
// A rule file: loaded, compiled and run over the sample capture.
int rule_file(const uint8_t* data, size_t size);
// SQL run by run_query over the index of the sample capture; byte 0 picks the format.
int sql_query(const uint8_t* data, size_t size);
// Events for the state engine, every field extracted after each: a capture file when the
// input starts with a section header, else a stream of synthetic events built from the bytes.
int state_events(const uint8_t* data, size_t size);

struct Target {
  std::string_view name;  // fuzz_<name> is the libFuzzer program, fuzz/corpus/<name> its seeds
  int (*run)(const uint8_t*, size_t);
};
inline constexpr Target kTargets[] = {
    {"capture", capture_file}, {"compressed", compressed_capture},
    {"block", single_block},   {"filter", filter_text},
    {"rules", rule_file},      {"query", sql_query},
    {"state", state_events},   {"seekable", seekable_capture},
};

}  // namespace saker::fuzz
