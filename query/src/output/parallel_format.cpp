#include "output/parallel_format.h"

#include <utility>

#include "index/index_render.h"

namespace saker::query {

ParallelFormat::ParallelFormat(const Filter& filter, const OutputFormat& format, uint64_t first_ts,
                               uint64_t first_num, Mine mine)
    : filter_(filter), format_(format), mine_(mine), first_ts_(first_ts), first_num_(first_num) {
  for (auto& b : batches_) b.items.resize(kBatch);
  thread_ = std::thread([this] { run(); });
}

ParallelFormat::~ParallelFormat() {
  {
    std::lock_guard lock(m_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void ParallelFormat::add(const scap::EventView& ev, const IndexedValues& row, std::string_view answers,
                         print_support::OutputBuffer& buf) {
  Batch& b = batches_[filling_];
  Item& it = b.items[b.n++];
  auto keep = [&](std::string_view bytes) {
    auto at = static_cast<uint32_t>(b.bytes.size());
    b.bytes.append(bytes);
    return at;
  };
  it.ev = ev;
  it.ev.raw = nullptr;  // not copied: no answerable field reads it
  it.ev.raw_len = 0;
  for (uint32_t p = 0; p < ev.nparams && p < scap::kMaxParams; ++p)
    it.param_at[p] = keep(ev.params[p].bytes());
  it.row = row;
  it.name_at = {keep(row.proc_name), keep(row.user_name), keep(row.container_id), keep(row.fd_name),
                keep(row.pname)};
  it.answers_at = keep(answers);
  it.answers_len = static_cast<uint32_t>(answers.size());
  if (b.n == kBatch) pass_on(buf);
}

// A full batch goes to the worker when it is idle; when it is still busy with the one before,
// the caller formats its batch itself (if it may), so neither thread waits for the other.
void ParallelFormat::pass_on(print_support::OutputBuffer& buf) {
  bool busy;
  {
    std::lock_guard lock(m_);
    busy = busy_;
  }
  if (mine_.filter && busy)
    format_here(buf);
  else
    hand_over(buf);
}

// Formats the caller's batch while the worker formats the one before it, then writes both.
void ParallelFormat::format_here(print_support::OutputBuffer& buf) {
  Batch& b = batches_[filling_];
  std::exception_ptr error;
  try {
    format(b, *mine_.filter, *mine_.format);
  } catch (...) {
    error = std::current_exception();  // the lines before it still go out
  }
  wait_and_write(buf);
  buf.text() += b.out;
  b.out.clear();
  buf.flush();
  b.n = 0;
  b.bytes.clear();
  if (error) std::rethrow_exception(error);
}

// Waits for the worker, writes the lines it made, and gives it the batch being filled.
void ParallelFormat::hand_over(print_support::OutputBuffer& buf) {
  wait_and_write(buf);
  {
    std::lock_guard lock(m_);
    work_ = &batches_[filling_];
    busy_ = pending_ = true;
  }
  cv_.notify_all();
  filling_ ^= 1;
  Batch& next = batches_[filling_];
  next.n = 0;
  next.bytes.clear();
}

void ParallelFormat::wait_and_write(print_support::OutputBuffer& buf) {
  std::unique_lock lock(m_);
  cv_.wait(lock, [&] { return !busy_; });
  if (pending_) {
    buf.text() += work_->out;
    work_->out.clear();
    pending_ = false;
    lock.unlock();
    buf.flush();
  }
}

void ParallelFormat::finish(print_support::OutputBuffer& buf) {
  if (batches_[filling_].n) pass_on(buf);
  wait_and_write(buf);
  std::lock_guard lock(m_);
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void ParallelFormat::run() {
  for (;;) {
    Batch* b;
    bool failed;
    {
      std::unique_lock lock(m_);
      cv_.wait(lock, [&] { return stop_ || (busy_ && work_); });
      if (stop_) return;
      b = work_;
      failed = error_ != nullptr;
    }
    try {
      if (!failed) format(*b, filter_, format_);  // after an error, no line past it
    } catch (...) {
      std::lock_guard lock(m_);
      error_ = std::current_exception();
    }
    {
      std::lock_guard lock(m_);
      busy_ = false;
    }
    cv_.notify_all();
  }
}

void ParallelFormat::format(Batch& b, const Filter& filter, const OutputFormat& format) {
  index_render::Replayer render;
  EvalContext ctx;
  ctx.render = &render;
  ctx.first_ts = first_ts_;
  ctx.first_num = first_num_;
  const char* base = b.bytes.data();
  for (size_t i = 0; i < b.n; ++i) {
    Item& it = b.items[i];
    for (uint32_t p = 0; p < it.ev.nparams && p < scap::kMaxParams; ++p)
      it.ev.params[p].data = reinterpret_cast<const uint8_t*>(base + it.param_at[p]);
    it.row.proc_name = {base + it.name_at[0], it.row.proc_name.size()};
    it.row.user_name = {base + it.name_at[1], it.row.user_name.size()};
    it.row.container_id = {base + it.name_at[2], it.row.container_id.size()};
    it.row.fd_name = {base + it.name_at[3], it.row.fd_name.size()};
    it.row.pname = {base + it.name_at[4], it.row.pname.size()};
    // The answers were checked when the candidate was read.
    render.load(&it.row, {base + it.answers_at, it.answers_len});
    ctx.ev = &it.ev;
    ctx.indexed = &it.row;
    if (!filter.empty() && !filter.matches(ctx)) continue;
    size_t at = b.out.size();
    if (format.render(ctx, b.out))
      b.out += '\n';
    else
      b.out.resize(at);
  }
}

}  // namespace saker::query
