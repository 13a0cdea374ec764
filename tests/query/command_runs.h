// `saker print` and `saker search` run in-process with their output captured, for the tests
// that compare the two.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "captured_output.h"
#include "saker/query/print_command.h"
#include "saker/query/search.h"

namespace saker::query::test_runs {

inline test::CapturedOutput print(const std::string& capture, const std::string& filter,
                                  const std::string& format, int64_t limit = -1) {
  PrintOptions o;
  o.capture = capture;
  o.filter = filter;
  o.format = format;
  o.limit = limit;
  return test::capture_output([&](std::FILE* out, std::FILE* err) { return run_print(o, out, err); });
}

// `o` carries the options the caller sets beyond capture, filter, format and limit.
inline test::CapturedOutput search(SearchOptions o, const std::string& capture, const std::string& filter,
                                   const std::string& format, int64_t limit = -1) {
  o.capture = capture;
  o.filter = filter;
  o.format = format;
  o.limit = limit;
  return test::capture_output([&](std::FILE* out, std::FILE* err) { return run_search(o, out, err); });
}

}  // namespace saker::query::test_runs
