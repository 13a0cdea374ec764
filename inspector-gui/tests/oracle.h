// The test oracle: `saker print` (run_print) and `saker replay` (run_replay) output as lines,
// an independent path through the same libraries the inspector uses.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "captured_output.h"
#include "saker/query/print_command.h"
#include "saker/rules/commands.h"

namespace saker::inspector::test {

inline std::vector<std::string> print_lines(const std::string& capture, const std::string& filter,
                                            const std::string& format) {
  query::PrintOptions o;
  o.capture = capture;
  o.filter = filter;
  o.format = format;
  auto r = saker::test::capture_output(
      [&](std::FILE* out, std::FILE* err) { return query::run_print(o, out, err); });
  return saker::test::split_lines(r.out);
}

inline std::vector<std::string> replay_lines(const std::string& capture) {
  rules::ReplayOptions o;
  o.captures = {capture};
  o.quiet = true;
  auto r = saker::test::capture_output(
      [&](std::FILE* out, std::FILE* err) { return rules::run_replay(o, out, err); });
  return saker::test::split_lines(r.out);
}

}  // namespace saker::inspector::test
