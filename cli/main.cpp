// saker: subcommand wiring only; each subcommand's logic lives in its own library.
#include <unistd.h>

#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "saker/query/print_command.h"
#include "saker/scap/capture_info.h"
#include "saker/scap/convert.h"
#include "saker/scap/error.h"

#ifndef SAKER_VERSION
#define SAKER_VERSION "dev"
#endif

namespace {

int run_info(const std::string& path, bool json) {
  try {
    auto info = saker::scap::collect_capture_info(path);
    std::string text = json ? saker::scap::format_capture_info_json(info) : saker::scap::format_capture_info(info);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return info.error ? 1 : 0;
  } catch (const saker::scap::CaptureError& e) {
    fmt::print(stderr, "saker info: {}\n", e.what());
    return 1;
  }
}

saker::scap::Compression parse_compression(const std::string& s) {
  if (s == "zstd") return saker::scap::Compression::Zstd;
  if (s == "gzip") return saker::scap::Compression::Gzip;
  return saker::scap::Compression::None;
}

int run_convert(const std::string& in, const std::string& out, const std::string& compression,
                const std::string& profile) {
  saker::scap::WriterOptions wopts;
  wopts.compression = parse_compression(compression);
  wopts.profile = profile == "current" ? saker::scap::WriterProfile::Current : saker::scap::WriterProfile::Compat;
  bool tty = isatty(STDERR_FILENO);
  try {
    auto r = saker::scap::convert_capture(in, out, wopts, [&](uint64_t n) {
      if (tty) fmt::print(stderr, "\r{} events converted", n);
    });
    if (tty) fmt::print(stderr, "\r");
    fmt::print(stderr, "{}: {} events read, {} written ({} enter events synthesized, {} dropped)\n", out,
               r.events_read, r.written.events, r.written.synthesized_enters, r.written.dropped_enters);
    if (r.read_error) {
      fmt::print(stderr, "saker convert: {}\n", *r.read_error);
      return 1;
    }
    return 0;
  } catch (const saker::scap::CaptureError& e) {
    fmt::print(stderr, "saker convert: {}\n", e.what());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Saker: forensic syscall capture recorder and analysis workstation"};
  app.set_version_flag("--version", std::string("saker ") + SAKER_VERSION);
  app.require_subcommand(1);

  saker::query::PrintOptions print;
  auto* p = app.add_subcommand("print", "Print the events of a capture, one line each (like sysdig -r)");
  p->add_option("capture", print.capture, "Capture file (.scap, gzip or zstd)")->required()->check(CLI::ExistingFile);
  p->add_option("filter", print.filter, "Falco filter, e.g. 'evt.type = openat and fd.name startswith /etc'");
  p->add_option("-p,--format", print.format, "Output format, sysdig style: \"%evt.num %evt.type %evt.args\"");
  p->add_option("-n,--limit", print.limit, "Stop after printing N events");
  p->add_flag("--all", print.all, "Also print internal events (procinfo, drop, ...) and state-only events");

  std::string info_path;
  bool info_json = false;
  auto* i = app.add_subcommand("info", "Summarise a capture: version, machine, blocks, events per type, time range");
  i->add_option("capture", info_path, "Capture file")->required()->check(CLI::ExistingFile);
  i->add_flag("--json", info_json, "Print JSON");

  std::string conv_in, conv_out, conv_compression = "none", conv_profile = "compat";
  auto* c = app.add_subcommand("convert", "Rewrite a capture (any version, gzip or zstd) as a standard .scap");
  c->add_option("input", conv_in, "Capture to read")->required()->check(CLI::ExistingFile);
  c->add_option("output", conv_out, "Capture to write")->required();
  c->add_option("--compress", conv_compression, "Output compression")->check(CLI::IsMember({"none", "gzip", "zstd"}));
  c->add_option("--profile", conv_profile,
                "compat: enter/exit pairs that sysdig 0.29 and current libs read; current: exit events only")
      ->check(CLI::IsMember({"compat", "current"}));

  CLI11_PARSE(app, argc, argv);

  if (p->parsed()) return saker::query::run_print(print, stdout, stderr);
  if (i->parsed()) return run_info(info_path, info_json);
  if (c->parsed()) return run_convert(conv_in, conv_out, conv_compression, conv_profile);
  return 0;
}
