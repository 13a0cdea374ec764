#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "saker/replay/capture_pass.h"
#include "saker/rules/alert.h"
#include "saker/rules/alert_outputs.h"
#include "saker/rules/commands.h"
#include "saker/rules/engine.h"
#include "saker/scap/command_error.h"
#include "saker/scap/error.h"
#include "saker/scap/safe_output.h"

#ifndef SAKER_DEFAULT_RULES_DIR
#define SAKER_DEFAULT_RULES_DIR "/usr/share/saker/rules"
#endif

namespace saker::rules {

std::string default_rules_dir() {
  if (const char* env = std::getenv("SAKER_RULES_DIR")) return env;
  // An installed saker (P/bin/saker) reads P/share/saker/rules: the folder it was built from
  // may be gone, or older than what was installed.
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share/saker/rules";
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
  return SAKER_DEFAULT_RULES_DIR;
}

void load_rules(RuleSet& rs, const std::vector<std::string>& paths, bool with_defaults) {
  if (paths.empty() || with_defaults) rs.load_path(default_rules_dir());
  for (const auto& p : paths) rs.load_path(p);
  rs.compile();
}

std::string format_message(const LoadMessage& m) {
  bool is_error = m.severity == LoadMessage::Severity::Error;
  std::string item = m.item_name.empty() ? m.item_type : fmt::format("{} '{}'", m.item_type, m.item_name);
  return fmt::format("{}:{}:{}: {} {} ({}): {}", m.pos.file, m.pos.line, m.pos.column,
                     is_error ? "error" : "warning", m.code, item, m.message);
}

void print_messages(const RuleSet& rs, std::FILE* err, bool warnings) {
  for (const auto& m : rs.messages()) {
    bool is_error = m.severity == LoadMessage::Severity::Error;
    if (!is_error && !warnings) continue;
    fmt::print(err, "{}\n", format_message(m));
  }
}

int run_replay(const ReplayOptions& opts, std::FILE* out, std::FILE* err) {
  using clock = std::chrono::steady_clock;
  auto started = clock::now();
  RuleSet rs;
  load_rules(rs, opts.rule_paths, opts.with_default_rules);
  if (!rs.ok()) {
    print_messages(rs, err, false);
    throw scap::CommandError(scap::ErrorKind::Rules, "the rules have errors; nothing was replayed");
  }
  if (!opts.enabled_tags.empty() && !opts.disabled_tags.empty())
    throw scap::CommandError(scap::ErrorKind::Usage, "-t and -T cannot be combined");
  auto has_tag = [](const Rule& r, const std::vector<std::string>& tags) {
    for (const auto& t : r.tags)
      if (std::find(tags.begin(), tags.end(), t) != tags.end()) return true;
    return false;
  };
  // Decided once per rule: disabled rules are left out of the engine. -D matches a substring
  // of the name, -t and -T a tag, as Falco's options do.
  std::map<std::string, size_t> name_hits, tag_hits;
  for (const auto& d : opts.disabled_rules) name_hits[d] = 0;
  for (const auto& t : opts.enabled_tags) tag_hits[t] = 0;
  for (const auto& t : opts.disabled_tags) tag_hits[t] = 0;
  for (const auto& r : rs.rules()) {
    for (const auto& d : opts.disabled_rules) name_hits[d] += r.name.find(d) != std::string::npos;
    for (const auto& t : r.tags)
      if (auto it = tag_hits.find(t); it != tag_hits.end()) ++it->second;
  }
  auto keep = [&](const CompiledRule& cr) {
    const Rule& r = *cr.rule;
    for (const auto& d : opts.disabled_rules)
      if (r.name.find(d) != std::string::npos) return false;
    if (!opts.disabled_tags.empty() && has_tag(r, opts.disabled_tags)) return false;
    if (!opts.enabled_tags.empty() && !has_tag(r, opts.enabled_tags)) return false;
    return true;
  };
  Engine engine(rs, opts.min_priority, keep);
  if (!opts.quiet) {
    for (const auto& [name, n] : name_hits)
      if (n == 0) fmt::print(err, "saker replay: warning: -D '{}' matches no rule name\n", name);
    for (const auto& [tag, n] : tag_hits)
      if (n == 0) fmt::print(err, "saker replay: warning: no rule has the tag '{}'\n", tag);
    fmt::print(err, "saker replay: {} of {} rules enabled\n", engine.rule_count(), rs.compiled().size());
  }

  query::Filter filter = query::compile_user_filter(opts.filter);

  std::unique_ptr<AlertOutputs> outputs;
  if (!opts.alert_outputs.empty()) {
    AlertOutputsOptions ao;
    ao.queue = opts.alert_queue;
    ao.block = true;  // offline: every alert is delivered, the replay waits
    ao.log = err;
    ao.log_prefix = "saker replay";
    outputs = std::make_unique<AlertOutputs>(opts.alert_outputs, ao);
  }
  // With alert outputs, standard output gets only what they print.
  const bool to_sink = !outputs || !opts.output_file.empty();
  std::FILE* sink = out;
  std::string sink_name = "standard output";
  std::optional<scap::SafeOutput> file;
  if (!opts.output_file.empty()) {
    scap::SafeOutputOptions so;
    so.force = opts.force;
    so.inputs = opts.captures;
    file.emplace(opts.output_file, so);
    sink = file->stream();
    sink_name = opts.output_file;
  }
  const bool tty = isatty(fileno(err)) && !opts.quiet;
  uint64_t events = 0, alerts = 0;
  std::map<std::string, uint64_t> by_rule;
  std::map<Priority, uint64_t> by_priority;
  std::optional<scap::CaptureError> read_error;
  for (const auto& capture : opts.captures) try {
      replay::CapturePass pass(capture);
      replay::State& state = pass.state();
      replay::StateRenderContext render(state);
      render.max_buffer_bytes = 0;                            // alert outputs show data whole, as Falco's
      const scap::Metadata& meta = pass.reader().metadata();  // the current section's
      std::string hostname = meta.machine ? meta.machine->hostname : "";
      query::EvalContext ctx;
      ctx.state = &state;
      ctx.render = &render;
      scap::EventView ev;
      AlertText text;
      while (pass.next(ev)) {
        if (pass.entered_section() && meta.machine) hostname = meta.machine->hostname;
        query::note_first_event(ctx, ev);
        state.apply(ev);
        if (!ev.returned()) continue;  // rules see what libs return to Falco
        ++events;
        if (tty && (events & 0xFFFFF) == 0) fmt::print(err, "\r{} events, {} alerts", events, alerts);
        ctx.ev = &ev;
        if (!filter.empty() && !filter.matches(ctx)) continue;
        bool matched = false;
        engine.evaluate(ctx, [&](const CompiledRule& r) {
          if (opts.first_match && matched) return;
          matched = true;
          ++alerts;
          ++by_rule[r.rule->name];
          ++by_priority[r.rule->priority];
          std::string uuid = outputs ? new_uuid() : std::string();
          AlertExtras extras{uuid, {}};
          format_alert(r, ctx, hostname, opts.json || outputs, text, outputs ? &extras : nullptr);
          if (outputs)
            outputs->publish(std::make_shared<Alert>(Alert{r.rule->priority, text.output, text.json}));
          if (!to_sink) return;
          const std::string& s = opts.json ? text.json : text.output;
          scap::checked_write(sink, s.data(), s.size(), sink_name);
          scap::checked_write(sink, "\n", 1, sink_name);
        });
      }
    } catch (const scap::CaptureError& e) {
      if (tty) fmt::print(err, "\n");
      if (!read_error) read_error = e;  // the next captures are still replayed
    }
  if (to_sink) scap::checked_flush(sink, sink_name);  // else standard output is the outputs'
  if (file) file->commit();
  uint64_t undelivered = 0;
  std::string last_error;
  if (outputs) {
    outputs->close();
    for (const auto& s : outputs->stats()) {
      undelivered += s.dropped + s.failed;
      if (!s.last_error.empty()) last_error = s.name + ": " + s.last_error;
    }
    if (!opts.quiet) fmt::print(err, "{}\n", outputs->summary());
  }
  if (!opts.quiet) {
    double secs = std::chrono::duration<double>(clock::now() - started).count();
    if (tty) fmt::print(err, "\r");
    fmt::print(err, "{} events, {} rules, {} alerts in {:.2f} s ({:.0f} events/s)\n", events,
               engine.rule_count(), alerts, secs, secs > 0 ? static_cast<double>(events) / secs : 0.0);
    for (const auto& [p, n] : by_priority) fmt::print(err, "  {:<14} {}\n", priority_name(p), n);
    std::vector<std::pair<std::string, uint64_t>> rules(by_rule.begin(), by_rule.end());
    std::sort(rules.begin(), rules.end(), [](auto& a, auto& b) { return a.second > b.second; });
    for (const auto& [name, n] : rules) fmt::print(err, "  {:>6}  {}\n", n, name);
  }
  if (read_error) throw *read_error;
  if (outputs && outputs->broken_pipe())
    throw scap::CommandError(scap::ErrorKind::BrokenPipe, "standard output: closed by its reader");
  if (undelivered)
    throw scap::CommandError(
        scap::ErrorKind::Output,
        fmt::format("{} alerts could not be delivered (last error: {})", undelivered, last_error));
  return 0;
}

}  // namespace saker::rules
