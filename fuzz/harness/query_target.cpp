// SQL harness: run_query over the index of the sample capture, built once.
#include <sqlite3.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "harness.h"
#include "saker/query/capture_index.h"
#include "support.h"

namespace saker::fuzz {

namespace {

// Statements may legitimately run for ever (recursive CTEs) or build huge values; the harness
// bounds both on every connection so a slow statement is not reported as a hang.
int stop_long_statements(void* budget) {
  return --*static_cast<long*>(budget) < 0;
}
int bound_connection(sqlite3* db, const char**, const struct sqlite3_api_routines*) {
  static thread_local long budget;
  budget = 20000;  // x 1000 virtual machine steps per connection
  sqlite3_progress_handler(db, 1000, stop_long_statements, &budget);
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1 << 20);
  return SQLITE_OK;
}

struct Index {
  std::string dir, capture, index;
  std::FILE* sink = nullptr;
  Index() {
    sqlite3_auto_extension(reinterpret_cast<void (*)()>(bound_connection));
    char tmpl[] = "/tmp/saker-fuzz-query-XXXXXX";
    if (!::mkdtemp(tmpl)) std::abort();
    dir = tmpl;
    capture = sample_capture().path;
    index = dir + "/sample.saker-index";
    sink = std::fopen("/dev/null", "w");
    query::build_index(capture, index);
  }
  ~Index() {
    std::fclose(sink);
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace

int sql_query(const uint8_t* data, size_t size) {
  static Index idx;
  if (size < 1) return 0;
  auto format = static_cast<query::QueryFormat>(data[0] % 3);
  std::string sql(reinterpret_cast<const char*>(data + 1), size - 1);
  query::run_query(idx.capture, idx.index, sql, format, idx.sink, idx.sink);
  return 0;
}

}  // namespace saker::fuzz
