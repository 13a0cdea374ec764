#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <algorithm>
#include <chrono>
#include <map>

#include <fmt/format.h>

#include "saker/replay/state.h"
#include "saker/rules/alert.h"
#include "saker/rules/commands.h"
#include "saker/rules/engine.h"
#include "saker/scap/error.h"
#include "saker/scap/reader.h"

#ifndef SAKER_DEFAULT_RULES_DIR
#define SAKER_DEFAULT_RULES_DIR "/usr/share/saker/rules"
#endif

namespace saker::rules {

std::string default_rules_dir() {
  if (const char* env = std::getenv("SAKER_RULES_DIR")) return env;
  return SAKER_DEFAULT_RULES_DIR;
}

void load_rules(RuleSet& rs, const std::vector<std::string>& paths) {
  if (paths.empty())
    rs.load_path(default_rules_dir());
  else
    for (const auto& p : paths) rs.load_path(p);
  rs.compile();
}

void print_messages(const RuleSet& rs, std::FILE* err, bool warnings) {
  for (const auto& m : rs.messages()) {
    bool is_error = m.severity == LoadMessage::Severity::Error;
    if (!is_error && !warnings) continue;
    fmt::print(err, "{}:{}:{}: {} {} ({} '{}'): {}\n", m.pos.file, m.pos.line, m.pos.column,
               is_error ? "error" : "warning", m.code, m.item_type, m.item_name, m.message);
  }
}

int run_replay(const ReplayOptions& opts, std::FILE* out, std::FILE* err) {
  using clock = std::chrono::steady_clock;
  auto started = clock::now();
  RuleSet rs;
  load_rules(rs, opts.rule_paths);
  if (!rs.ok()) {
    print_messages(rs, err, false);
    fmt::print(err, "saker replay: the rules have errors; nothing was replayed\n");
    return 2;
  }
  Engine engine(rs, opts.min_priority);
  auto disabled = [&](const CompiledRule& r) {
    if (std::find(opts.disabled_rules.begin(), opts.disabled_rules.end(), r.rule->name) != opts.disabled_rules.end())
      return true;
    for (const auto& t : r.rule->tags)
      if (std::find(opts.disabled_tags.begin(), opts.disabled_tags.end(), t) != opts.disabled_tags.end()) return true;
    return false;
  };

  query::Filter filter;
  if (!opts.filter.empty()) {
    try {
      filter = query::Filter::compile(opts.filter);
    } catch (const query::SyntaxError& e) {
      fmt::print(err, "saker replay: bad filter at {}\n", e.what());
      return 2;
    }
  }

  std::FILE* sink = out;
  if (!opts.output_file.empty()) {
    sink = std::fopen(opts.output_file.c_str(), "w");
    if (!sink) {
      fmt::print(err, "saker replay: cannot write {}: {}\n", opts.output_file, std::strerror(errno));
      return 2;
    }
  }
  const bool tty = isatty(fileno(err)) && !opts.quiet;
  uint64_t events = 0, alerts = 0;
  std::map<std::string, uint64_t> by_rule;
  std::map<Priority, uint64_t> by_priority;
  int status = 0;
  try {
    scap::Reader reader(opts.capture);
    replay::State state;
    state.load(reader.metadata());
    replay::StateRenderContext render(state);
    std::string hostname = reader.metadata().machine ? reader.metadata().machine->hostname : "";
    query::EvalContext ctx;
    ctx.state = &state;
    ctx.render = &render;
    scap::EventView ev;
    uint32_t section = 0;
    AlertText text;
    std::string line;
    while (reader.next(ev)) {
      if (ev.section != section) {
        section = ev.section;
        state.load(reader.metadata());
        if (reader.metadata().machine) hostname = reader.metadata().machine->hostname;
      }
      if (!ctx.first_ts && ev.ts) ctx.first_ts = ev.ts;
      state.apply(ev);
      ++events;
      if (tty && (events & 0xFFFFF) == 0) fmt::print(err, "\r{} events, {} alerts", events, alerts);
      ctx.ev = &ev;
      if (!filter.empty() && !filter.matches(ctx)) continue;
      engine.evaluate(ctx, [&](const CompiledRule& r) {
        if (disabled(r)) return;
        ++alerts;
        ++by_rule[r.rule->name];
        ++by_priority[r.rule->priority];
        format_alert(r, ctx, hostname, opts.json, text);
        const std::string& s = opts.json ? text.json : text.output;
        std::fwrite(s.data(), 1, s.size(), sink);
        std::fputc('\n', sink);
      });
    }
  } catch (const scap::CaptureError& e) {
    std::fflush(sink);
    fmt::print(err, "{}saker replay: {}\n", tty ? "\n" : "", e.what());
    status = 1;
  }
  std::fflush(sink);
  if (sink != out) std::fclose(sink);
  if (!opts.quiet) {
    double secs = std::chrono::duration<double>(clock::now() - started).count();
    if (tty) fmt::print(err, "\r");
    fmt::print(err, "{} events, {} rules, {} alerts in {:.2f} s\n", events, engine.rule_count(), alerts, secs);
    for (const auto& [p, n] : by_priority) fmt::print(err, "  {:<14} {}\n", priority_name(p), n);
    std::vector<std::pair<std::string, uint64_t>> rules(by_rule.begin(), by_rule.end());
    std::sort(rules.begin(), rules.end(), [](auto& a, auto& b) { return a.second > b.second; });
    for (const auto& [name, n] : rules) fmt::print(err, "  {:>6}  {}\n", n, name);
  }
  return status;
}

}  // namespace saker::rules
