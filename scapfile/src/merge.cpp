#include "saker/scap/merge.h"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "saker/scap/command_error.h"
#include "saker/scap/error.h"
#include "saker/scap/metadata.h"
#include "saker/scap/reader.h"

namespace saker::scap {

namespace {

// Inputs read ahead on a second thread each up to this many; more would be threads and buffers
// for little gain (the merge writes one event at a time).
constexpr size_t kMaxReadAhead = 4;

}  // namespace

std::string machine_mismatch(const std::string& a_path, const Metadata& a, const std::string& b_path,
                             const Metadata& b) {
  if (!a.machine || !b.machine) return {};
  const MachineInfo& x = *a.machine;
  const MachineInfo& y = *b.machine;
  auto differ = [&](const char* what, const std::string& xs, const std::string& ys) {
    return fmt::format("{} and {} were recorded on different machines ({} {} and {})", a_path, b_path, what,
                       xs, ys);
  };
  if (x.hostname != y.hostname)
    return differ("hostname", fmt::format("'{}'", x.hostname), fmt::format("'{}'", y.hostname));
  // Files before libs 0.10 store no boot time (0): nothing to compare then.
  if (x.boot_ts && y.boot_ts && x.boot_ts != y.boot_ts)
    return differ("boot time", std::to_string(x.boot_ts), std::to_string(y.boot_ts));
  if (x.num_cpus != y.num_cpus) return differ("CPUs", std::to_string(x.num_cpus), std::to_string(y.num_cpus));
  if (x.memory_bytes != y.memory_bytes)
    return differ("memory bytes", std::to_string(x.memory_bytes), std::to_string(y.memory_bytes));
  return {};
}

MergeResult merge_captures(const std::vector<std::string>& inputs, const std::string& out,
                           const MergeOptions& options, const std::function<void(uint64_t)>& progress) {
  if (inputs.empty()) throw CommandError(ErrorKind::Usage, "nothing to merge: no input captures");
  MergeResult result;
  // Every stored event, as convert reads them: the output keeps what the inputs had.
  ReaderOptions ropts;
  ropts.deliver_dropped = true;
  ropts.read_ahead = inputs.size() <= kMaxReadAhead;
  std::vector<std::unique_ptr<Reader>> readers;
  readers.reserve(inputs.size());
  result.inputs.reserve(inputs.size());
  for (const auto& path : inputs) {
    readers.push_back(std::make_unique<Reader>(path, ropts));
    result.inputs.push_back({path, 0, std::nullopt});
    if (readers.size() > 1 && !options.allow_other_machines) {
      auto why =
          machine_mismatch(inputs.front(), readers.front()->metadata(), path, readers.back()->metadata());
      if (!why.empty()) throw CommandError(ErrorKind::Usage, why + options.other_machines_hint);
    }
  }

  Writer writer(out, options.writer);
  writer.begin_section(readers.front()->metadata());

  // One pending event per input; a min-heap of input indexes ordered by (timestamp, index). The
  // views point into their reader's buffers, valid until that reader's next(): nothing is
  // allocated per event.
  const size_t n = readers.size();
  std::vector<EventView> pending(n);
  std::vector<size_t> heap;
  heap.reserve(n);
  auto later = [&pending](size_t a, size_t b) {
    if (pending[a].ts != pending[b].ts) return pending[a].ts > pending[b].ts;
    return a > b;
  };
  // Reads the input's next event; false at its end or damage (recorded, the merge goes on).
  auto advance = [&](size_t i) {
    try {
      if (readers[i]->next(pending[i])) {
        ++result.inputs[i].events;
        return true;
      }
    } catch (const CaptureError& e) {
      if (e.path() != inputs[i]) throw;
      result.inputs[i].read_error = e.what();
      if (!result.read_error) result.read_error = e.what();
    }
    return false;
  };
  for (size_t i = 0; i < n; ++i) {
    if (!advance(i)) continue;
    heap.push_back(i);
    std::push_heap(heap.begin(), heap.end(), later);
  }
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const size_t i = heap.back();
    const EventView& ev = pending[i];
    if (result.events_read == 0) result.first_ts = ev.ts;
    result.last_ts = std::max(result.last_ts, ev.ts);
    // Later sections of an input carry state blocks only the first input's tables stand for.
    writer.write_event(ev);
    if (++result.events_read % 4096 == 0) {
      if (progress && result.events_read % 65536 == 0) progress(result.events_read);
      if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
        result.cancelled = true;
        break;
      }
    }
    if (advance(i))
      std::push_heap(heap.begin(), heap.end(), later);
    else
      heap.pop_back();
  }
  writer.close();
  result.written = writer.stats();
  return result;
}

}  // namespace saker::scap
