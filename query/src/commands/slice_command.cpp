#include "saker/query/slice_command.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "saker/query/filter.h"
#include "saker/replay/capture_pass.h"
#include "saker/scap/command_error.h"
#include "saker/scap/error.h"
#include "saker/scap/reader.h"

namespace saker::query {

namespace {

// Every stored event: a slice keeps what libs parse (and the enter events they drop, which
// complete the exits of old captures) as the input had it.
scap::ReaderOptions every_event(scap::ReaderOptions o = {}) {
  o.deliver_dropped = true;
  return o;
}

// Libs' internal events (procinfo, container, ...) and the initial state come before the
// first syscall, sometimes seconds before it.
bool syscall_event(const scap::EventView& ev) {
  constexpr uint32_t kInternalCategory = 0x100;
  return ev.ts && !(ev.info->category & kInternalCategory) && !ev.initial_state;
}

// The time "+SECONDS" counts from: the first syscall event's.
uint64_t first_timestamp(const std::string& path) {
  scap::Reader r(path, every_event());
  scap::EventView ev;
  uint64_t any = 0;
  while (r.next(ev)) {
    if (syscall_event(ev)) return ev.ts;
    if (!any) any = ev.ts;
  }
  return any;
}

// What --sanitize leaves out of every event written: environments, and with --sanitize-data the
// data buffers of reads and writes.
void sanitize_params(scap::EventView& ev, bool data) {
  for (uint32_t i = 0; i < ev.nparams && i < ev.info->params.size(); ++i) {
    std::string_view name = ev.info->params[i].name;
    if (name == "env" || (data && name == "data")) ev.params[i] = scap::Param{};
  }
}

scap::CommandError usage(std::string what) {
  return scap::CommandError(scap::ErrorKind::Usage, std::move(what));
}

}  // namespace

bool changes_state(const scap::EventView& ev) {
  constexpr uint32_t kStateFlags = scap::kCreatesFd | scap::kDestroysFd | scap::kModifiesState;
  return (ev.info->flags & kStateFlags) || ev.name() == "procexit" || ev.fate == scap::EventFate::kParserOnly;
}

scap::EventView state_only(const scap::EventView& ev) {
  scap::EventView kept = ev;
  kept.dump_flags |= scap::kDumpFlagStateOnly;
  return kept;
}

std::optional<uint64_t> parse_time(const std::string& text, uint64_t start) {
  if (text.empty()) return std::nullopt;
  if (text[0] == '+') {
    double secs = 0;
    auto [p, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), secs);
    if (ec != std::errc() || p != text.data() + text.size() || secs < 0) return std::nullopt;
    return start + static_cast<uint64_t>(secs * 1e9);
  }
  uint64_t ns = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), ns);
  if (ec == std::errc() && p == text.data() + text.size()) return ns;
  // 2024-11-25T08:00:00[.fraction][Z]
  struct tm tm = {};
  const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!rest) return std::nullopt;
  uint64_t frac = 0;
  int digits = 0;
  if (*rest == '.') {
    ++rest;
    while (*rest >= '0' && *rest <= '9' && digits < 9)
      frac = frac * 10 + static_cast<uint64_t>(*rest++ - '0'), ++digits;
    while (*rest >= '0' && *rest <= '9') ++rest;
  }
  for (; digits < 9; ++digits) frac *= 10;
  if (*rest == 'Z') ++rest;
  if (*rest) return std::nullopt;
  return static_cast<uint64_t>(timegm(&tm)) * 1000000000ull + frac;
}

SliceResult slice_capture(const std::string& in, const std::string& out, const SliceOptions& opts,
                          const std::function<void(uint64_t)>& progress) {
  Filter filter = compile_user_filter(opts.filter);
  uint64_t start = (opts.from.empty() || opts.from[0] != '+') && (opts.to.empty() || opts.to[0] != '+')
                       ? 0
                       : first_timestamp(in);
  std::optional<uint64_t> from = parse_time(opts.from, start), to = parse_time(opts.to, start);
  if (!opts.from.empty() && !from)
    throw scap::CommandError(scap::ErrorKind::Usage, fmt::format("bad --from time '{}'", opts.from));
  if (!opts.to.empty() && !to)
    throw scap::CommandError(scap::ErrorKind::Usage, fmt::format("bad --to time '{}'", opts.to));
  if (opts.first_event && opts.last_event && *opts.first_event > *opts.last_event)
    throw usage(fmt::format("--events {}-{}: the range is inverted", *opts.first_event, *opts.last_event));
  if (from && to && *from > *to)
    throw usage(fmt::format("--from {} is after --to {}: the range is inverted", opts.from, opts.to));

  // An event libs drop has no number: it goes with the next numbered event, its exit.
  uint64_t next_num = 1;
  auto number = [&](const scap::EventView& ev) { return ev.num ? ev.num : next_num; };
  auto in_range = [&](const scap::EventView& ev) {
    if (opts.first_event && number(ev) < *opts.first_event) return false;
    if (opts.last_event && number(ev) > *opts.last_event) return false;
    if (from && ev.ts < *from) return false;
    if (to && ev.ts > *to) return false;
    return true;
  };
  auto past_range = [&](const scap::EventView& ev) {
    return (opts.last_event && number(ev) > *opts.last_event) || (to && ev.ts > *to);
  };

  // With --sanitize, a first pass finds the processes the slice touches.
  std::set<uint64_t> touched;
  std::set<uint32_t> uids, gids;  // of the touched processes: the users and groups kept
  if (opts.sanitize) {
    replay::CapturePass pass(in, every_event());
    replay::State& state = pass.state();
    EvalContext ctx;
    ctx.state = &state;
    scap::EventView ev;
    try {
      next_num = 1;
      while (pass.next(ev)) {
        if (ev.num) next_num = ev.num + 1;
        state.apply(ev);
        if (past_range(ev)) break;
        ctx.ev = &ev;
        if (!ev.returned() || !in_range(ev) || !filter.matches(ctx)) continue;
        for (const replay::ThreadInfo* t = state.thread(ev.tid); t && touched.insert(t->tid).second;) {
          touched.insert(t->pid);
          uids.insert(t->uid);
          uids.insert(t->loginuid);
          gids.insert(t->gid);
          t = t->ptid == replay::kUnknownTid ? nullptr : state.thread(t->ptid);
        }
      }
    } catch (const scap::CaptureError&) {
      // The second pass reports it.
    }
  }

  SliceResult result;
  replay::CapturePass pass(in, every_event(scap::whole_capture_pass()));
  scap::Writer writer(out, opts.writer);
  replay::State& state = pass.state();
  EvalContext ctx;
  ctx.state = &state;
  scap::EventView ev;
  bool started = false;
  next_num = 1;
  try {
    while (pass.next(ev)) {
      if (ev.num) next_num = ev.num + 1;
      ++result.events_read;
      if (!result.capture_first_ts && syscall_event(ev)) result.capture_first_ts = ev.ts;
      if (ev.ts) result.capture_last_ts = std::max(result.capture_last_ts, ev.ts);
      if (ev.num) result.capture_last_num = ev.num;
      if (progress && result.events_read % 65536 == 0) progress(result.events_read);
      if (past_range(ev)) break;
      bool inside = in_range(ev);
      if (inside && !started) {
        // The slice starts with the state as of its first event.
        scap::Metadata meta = state.snapshot();
        if (opts.sanitize) {
          std::erase_if(meta.threads, [&](const scap::ThreadEntry& t) { return !touched.count(t.tid); });
          std::erase_if(meta.fd_tables, [&](const scap::FdTable& t) { return !touched.count(t.tid); });
          for (auto& t : meta.threads) t.env.clear();
          std::erase_if(meta.users, [&](const scap::User& u) { return !uids.count(u.uid); });
          std::erase_if(meta.groups, [&](const scap::Group& g) { return !gids.count(g.gid); });
          if (meta.machine) meta.machine->hostname = "sanitized";
        }
        writer.begin_section(meta);
        started = true;
      }
      state.apply(ev);
      if (!inside) continue;
      ctx.ev = &ev;
      if (ev.returned() && filter.matches(ctx)) {
        if (opts.sanitize) {
          scap::EventView clean = ev;
          sanitize_params(clean, opts.sanitize_data);
          writer.write_event(clean);
        } else {
          writer.write_event(ev);
        }
        if (!result.events_written++) {
          result.first_num = ev.num;
          result.first_ts = ev.ts;
        }
        result.last_num = ev.num;
        result.last_ts = ev.ts;
      } else if (changes_state(ev) && (!opts.sanitize || touched.count(ev.tid))) {
        scap::EventView kept = state_only(ev);
        if (opts.sanitize) sanitize_params(kept, opts.sanitize_data);
        writer.write_event(kept);
        ++result.state_only;
      }
    }
  } catch (const scap::CaptureError& e) {
    if (e.path() != in) throw;
    result.read_error = e.what();
  }
  // An empty slice is a mistake (a range past the end, a filter that matches nothing): said,
  // and nothing written.
  if (!result.events_written) {
    std::string span =
        result.capture_last_num
            ? fmt::format(" (the capture has events 1-{}, syscalls from {} to {})", result.capture_last_num,
                          utc_time(result.capture_first_ts), utc_time(result.capture_last_ts))
            : "";
    if (result.read_error) throw scap::CommandError(scap::ErrorKind::Capture, *result.read_error);
    throw usage("nothing to write: no event is in the range" +
                std::string(opts.filter.empty() ? "" : " and matches the filter") + span);
  }
  if (!started) writer.begin_section(state.snapshot());
  writer.close();
  return result;
}

std::string utc_time(uint64_t ns) {
  time_t secs = static_cast<time_t>(ns / 1000000000ull);
  struct tm tm = {};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:09}Z", buf, ns % 1000000000ull);
}

}  // namespace saker::query
