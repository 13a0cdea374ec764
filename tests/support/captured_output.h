// Runs a subcommand's entry point (`int run_x(..., std::FILE* out, std::FILE* err)`) with its
// standard output and errors captured, for tests that check what a command prints.
#pragma once

#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "saker/scap/command_error.h"
#include "saker/scap/error.h"

namespace saker::test {

struct CapturedOutput {
  int status = -1;
  std::string out, err;
};

// Everything written to `f` so far.
inline std::string read_back(std::FILE* f) {
  std::string text;
  std::rewind(f);
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  return text;
}

// `run(out, err)` returns the exit status. A typed error it throws is reported on `err` as
// cli/ reports it, with the status of its kind (docs/exit-codes.md).
template <typename F>
CapturedOutput capture_output(F&& run) {
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  if (!out || !err) throw std::runtime_error("capture_output: no temporary file");
  CapturedOutput r;
  try {
    r.status = run(out, err);
  } catch (const scap::CommandError& e) {
    std::fflush(out);
    std::fprintf(err, "saker: %s\n", e.what());
    r.status = scap::exit_status(e.kind());
  } catch (const scap::CaptureError& e) {
    std::fflush(out);
    std::fprintf(err, "saker: %s\n", e.what());
    r.status = scap::exit_status(scap::ErrorKind::Capture);
  }
  r.out = read_back(out);
  r.err = read_back(err);
  std::fclose(out);
  std::fclose(err);
  return r;
}

// The lines of `text`, without their newlines (a last line lacking one counts too).
inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

}  // namespace saker::test
