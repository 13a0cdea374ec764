// event_rows inserts on a second thread: the reading thread (decode, state, interning)
// fills chunks of rows, the writer thread binds them kBatch rows per statement (one step then
// carries many rows, which roughly halves SQLite's per-row overhead) and writes each chunk again
// as a row pack (row_pack.h). The connection is used by the writer thread only until finish()
// returns.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "index/index_db.h"
#include "index/index_schema.h"
#include "index/row_pack.h"

namespace saker::query::index_build {

class RowWriter {
 public:
  using Col = index_schema::EventRowColumn;
  static constexpr int kCols = index_schema::kEventRowColumns;  // the last one is a blob, the others integers
  static constexpr size_t kBatch = 64;
  static constexpr size_t kChunk = kBatch * 32;
  static constexpr size_t kQueued = 8;

  explicit RowWriter(sqlite3* db);
  ~RowWriter();

  void i64(Col col, int64_t v) {
    Row& r = cur_.rows.back();
    r.v[at(col)] = v;
    r.null &= ~(1u << at(col));
  }
  void null(Col col) { cur_.rows.back().null |= 1u << at(col); }
  // The blob column: NULL when empty.
  void blob(std::string_view b) {
    Row& r = cur_.rows.back();
    if (b.empty()) {
      r.null |= 1u << (kCols - 1);
      return;
    }
    r.null &= ~(1u << (kCols - 1));
    r.v[kCols - 1] = static_cast<int64_t>(cur_.blobs.size());
    r.blob_len = static_cast<uint32_t>(b.size());
    cur_.blobs += b;
  }
  void id_or_null(Col col, uint32_t id) {
    if (id)
      i64(col, id);
    else
      null(col);
  }
  void step() {
    if (cur_.rows.size() == kChunk) {
      push();
    } else {
      cur_.rows.emplace_back();
    }
  }
  // Runs `job` on the writer thread (work that needs no connection, off the reading thread).
  void defer(std::function<void()> job);
  // Writes what is left and stops the thread; rethrows the writer's error.
  void finish();

 private:
  static constexpr int at(Col col) { return static_cast<int>(col) - 1; }
  static_assert(static_cast<int>(Col::kRender) == kCols, "the blob is the last column");

  struct Row {
    int64_t v[kCols];
    uint32_t null = 0;
    uint32_t blob_len = 0;  // the blob: blob_len bytes at offset v[kCols - 1] of the chunk's blobs
  };
  struct Chunk {
    std::vector<Row> rows;
    std::string blobs;
    void clear() {
      rows.clear();
      blobs.clear();
    }
  };

  void push();
  void run();
  static std::string sql(size_t rows);
  void bind(index_db::Stmt& st, const Chunk& chunk, size_t first, size_t n);
  void write_pack(const Chunk& chunk);

  index_db::Stmt many_, one_, pack_;
  row_pack::Encoder packer_;  // writer thread only
  uint64_t last_num_ = 0;     // writer thread only
  Chunk cur_;
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<Chunk> full_;
  std::deque<std::function<void()>> jobs_;
  std::vector<Chunk> spare_;
  bool done_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace saker::query::index_build
