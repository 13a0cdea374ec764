// `saker merge`: several captures of one recording (rotated files) as one, in time order.
#include <cstdio>

#include <fmt/format.h>

#include "command.h"
#include "output_file_options.h"
#include "saker/query/slice_command.h"
#include "saker/scap/command_error.h"
#include "saker/scap/error.h"
#include "saker/scap/merge.h"
#include "saker/scap/safe_output.h"

namespace saker::cli {

namespace {

struct MergeCliOptions {
  std::string output;
  std::vector<std::string> inputs;
  OutputFileOptions file;
  bool force = false;
  bool allow_other_machines = false;
};

using scap::CommandError;
using scap::ErrorKind;

int run_merge(const MergeCliOptions& o) {
  scap::MergeOptions mopts;
  mopts.writer = writer_options(o.file);
  mopts.allow_other_machines = o.allow_other_machines;
  mopts.other_machines_hint = " (--allow-other-machines merges them anyway)";
  const bool tty = stderr_is_terminal();
  scap::SafeOutputOptions so;
  so.force = o.force;
  so.inputs = o.inputs;
  scap::SafeOutput out(o.output, so);
  scap::MergeResult r;
  try {
    r = scap::merge_captures(o.inputs, out.temp_path(), mopts, [&](uint64_t n) {
      if (tty) fmt::print(stderr, "\r{} events merged", n);
    });
  } catch (const scap::CaptureError& e) {
    if (e.path() == out.temp_path()) throw out.output_error(e);
    throw;
  }
  if (tty) fmt::print(stderr, "\r");
  out.commit();
  for (const auto& in : r.inputs)
    fmt::print(stderr, "{}: {} events{}\n", in.path, in.events, in.read_error ? " (damaged, see below)" : "");
  if (r.events_read)
    fmt::print(stderr, "{}: {} events from {} captures, {} to {} ({} written)\n", o.output, r.events_read,
               r.inputs.size(), query::utc_time(r.first_ts), query::utc_time(r.last_ts), r.written.events);
  else
    fmt::print(stderr, "{}: no events in {} captures\n", o.output, r.inputs.size());
  // Everything before each damage was merged (and kept): the damage is still an error.
  size_t damaged = 0;
  for (const auto& in : r.inputs) {
    if (!in.read_error) continue;
    if (++damaged > 1) print_error("merge", *in.read_error);  // the first one is the exit message
  }
  if (r.read_error) throw CommandError(ErrorKind::Capture, *r.read_error);
  return 0;
}

}  // namespace

void add_merge(CLI::App& app, Commands& out) {
  auto o = std::make_shared<MergeCliOptions>();
  auto* c = app.add_subcommand(
      "merge", "Merge captures of one recording (rotated files, one host) into one, by event time");
  c->add_option("-o,--output", o->output, "Capture to write (mode 0600; never an input, a link or a device)")
      ->required();
  c->add_option("inputs", o->inputs,
                "Captures to merge (plain, gzip or zstd); the first gives the state tables")
      ->required();
  c->add_flag("-f,--force", o->force, "Replace the output when it is an existing regular file");
  c->add_flag("--allow-other-machines", o->allow_other_machines,
              "Merge captures whose machine info names another host, boot time or CPU count");
  add_output_file_options(c, o->file);
  c->footer(
      "The output has the first input's section header, machine info and process, fd, user and\n"
      "interface lists, then every input's events by time (equal times: the inputs' order).\n\n"
      "EXAMPLES:\n"
      "  saker merge -o day.scap ring0.scap ring1.scap ring2.scap\n"
      "  saker merge -o both.scap.zst --compress zstd a.scap b.scap.gz\n"
      "  saker merge -o hosts.scap --allow-other-machines web-1.scap web-2.scap");
  out.push_back({c, "merge", [o] { return run_merge(*o); }});
}

}  // namespace saker::cli
