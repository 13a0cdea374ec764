// The test oracle: `saker print` (run_print) and `saker replay` (run_replay) output as lines,
// an independent path through the same libraries the inspector uses.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "saker/query/print_command.h"
#include "saker/rules/commands.h"

namespace saker::inspector::test {

inline std::vector<std::string> read_lines(std::FILE* f) {
  std::vector<std::string> lines;
  std::rewind(f);
  std::string cur;
  for (int c; (c = std::fgetc(f)) != EOF;) {
    if (c == '\n') {
      lines.push_back(cur);
      cur.clear();
    } else {
      cur += static_cast<char>(c);
    }
  }
  if (!cur.empty()) lines.push_back(cur);
  return lines;
}

inline std::vector<std::string> print_lines(const std::string& capture, const std::string& filter,
                                            const std::string& format) {
  query::PrintOptions o;
  o.capture = capture;
  o.filter = filter;
  o.format = format;
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  query::run_print(o, out, err);
  auto lines = read_lines(out);
  std::fclose(out);
  std::fclose(err);
  return lines;
}

inline std::vector<std::string> replay_lines(const std::string& capture) {
  rules::ReplayOptions o;
  o.captures = {capture};
  o.quiet = true;
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  rules::run_replay(o, out, err);
  auto lines = read_lines(out);
  std::fclose(out);
  std::fclose(err);
  return lines;
}

}  // namespace saker::inspector::test
