#include "search_indexed.h"

#include <array>
#include <exception>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "index_db.h"
#include "index_render.h"
#include "parallel_format.h"
#include "saker/scap/reader.h"

namespace saker::query {

namespace {

using index_db::Stmt;

// A candidate this close after the last event read is reached by reading on; a farther one
// by a seek. Reading on decodes every event in between (about 20 ns each), a seek costs a
// system call and a fresh read (for a compressed capture, a frame of up to 2 MiB).
constexpr uint64_t kReadOnBytes = 32 * 1024;
constexpr uint64_t kReadOnBytesCompressed = 2 * 1024 * 1024;
// A row this few rows ahead of the cursor is reached by stepping; a farther one by a lookup.
constexpr uint64_t kStepRows = 16;
// Past this many candidates, a search whose candidates lie closer than a seek is worth reads
// ahead on a second thread.
constexpr uint64_t kDenseCandidates = 4096;
// Past this many candidates (and without -n), a second thread filters and formats them.
constexpr uint64_t kParallelCandidates = 4096;

// Interned strings by id, direct-mapped: a candidate's process, user and container names
// mostly repeat. One cache per column, so one row's strings never evict each other.
class StringCache {
 public:
  explicit StringCache(Stmt& lookup) : lookup_(lookup) {}
  std::string_view get(int64_t id, const std::string& index_path) {
    Slot& s = slots_[static_cast<uint64_t>(id) & (kSlots - 1)];
    if (s.id != id) {
      lookup_.i64(1, id);
      if (!lookup_.row()) {
        sqlite3_reset(lookup_.s);
        throw std::runtime_error(fmt::format("{}: string {} is missing", index_path, id));
      }
      s.text.assign(lookup_.col_text(0));
      sqlite3_reset(lookup_.s);
      s.id = id;
    }
    return s.text;
  }

 private:
  static constexpr size_t kSlots = 1024;
  struct Slot {
    int64_t id = 0;
    std::string text;
  };
  Stmt& lookup_;
  std::array<Slot, kSlots> slots_;
};

enum Col { kNum, kOffset, kPid, kFd, kFdName, kProcName, kUser, kContainer, kFdType, kRender };

}  // namespace

void search_indexed(const IndexedSearch& s, print_support::OutputBuffer& buf, std::FILE* err) {
  const Bitmap& cand = *s.candidates;
  Stmt rows(s.db,
            "SELECT num, offset, pid, fd, fd_name_id, proc_name_id, user_id, container_id, fd_type, render "
            "FROM event_rows WHERE num >= ?");
  Stmt lookup(s.db, "SELECT s FROM strings WHERE id = ?");
  StringCache fd_names(lookup), proc_names(lookup), users(lookup), containers(lookup);

  // Seek to a candidate farther than read_on past the last event read (UINT64_MAX: only to the
  // first candidate, as in a gzip capture, where a seek decompresses from the start again but
  // skips decoding the events before it).
  const bool seek = !s.sequential;
  uint64_t read_on;
  {  // (a silent look first: the reader below reports the warnings, once)
    scap::Reader probe(s.capture);
    read_on = !probe.random_access()                           ? UINT64_MAX
              : probe.compression() == scap::Compression::None ? kReadOnBytes
                                                               : kReadOnBytesCompressed;
  }
  if (seek && read_on != UINT64_MAX && s.limit < 0 && cand.count() > kDenseCandidates) {
    // Candidates closer on average than a seek is worth: one seek to the first, then read
    // on through the rest with the reading and decompression on a second thread.
    Stmt offset(s.db, "SELECT offset FROM event_rows WHERE num = ?");
    auto offset_of = [&](uint64_t num) {
      offset.i64(1, static_cast<int64_t>(num));
      uint64_t o = offset.row() ? static_cast<uint64_t>(offset.col_i64(0)) : 0;
      sqlite3_reset(offset.s);
      return o;
    };
    uint64_t first = offset_of(cand.next(1)), last = offset_of(cand.last());
    if (last >= first && (last - first) / cand.count() < read_on) read_on = UINT64_MAX;
  }
  scap::ReaderOptions ropts;
  ropts.on_warning = [&](const std::string& w) { fmt::print(err, "warning: {}\n", w); };
  ropts.read_ahead = (!seek || read_on == UINT64_MAX) && s.limit < 0;
  scap::Reader reader(s.capture, ropts);

  IndexedValues row;
  index_render::Replayer render;
  EvalContext ctx;
  ctx.indexed = &row;
  ctx.render = &render;
  ctx.first_ts = s.first_ts;
  scap::EventView ev;
  bool have_ev = false;  // ev holds the last event read
  bool row_ok = false;   // the row cursor stands on a row
  uint64_t row_num = 0;
  int64_t printed = 0;
  uint64_t seeks = 0, evaluated = 0;
  auto malformed = [&](uint64_t num, const char* what) {
    return std::runtime_error(fmt::format("{}: event {}: {}", s.index_path, num, what));
  };

  std::optional<ParallelFormat> parallel;
  if (s.worker_filter && s.worker_format && s.limit < 0 && cand.count() > kParallelCandidates)
    parallel.emplace(*s.worker_filter, *s.worker_format, s.first_ts);
  std::exception_ptr error;  // raised once the lines before it are out
  try {
    for (uint64_t c = cand.next(1); c != UINT64_MAX && (s.limit < 0 || printed < s.limit);
         c = cand.next(c + 1)) {
      // The candidate's row.
      if (!row_ok || row_num > c || c - row_num > kStepRows) {
        sqlite3_reset(rows.s);
        rows.i64(1, static_cast<int64_t>(c));
        row_ok = rows.row();
      }
      while (row_ok && (row_num = static_cast<uint64_t>(rows.col_i64(kNum))) < c) row_ok = rows.row();
      if (!row_ok || row_num != c) throw malformed(c, "no row for a candidate event");
      uint64_t offset = static_cast<uint64_t>(rows.col_i64(kOffset));

      // The candidate's event: read on to it, or seek when it is far.
      if (seek && (!have_ev || ev.num >= c || offset < ev.offset || offset - ev.offset > read_on)) {
        reader.seek_event(offset, c);
        ++seeks;
        have_ev = false;
      }
      do {
        if (!reader.next(ev)) throw malformed(c, "the capture ends before this event");
        have_ev = true;
      } while (ev.num < c);
      if (ev.num != c) throw malformed(c, "the event is not at its offset");
      if (print_support::hidden(ev) || (!s.filter->empty() && !s.types->test(ev.type))) continue;

      auto has = [&](int col) { return sqlite3_column_type(rows.s, col) != SQLITE_NULL; };
      row.has_pid = has(kPid);
      row.pid = rows.col_i64(kPid);
      row.fd_num = has(kFd) ? rows.col_i64(kFd) : -1;
      if (row.fd_num < 0 && has(kFd)) throw malformed(c, "negative fd");
      row.has_fd_name = has(kFdName);
      row.fd_name = row.has_fd_name ? fd_names.get(rows.col_i64(kFdName), s.index_path) : std::string_view();
      row.has_proc_name = has(kProcName);
      row.proc_name =
          row.has_proc_name ? proc_names.get(rows.col_i64(kProcName), s.index_path) : std::string_view();
      row.has_user = has(kUser);
      row.user_name = row.has_user ? users.get(rows.col_i64(kUser), s.index_path) : std::string_view();
      row.has_container = has(kContainer);
      row.container_id =
          row.has_container ? containers.get(rows.col_i64(kContainer), s.index_path) : std::string_view();
      row.has_fd = has(kFdType);
      int64_t fd_type = rows.col_i64(kFdType);
      if (fd_type < 0 || fd_type > 0xFFFF) throw malformed(c, "malformed fd type");
      row.fd_type = static_cast<uint8_t>(fd_type);
      row.fd_l4 = static_cast<uint8_t>(fd_type >> 8);
      if (!render.load(&row, rows.col_blob(kRender))) throw malformed(c, "malformed argument-text answers");

      ++evaluated;
      if (parallel) {
        parallel->add(ev, row, rows.col_blob(kRender), buf);
        continue;
      }
      ctx.ev = &ev;
      if (!s.filter->empty() && !s.filter->matches(ctx)) continue;
      if (s.format->render(ctx, buf.text())) {
        buf.end_line();
        ++printed;
      }
    }
    // A damaged capture is read on to its damage, as print does, so the error shows the same.
    if (s.damaged && (s.limit < 0 || printed < s.limit))
      while (reader.next(ev)) {
      }
  } catch (...) {
    error = std::current_exception();
  }
  if (parallel) parallel->finish(buf);
  if (error) std::rethrow_exception(error);
  if (s.explain)
    fmt::print(err, "{} events evaluated from the index{}, {} seeks\n", evaluated,
               parallel ? " (filtered and formatted on a second thread)" : "", seeks);
}

}  // namespace saker::query
