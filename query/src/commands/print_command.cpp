#include "saker/query/print_command.h"

#include <utility>

#include <fmt/format.h>

#include "output/print_support.h"
#include "saker/query/filter.h"
#include "saker/query/output_format.h"
#include "saker/replay/capture_pass.h"
#include "saker/scap/error.h"

namespace saker::query {

int run_print(const PrintOptions& opts, std::FILE* out, std::FILE* err) {
  OutputFormat format;
  try {
    format = OutputFormat::compile(!opts.format.empty() ? std::string_view(opts.format)
                                   : opts.json          ? kDefaultJsonFormat
                                                        : kDefaultOutputFormat);
  } catch (const SyntaxError& e) {
    throw format_error(e);
  }
  Filter filter = compile_user_filter(opts.filter);
  const EventTypeSet& types = filter.event_types();
  print_support::OutputBuffer buf(out);
  {
    scap::ReaderOptions ropts = scap::whole_capture_pass();
    ropts.on_warning = [&](const std::string& w) { fmt::print(err, "warning: {}\n", w); };
    replay::CapturePass pass(opts.capture, std::move(ropts));
    replay::State& state = pass.state();
    replay::StateRenderContext render(state);
    if (opts.verbose || opts.snaplen) render.max_buffer_bytes = 0;
    render.buffer_format = opts.buffer_format;
    render.snap_buffer_bytes = opts.snaplen;
    EvalContext ctx;
    ctx.state = &state;
    ctx.render = &render;
    scap::EventView ev;
    int64_t printed = 0;
    while (opts.limit < 0 || printed < opts.limit) {
      if (!pass.next(ev)) break;
      if (pass.entered_section()) ctx.first_ts = ctx.first_num = 0;  // libs restart at a new section
      note_first_event(ctx, ev);
      state.apply(ev);
      if (!ev.returned() || (!opts.all && print_support::hidden(ev))) continue;
      ctx.ev = &ev;
      if (!filter.empty() && (!types.test(ev.type) || !filter.matches(ctx))) continue;
      if (opts.quiet) {
        ++printed;
        continue;
      }
      size_t start = buf.text().size();
      if (opts.json ? format.render_json(ctx, buf.text()) : format.render(ctx, buf.text())) {
        if (opts.escape_controls) print_support::escape_controls(buf.text(), start);
        buf.end_line();
        ++printed;
      }
    }
  }
  buf.flush();
  return 0;
}

}  // namespace saker::query
