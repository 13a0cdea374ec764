// Filters and formats the candidates of an index-answered search on a second thread, a batch
// at a time, while the caller reads the next batch; lines come out in candidate order.
// Candidates are independent there (no state), so only the copies of their events, row values
// and stored answers cross threads.
#pragma once

#include <array>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "output/print_support.h"
#include "saker/query/field.h"
#include "saker/query/filter.h"
#include "saker/query/output_format.h"

namespace saker::query {

// The caller's own filter and format, when it formats too (see ParallelFormat).
struct ParallelFormatMine {
  const Filter* filter = nullptr;
  const OutputFormat* format = nullptr;
};

class ParallelFormat {
 public:
  // `filter` and `format` are the worker's own (they keep scratch buffers). With the caller's
  // own as well (`mine`), the caller formats a full batch itself when the worker is still
  // busy with the one before: for callers whose own work per candidate is small next to
  // formatting it.
  using Mine = ParallelFormatMine;
  ParallelFormat(const Filter& filter, const OutputFormat& format, uint64_t first_ts, uint64_t first_num,
                 Mine mine = {});
  ~ParallelFormat();
  ParallelFormat(const ParallelFormat&) = delete;
  ParallelFormat& operator=(const ParallelFormat&) = delete;

  // Copies one candidate into the batch being filled; hands the batch over when it is full
  // (writing the lines of the one before to `buf`).
  void add(const scap::EventView& ev, const IndexedValues& row, std::string_view answers,
           print_support::OutputBuffer& buf);
  // Hands over what is left and writes every line; rethrows the worker's error, if any.
  void finish(print_support::OutputBuffer& buf);

 private:
  static constexpr size_t kBatch = 1024;
  struct Item {
    scap::EventView ev;
    std::array<uint32_t, scap::kMaxParams> param_at{};  // where each parameter's bytes are
    std::array<uint32_t, 5> name_at{};                  // proc, user, container, fd, parent names
    IndexedValues row;
    uint32_t answers_at = 0, answers_len = 0;
  };
  struct Batch {
    std::vector<Item> items;
    size_t n = 0;
    std::string bytes;  // parameters, names and answers of the items
    std::string out;    // the lines
  };
  void pass_on(print_support::OutputBuffer& buf);
  void hand_over(print_support::OutputBuffer& buf);
  void format_here(print_support::OutputBuffer& buf);
  void wait_and_write(print_support::OutputBuffer& buf);
  void run();
  void format(Batch& b, const Filter& filter, const OutputFormat& format);

  const Filter& filter_;
  const OutputFormat& format_;
  Mine mine_;  // set: the caller formats a full batch itself while the worker is busy
  uint64_t first_ts_, first_num_;
  std::array<Batch, 2> batches_;
  size_t filling_ = 0;
  std::mutex m_;
  std::condition_variable cv_;
  Batch* work_ = nullptr;  // the batch the worker has or is given
  bool busy_ = false;      // the worker has not finished work_
  bool pending_ = false;   // work_ holds lines not yet written
  bool stop_ = false;
  std::exception_ptr error_;  // the worker's
  std::thread thread_;
};

}  // namespace saker::query
