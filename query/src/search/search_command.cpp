// `saker search`: candidates from the index, exact evaluation by replaying the capture.
//
// State (proc.*, fd.*, user.*, container.*) at an event depends on every earlier event, so
// the capture is replayed through the state engine from its start up to the last candidate
// event (never further, unless the capture is damaged and print would report it). Only the
// candidates are filtered and formatted; every other event only updates the state. The
// result is exactly `saker print`'s: the same events reach the same filter and format with
// the same state.
#include "saker/query/search.h"

#include <algorithm>

#include <fmt/format.h>

#include "search/event_bitmap.h"
#include "index/index_answer.h"
#include "index/index_db.h"
#include "index/index_format.h"
#include "output/print_support.h"
#include "saker/query/filter.h"
#include "saker/query/filter_parser.h"
#include "saker/query/output_format.h"
#include "saker/replay/capture_pass.h"
#include "saker/scap/byte_source.h"
#include "saker/scap/error.h"
#include "saker/scap/event_table.h"
#include "saker/scap/reader.h"
#include "search/search_indexed.h"

namespace saker::query {

namespace {

using index_db::Db;
using index_db::Stmt;

constexpr uint64_t kReadAheadCandidates = 4096;
// Up to this many candidates are evaluated from the index however dense they are.
constexpr uint64_t kIndexedAlways = 65536;
constexpr uint64_t kDenseRatio = 24;
// Row packs are decoded in order (about 10 ns a row), a row looked up costs 2-3 us: packs
// pay when candidates are closer than 1 in kPackRatio events.
constexpr uint64_t kPackRatio = 256;
// Below this many candidates the lookups cost less than reading packs (2,048 rows each).
constexpr uint64_t kPackMin = 4096;

struct IndexMeta {
  uint64_t last_num = 0;
  uint64_t first_ts = 0;
  uint64_t first_num = 0;  // the evt.reltime base event (EvalContext::first_num)
  bool damaged = false;
  bool sequential = false;  // seeks would not land where a full read does (see search_indexed.h)
};

struct Checkpoint {
  uint64_t num, offset;
  uint64_t cost;  // events a replay gets through in the time restoring this checkpoint takes
};

// Restoring a checkpoint (reading, decompressing, rebuilding threads and fd tables) takes
// about as long as replaying 2 events per 3 compressed bytes of it: on the 10 M event load
// capture a 127 kB checkpoint restores in 9.8 ms of CPU, the time a replay takes for about
// 82,000 events (docs/performance.md). The cost follows the state's size, which the
// compressed size tracks.
uint64_t restore_cost_events(uint64_t compressed_bytes) {
  return compressed_bytes * 2 / 3;
}

IndexMeta read_meta(Db& d) {
  IndexMeta m;
  Stmt s(d.db, "SELECT key, value FROM meta");
  while (s.row()) {
    std::string_view k = s.col_text(0), v = s.col_text(1);
    if (k == "last_num") m.last_num = std::stoull(std::string(v));
    if (k == "first_ts") m.first_ts = std::stoull(std::string(v));
    if (k == "first_num") m.first_num = std::stoull(std::string(v));
    if (k == "read_error") m.damaged = v != "-";
    if (k == "converted" && v != "0") m.sequential = true;
    if (k == "sections" && v != "1") m.sequential = true;
  }
  return m;
}

void add_posting(Stmt& s, const char* kind, int64_t key, Bitmap& out) {
  s.text(1, kind);
  s.i64(2, key);
  if (s.row()) {
    auto bytes = s.col_blob(0);
    if (!index_format::for_each_num(bytes, [&](uint64_t n) { out.set(n); }))
      throw std::runtime_error(fmt::format("malformed posting list {} {} in the index", kind, key));
  }
  sqlite3_reset(s.s);
}

// The events the index says can match: a superset of the filter's matches.
Bitmap candidates(Db& d, const IndexMeta& meta, const Narrowing& n, const EventTypeSet& types) {
  uint64_t size = meta.last_num + 1;
  Bitmap result(size);
  if (n.num_lo <= n.num_hi) result.set_range(std::max<uint64_t>(n.num_lo, 1), n.num_hi);
  if (!n.num_set.empty()) {
    Bitmap in_set(size);
    for (uint64_t x : n.num_set) in_set.set(x);
    result.intersect(in_set);
  }
  if (n.ts_lo > 0 || n.ts_hi < UINT64_MAX) {
    Bitmap in_time(size);
    Stmt s(d.db, "SELECT first_num, last_num FROM time_marks WHERE max_ts >= ? AND min_ts <= ?");
    s.i64(1, static_cast<int64_t>(std::min<uint64_t>(n.ts_lo, INT64_MAX)));
    s.i64(2, static_cast<int64_t>(std::min<uint64_t>(n.ts_hi, INT64_MAX)));
    while (s.row())
      in_time.set_range(static_cast<uint64_t>(s.col_i64(0)), static_cast<uint64_t>(s.col_i64(1)));
    result.intersect(in_time);
  }
  Stmt posting(d.db, "SELECT nums FROM postings WHERE kind = ? AND key = ?");
  if (!types.all()) {
    Bitmap by_type(size);
    for (size_t t = 0; t < types.size(); ++t)
      if (types.test(t)) add_posting(posting, index_format::kPostingType, static_cast<int64_t>(t), by_type);
    result.intersect(by_type);
  }
  Stmt exact(d.db, "SELECT id FROM strings WHERE s = ?");
  Stmt prefix(d.db, "SELECT id, s FROM strings WHERE s >= ? ORDER BY s");
  for (const auto& str : n.strings) {
    const char* kind = str.field == "proc.name" ? index_format::kPostingProc
                       : str.field == "fd.name" ? index_format::kPostingFd
                                                : index_format::kPostingContainer;
    Bitmap by_value(size);
    for (const auto& v : str.equals) {
      exact.text(1, v);
      if (exact.row()) add_posting(posting, kind, exact.col_i64(0), by_value);
      sqlite3_reset(exact.s);
    }
    for (const auto& p : str.prefixes) {
      prefix.text(1, p);
      std::vector<int64_t> ids;
      while (prefix.row()) {
        std::string_view s = prefix.col_text(1);
        if (s.substr(0, p.size()) != p) break;
        ids.push_back(prefix.col_i64(0));
      }
      sqlite3_reset(prefix.s);
      for (int64_t id : ids) add_posting(posting, kind, id, by_value);
    }
    result.intersect(by_value);
  }
  return result;
}

}  // namespace

int run_search(const SearchOptions& opts, std::FILE* out, std::FILE* err, const ObserverFactory& observers) {
  OutputFormat format;
  try {
    format =
        OutputFormat::compile(opts.format.empty() ? kDefaultOutputFormat : std::string_view(opts.format));
  } catch (const SyntaxError& e) {
    throw format_error(e);
  }
  Filter filter;
  std::unique_ptr<ast::Expr> tree;
  if (!opts.filter.empty()) {
    try {
      tree = parse_filter(opts.filter);
      filter = Filter::compile(*tree);
    } catch (const SyntaxError& e) {
      throw filter_error(e, opts.filter);
    }
  }
  std::string index_path = ensure_index(opts.capture, opts.index, observers, err);

  EventTypeSet types = filter.event_types();
  if (filter.empty()) types.set();
  Narrowing narrowing = tree ? extract_narrowing(*tree) : Narrowing{};
  // evt.dir halves the event types (enter and exit events have ids of their own).
  for (size_t t = 0; t < types.size(); ++t)
    if (scap::is_enter(static_cast<uint16_t>(t)) ? !narrowing.enters : !narrowing.exits) types.reset(t);
  std::optional<Bitmap> cand;
  uint64_t stop_after = UINT64_MAX;  // no candidate after this event
  Db d;
  IndexMeta meta;
  std::vector<Checkpoint> checkpoints;
  bool indexed = false;  // the index answers every field: no replay (search_indexed.h)
  bool packs = false, dense = false, in_place = false;
  try {
    if (sqlite3_open_v2(index_path.c_str(), &d.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK)
      throw std::runtime_error(fmt::format("{}: {}", index_path, sqlite3_errmsg(d.db)));
    // One read transaction for the whole search (else every statement takes and drops the
    // file lock and rereads the header page). Pages are read into a small cache, not mapped:
    // a search touches pages all over the index once each, and on these virtual machines a
    // page fault costs more than a read; a small cache recycles its buffers instead of
    // faulting in new ones (docs/decisions.md).
    d.exec("PRAGMA mmap_size = 0; PRAGMA cache_size = -2048; BEGIN");
    meta = read_meta(d);
    if (narrowing.narrows() || !types.all()) {
      cand.emplace(candidates(d, meta, narrowing, types));
      // A damaged capture is read to its damage, as print does, so the error shows the same.
      if (!meta.damaged) stop_after = cand->last();
      Stmt s(d.db, "SELECT num, offset, length(state) FROM checkpoints ORDER BY num");
      while (s.row()) {
        uint64_t cost =
            opts.jump_min ? opts.jump_min : restore_cost_events(static_cast<uint64_t>(s.col_i64(2)));
        checkpoints.push_back({static_cast<uint64_t>(s.col_i64(0)), static_cast<uint64_t>(s.col_i64(1)),
                               std::max<uint64_t>(cost, 1)});
      }
    }
    std::string unanswered = index_answer::unanswered_field(tree.get(), format);
    // Candidates of a plain capture are read at their offsets and their rows come from row packs
    // when they are close together: a few nanoseconds each beyond formatting, however dense.
    // Otherwise a candidate costs 1.5-3 us beyond its formatting (its row looked up, its
    // block read), an event replayed 50-100 ns: candidates denser than 1 in kDenseRatio
    // events between the first and the last are left to the replay.
    uint64_t count = cand ? cand->count() : 0;
    uint64_t span = count ? cand->last() - cand->next(0) + 1 : 0;
    in_place =
        !meta.sequential && scap::open_byte_source(opts.capture)->compression() == scap::Compression::None;
    packs = in_place && count > kPackMin && count * kPackRatio > span;
    dense = !in_place && count > kIndexedAlways && count * kDenseRatio > span;
    indexed = cand && unanswered.empty() && !dense;
    if (opts.explain) {
      if (cand)
        fmt::print(err, "narrowed by {}{}{}: {} candidate events{}\n", types.all() ? "" : "event types",
                   types.all() || !narrowing.narrows() ? "" : ", ", narrowing.describe(), cand->count(),
                   indexed ? "" : fmt::format(", replay stops after event {}", stop_after));
      else
        fmt::print(err, "not narrowed: every event is evaluated\n");
      if (indexed)
        fmt::print(err, "index-answered: every field is in the index\n");
      else if (!unanswered.empty())
        fmt::print(err, "replay: {} needs the state\n", unanswered);
      else if (dense)
        fmt::print(err, "replay: candidates too dense for the index (over 1 in {} events)\n", kDenseRatio);
      else
        fmt::print(err, "replay: one pass over every event\n");
    }
  } catch (const scap::CommandError&) {
    throw;
  } catch (const std::exception& e) {
    throw scap::CommandError(scap::ErrorKind::Capture, index_path, scap::CommandError::kNoOffset, e.what());
  }

  if (indexed) {
    print_support::OutputBuffer buf(out);
    // The second thread's own filter and format (they keep scratch buffers).
    Filter worker_filter = tree ? Filter::compile(*tree) : Filter();
    OutputFormat worker_format =
        OutputFormat::compile(opts.format.empty() ? kDefaultOutputFormat : std::string_view(opts.format));
    IndexedSearch is;
    is.capture = opts.capture;
    is.index_path = index_path;
    is.db = d.db;
    is.candidates = &*cand;
    is.first_ts = meta.first_ts;
    is.first_num = meta.first_num;
    is.damaged = meta.damaged;
    is.sequential = meta.sequential;
    is.packs = packs;
    is.direct = in_place;
    is.filter = &filter;
    is.types = &types;
    is.format = &format;
    is.worker_filter = &worker_filter;
    is.worker_format = &worker_format;
    is.limit = opts.limit;
    is.explain = opts.explain;
    try {
      search_indexed(is, buf, err);
    } catch (const scap::CaptureError&) {
      throw;
    } catch (const scap::CommandError&) {
      throw;
    } catch (const std::runtime_error& e) {  // a damaged index: it names itself
      throw scap::CommandError(scap::ErrorKind::Capture, e.what());
    }
    buf.flush();
    return 0;
  }

  print_support::OutputBuffer buf(out);
  try {
    scap::ReaderOptions ropts;
    ropts.on_warning = [&](const std::string& w) { fmt::print(err, "warning: {}\n", w); };
    // Many candidates mean long stretches of replay: read ahead then. A few candidates mean
    // jumps and short reads, where a read-ahead thread restarted per jump would only add work.
    ropts.read_ahead = opts.limit < 0 && (!cand || cand->count() > kReadAheadCandidates);
    replay::CapturePass pass(opts.capture, std::move(ropts));
    replay::State& state = pass.state();
    replay::StateRenderContext render(state);
    EvalContext ctx;
    ctx.state = &state;
    ctx.render = &render;
    ctx.first_ts = meta.first_ts;  // the same base wherever the replay starts
    ctx.first_num = meta.first_num;
    scap::EventView ev;
    int64_t printed = 0;
    uint64_t pos = 1;  // the number of the next event to read
    uint64_t next_cand = cand ? cand->next(1) : 0, planned_for = 0;
    std::optional<Stmt> load;
    std::string unpacked;
    uint64_t jumps = 0;
    while (opts.limit < 0 || printed < opts.limit) {
      // (Past the last candidate only a damaged capture is read on, to report its damage.)
      if (cand && next_cand != planned_for && (next_cand != UINT64_MAX || meta.damaged)) {
        // The last checkpoint at or before the next candidate: restore it when replaying the
        // events it skips would cost more.
        planned_for = next_cand;
        auto it = std::upper_bound(checkpoints.begin(), checkpoints.end(), next_cand,
                                   [](uint64_t n, const Checkpoint& c) { return n < c.num; });
        if (it != checkpoints.begin() && std::prev(it)->num >= pos + std::prev(it)->cost) {
          const Checkpoint& k = *std::prev(it);
          if (!load) load.emplace(d.db, "SELECT state FROM checkpoints WHERE num = ?");
          load->i64(1, static_cast<int64_t>(k.num));
          if (!load->row())
            throw std::runtime_error(fmt::format("{}: checkpoint {} is missing", index_path, k.num));
          index_format::decompress(load->col_blob(0), unpacked);
          state.restore(unpacked);
          sqlite3_reset(load->s);
          pass.reader().seek_event(k.offset, k.num);  // checkpoints are in the first section
          ctx.first_ts = meta.first_ts;
          ctx.first_num = meta.first_num;
          pos = k.num;
          ++jumps;
        }
      }
      if (!pass.next(ev)) break;
      if (ev.num) pos = ev.num + 1;
      note_first_event(ctx, ev);
      state.apply(ev);
      if (ev.num > stop_after) break;
      if (cand && ev.num >= next_cand) next_cand = cand->next(ev.num + 1);
      if (cand && !cand->test(ev.num)) continue;
      if (print_support::hidden(ev)) continue;
      ctx.ev = &ev;
      if (!filter.empty() && (!types.test(ev.type) || !filter.matches(ctx))) continue;
      if (format.render(ctx, buf.text())) {
        buf.end_line();
        ++printed;
      }
    }
    if (opts.explain) fmt::print(err, "{} checkpoint jumps\n", jumps);
  } catch (const scap::CaptureError&) {
    throw;
  } catch (const scap::CommandError&) {
    throw;
  } catch (const std::runtime_error& e) {  // a damaged index (a missing checkpoint)
    throw scap::CommandError(scap::ErrorKind::Capture, e.what());
  }
  buf.flush();
  return 0;
}

}  // namespace saker::query
