// `saker convert`: a capture rewritten as a standard .scap, whole or sliced (query/slice).
#include <cstdio>
#include <ctime>

#include <fmt/format.h>

#include "command.h"
#include "output_file_options.h"
#include "saker/query/slice_command.h"
#include "saker/scap/command_error.h"
#include "saker/scap/convert.h"
#include "saker/scap/error.h"
#include "saker/scap/safe_output.h"

namespace saker::cli {

namespace {

struct ConvertOptions {
  std::string input, output, events;
  OutputFileOptions file;
  bool force = false;
  query::SliceOptions slice;
};

using scap::CommandError;
using scap::ErrorKind;

// FIRST-LAST, or FIRST- for the rest of the capture. A lone number is refused: it reads as
// "event N" as much as "from N on".
void parse_events(const std::string& text, query::SliceOptions& slice) {
  auto bad = [&](const char* why) {
    return CommandError(
        ErrorKind::Usage,
        fmt::format("--events takes FIRST-LAST or FIRST- (to the end), not '{}'{}", text, why));
  };
  auto number = [&](const std::string& s) -> uint64_t {
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) throw bad("");
    try {
      return std::stoull(s);
    } catch (const std::exception&) {
      throw bad("");
    }
  };
  auto dash = text.find('-');
  if (dash == std::string::npos) throw bad(": N-N is one event, N- the rest");
  slice.first_event = number(text.substr(0, dash));
  if (dash + 1 < text.size()) slice.last_event = number(text.substr(dash + 1));
}

int run_convert(ConvertOptions& o) {
  scap::WriterOptions wopts = writer_options(o.file);
  auto& slice = o.slice;
  if (!o.events.empty()) parse_events(o.events, slice);
  const bool tty = stderr_is_terminal();
  scap::SafeOutputOptions so;
  so.force = o.force;
  so.inputs = {o.input};
  scap::SafeOutput out(o.output, so);
  if (slice.sanitize_data) slice.sanitize = true;
  bool slicing = !slice.filter.empty() || !slice.from.empty() || !slice.to.empty() || slice.first_event ||
                 slice.last_event || slice.sanitize;
  std::optional<std::string> read_error;
  try {
    if (slicing) {
      slice.writer = wopts;
      auto r = query::slice_capture(o.input, out.temp_path(), slice, [&](uint64_t n) {
        if (tty) fmt::print(stderr, "\r{} events read", n);
      });
      if (tty) fmt::print(stderr, "\r");
      out.commit();
      // What was kept, said plainly: the event numbers and times of the first and last kept event.
      fmt::print(stderr, "{}: kept {} events, {} to {} ({} to {}), and {} more state-only; {} events read\n",
                 o.output, r.events_written, r.first_num, r.last_num, query::utc_time(r.first_ts),
                 query::utc_time(r.last_ts), r.state_only, r.events_read);
      read_error = r.read_error;
    } else {
      auto r = scap::convert_capture(o.input, out.temp_path(), wopts, [&](uint64_t n) {
        if (tty) fmt::print(stderr, "\r{} events converted", n);
      });
      if (tty) fmt::print(stderr, "\r");
      out.commit();
      fmt::print(stderr, "{}: {} events read, {} written ({} enter events synthesized, {} dropped)\n",
                 o.output, r.events_read, r.written.events, r.written.synthesized_enters,
                 r.written.dropped_enters);
      read_error = r.read_error;
    }
  } catch (const scap::CaptureError& e) {
    if (e.path() == out.temp_path()) throw out.output_error(e);
    throw;
  }
  // Everything before the damage was written (and kept): the damage is still an error.
  if (read_error) throw CommandError(ErrorKind::Capture, *read_error);
  return 0;
}

}  // namespace

void add_convert(CLI::App& app, Commands& out) {
  auto o = std::make_shared<ConvertOptions>();
  auto* c =
      app.add_subcommand("convert", "Rewrite a capture (any version, gzip or zstd) as a standard .scap");
  c->add_option("input", o->input, "Capture to read")->required();
  c->add_option("output", o->output, "Capture to write (mode 0600; never the input, a link or a device)")
      ->required();
  c->add_flag("-f,--force", o->force, "Replace the output when it is an existing regular file");
  add_output_file_options(c, o->file);
  c->add_option("--filter", o->slice.filter,
                "Keep only events matching this Falco filter (state changes stay, hidden)");
  c->add_option(
      "--from", o->slice.from,
      "Start time: ns since the epoch, 2024-11-25T08:00:00Z, or +SECONDS from the first syscall event");
  c->add_option("--to", o->slice.to, "End time, same forms as --from");
  c->add_option("--events", o->events, "Event numbers (evt.num): FIRST-LAST, or FIRST- to the end");
  c->add_flag(
      "--sanitize", o->slice.sanitize,
      "Leave out environments, the hostname, and the processes, users and groups the kept events never "
      "touch");
  c->add_flag("--sanitize-data", o->slice.sanitize_data,
              "With --sanitize: also blank read/write data buffers");
  c->footer(
      "EXAMPLES:\n"
      "  saker convert old.scap.gz new.scap --compress zstd\n"
      "  saker convert capture.scap part.scap --from +60 --to +120\n"
      "  saker convert capture.scap net.scap --filter 'fd.type in (ipv4, ipv6)'");
  out.push_back({c, "convert", [o] { return run_convert(*o); }});
}

}  // namespace saker::cli
