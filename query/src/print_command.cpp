#include "saker/query/print_command.h"

#include <fmt/format.h>

#include "saker/query/filter.h"
#include "saker/query/output_format.h"
#include "saker/replay/state.h"
#include "saker/scap/error.h"
#include "saker/scap/reader.h"

namespace saker::query {

namespace {

constexpr uint32_t kInternalCategory = 0x100;

// sysdig leaves out libs' internal events (procinfo, drop, ...) and state-only events.
bool hidden(const scap::EventView& ev) {
  return (ev.info->category & kInternalCategory) || (ev.dump_flags & scap::kDumpFlagStateOnly) ||
         ev.initial_state;
}

class OutputBuffer {
 public:
  explicit OutputBuffer(std::FILE* f) : f_(f) { buf_.reserve(kSize + 4096); }
  ~OutputBuffer() { flush(); }
  std::string& text() { return buf_; }
  void end_line() {
    buf_ += '\n';
    if (buf_.size() >= kSize) flush();
  }
  void flush() {
    if (!buf_.empty()) std::fwrite(buf_.data(), 1, buf_.size(), f_);
    buf_.clear();
    std::fflush(f_);
  }

 private:
  static constexpr size_t kSize = 1 << 16;
  std::FILE* f_;
  std::string buf_;
};

}  // namespace

int run_print(const PrintOptions& opts, std::FILE* out, std::FILE* err) {
  OutputFormat format;
  try {
    format =
        OutputFormat::compile(opts.format.empty() ? kDefaultOutputFormat : std::string_view(opts.format));
  } catch (const SyntaxError& e) {
    fmt::print(err, "saker print: bad output format at {}\n", e.what());
    return 2;
  }
  Filter filter;
  if (!opts.filter.empty()) {
    try {
      filter = Filter::compile(opts.filter);
    } catch (const SyntaxError& e) {
      fmt::print(err, "saker print: bad filter at {}\n  {}\n  {}^\n", e.what(), opts.filter,
                 std::string(e.column() - 1, ' '));
      return 2;
    }
  }
  const EventTypeSet& types = filter.event_types();
  OutputBuffer buf(out);
  int status = 0;
  try {
    scap::ReaderOptions ropts;
    ropts.on_warning = [&](const std::string& w) { fmt::print(err, "warning: {}\n", w); };
    scap::Reader reader(opts.capture, ropts);
    replay::State state;
    state.load(reader.metadata());
    replay::StateRenderContext render(state);
    EvalContext ctx;
    ctx.state = &state;
    ctx.render = &render;
    scap::EventView ev;
    uint32_t section = 0;
    int64_t printed = 0;
    bool first = true;
    while (opts.limit < 0 || printed < opts.limit) {
      if (!reader.next(ev)) break;
      if (ev.section != section) {
        section = ev.section;
        state.load(reader.metadata());
      }
      if (first && ev.ts) {
        ctx.first_ts = ev.ts;
        first = false;
      }
      state.apply(ev);
      if (!opts.all && hidden(ev)) continue;
      ctx.ev = &ev;
      if (!filter.empty() && (!types.test(ev.type) || !filter.matches(ctx))) continue;
      if (opts.quiet) {
        ++printed;
        continue;
      }
      if (format.render(ctx, buf.text())) {
        buf.end_line();
        ++printed;
      }
    }
  } catch (const scap::CaptureError& e) {
    buf.flush();
    fmt::print(err, "saker print: {}\n", e.what());
    status = 1;
  }
  buf.flush();
  return status;
}

}  // namespace saker::query
