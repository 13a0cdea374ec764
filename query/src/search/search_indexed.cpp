#include "search/search_indexed.h"

#include <array>
#include <exception>
#include <optional>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "index/index_db.h"
#include "index/index_render.h"
#include "output/parallel_format.h"
#include "index/row_pack.h"
#include "saker/scap/reader.h"

namespace saker::query {

namespace {

using index_db::Stmt;

// A candidate this close after the last event read is reached by reading on; a farther one
// by a seek. Reading on decodes every event in between (about 20 ns each), a seek costs a
// system call and a fresh read (for a compressed capture, a frame of up to 2 MiB).
constexpr uint64_t kReadOnBytes = 32 * 1024;
constexpr uint64_t kReadOnBytesCompressed = 2 * 1024 * 1024;
// Reads of a plain capture's events at their offsets: close candidates share a large read,
// far ones take a small one each.
constexpr size_t kDenseReadBytes = 256 * 1024;
constexpr size_t kSparseReadBytes = 8 * 1024;
// A row this few rows ahead of the cursor is reached by stepping; a farther one by a lookup.
constexpr uint64_t kStepRows = 16;
// Past this many candidates, a search whose candidates lie closer than a seek is worth reads
// ahead on a second thread.
constexpr uint64_t kDenseCandidates = 4096;
// Slots of a string cache (a slot is 40 bytes).
constexpr size_t kFewNames = 1024;
constexpr size_t kManyNames = size_t{1} << 16;
// Past this many candidates (and without -n), a second thread filters and formats them.
constexpr uint64_t kParallelCandidates = 4096;

// Interned strings by id, direct-mapped: a candidate's process, user and container names
// mostly repeat. One cache per column, so one row's strings never evict each other. A miss
// steps the column's own cursor when the id lies a few ahead of it (ids are given in order of
// first use, so a dense search's new names, such as connection tuples, come in order), else
// looks the id up.
class StringCache {
 public:
  // `slots`: a power of two.
  StringCache(sqlite3* db, size_t slots)
      : cursor_(db, "SELECT id, s FROM strings WHERE id >= ?"), slots_(slots) {}
  std::string_view get(int64_t id, const std::string& index_path) {
    Slot& s = slots_[static_cast<uint64_t>(id) & (slots_.size() - 1)];
    if (s.id != id) {
      if (!on_row_ || at_ > id || id - at_ > kStepStrings) {
        sqlite3_reset(cursor_.s);
        cursor_.i64(1, id);
        on_row_ = cursor_.row();
        at_ = on_row_ ? cursor_.col_i64(0) : 0;
      }
      while (on_row_ && at_ < id) {
        on_row_ = cursor_.row();
        at_ = on_row_ ? cursor_.col_i64(0) : 0;
      }
      if (!on_row_ || at_ != id)
        throw std::runtime_error(fmt::format("{}: string {} is missing", index_path, id));
      s.text.assign(cursor_.col_text(1));
      s.id = id;
    }
    return s.text;
  }

 private:
  static constexpr int64_t kStepStrings = 16;
  struct Slot {
    int64_t id = 0;
    std::string text;
  };
  Stmt cursor_;
  bool on_row_ = false;  // the cursor stands on the row of id at_
  int64_t at_ = 0;
  std::vector<Slot> slots_;
};

// A candidate's event_rows values looked up in event_rows: a few candidates far apart.
// No row for this number: libs number events they do not return (parser-only events, see
// docs/decisions.md), and a range of numbers names them too. Not damage.
const char* const kNoRow = "no row";

class SqlRows {
 public:
  explicit SqlRows(sqlite3* db)
      : rows_(db,
              "SELECT num, offset, pid, fd, fd_name_id, proc_name_id, user_id, container_id, fd_type, "
              "pname_id, render "
              "FROM event_rows WHERE num >= ?") {}
  // Null, or what is wrong with the index.
  const char* get(uint64_t c, row_pack::Row& r) {
    if (!ok_ || num_ > c || c - num_ > kStepRows) {
      sqlite3_reset(rows_.s);
      rows_.i64(1, static_cast<int64_t>(c));
      ok_ = rows_.row();
    }
    while (ok_ && (num_ = static_cast<uint64_t>(rows_.col_i64(kNum))) < c) ok_ = rows_.row();
    if (!ok_ || num_ != c) return kNoRow;
    r.num = c;
    r.offset = static_cast<uint64_t>(rows_.col_i64(kOffset));
    r.mask = 0;
    auto has = [&](int col, uint16_t bit) {
      if (sqlite3_column_type(rows_.s, col) == SQLITE_NULL) return false;
      r.mask |= bit;
      return true;
    };
    if (has(kPid, row_pack::kPid)) r.pid = rows_.col_i64(kPid);
    if (has(kFd, row_pack::kFd)) r.fd = rows_.col_i64(kFd);
    if (has(kFdName, row_pack::kFdName)) r.fd_name_id = static_cast<uint64_t>(rows_.col_i64(kFdName));
    if (has(kProcName, row_pack::kProcName)) r.proc_name_id = static_cast<uint64_t>(rows_.col_i64(kProcName));
    if (has(kUser, row_pack::kUser)) r.user_id = static_cast<uint64_t>(rows_.col_i64(kUser));
    if (has(kContainer, row_pack::kContainer))
      r.container_id = static_cast<uint64_t>(rows_.col_i64(kContainer));
    if (has(kFdType, row_pack::kFdType)) r.fd_type = static_cast<uint64_t>(rows_.col_i64(kFdType));
    if (has(kPname, row_pack::kPname)) r.pname_id = static_cast<uint64_t>(rows_.col_i64(kPname));
    r.render = has(kRender, row_pack::kRender) ? rows_.col_blob(kRender) : std::string_view();
    return nullptr;
  }

 private:
  enum Col { kNum, kOffset, kPid, kFd, kFdName, kProcName, kUser, kContainer, kFdType, kPname, kRender };
  Stmt rows_;
  bool ok_ = false;  // the cursor stands on a row
  uint64_t num_ = 0;
};

// The same values from row packs (row_pack.h), decoded in order: many candidates close together.
class PackRows {
 public:
  explicit PackRows(sqlite3* db)
      : find_(db,
              "SELECT first_num, last_num, rows FROM row_packs WHERE first_num <= ? ORDER BY first_num DESC "
              "LIMIT 1") {}
  const char* get(uint64_t c, row_pack::Row& r) {
    if (!loaded_ || c < first_ || c > last_ || (have_row_ && cur_.num > c)) {
      find_.i64(1, static_cast<int64_t>(c));
      bool found = find_.row();
      if (found) {
        first_ = static_cast<uint64_t>(find_.col_i64(0));
        last_ = static_cast<uint64_t>(find_.col_i64(1));
        bytes_.assign(find_.col_blob(2));
      }
      sqlite3_reset(find_.s);
      if (!found || c > last_) return kNoRow;
      decoder_.start(bytes_, first_);
      loaded_ = true;
      have_row_ = false;
    }
    while (!have_row_ || cur_.num < c) {
      if (!decoder_.next(cur_))
        return decoder_.malformed() ? "malformed row pack" : "no row for a candidate event";
      have_row_ = true;
    }
    if (cur_.num > last_) return "malformed row pack";
    if (cur_.num != c) return kNoRow;
    r = cur_;
    return nullptr;
  }

 private:
  Stmt find_;
  std::string bytes_;  // the pack being read
  row_pack::Decoder decoder_;
  row_pack::Row cur_;
  uint64_t first_ = 0, last_ = 0;
  bool loaded_ = false, have_row_ = false;
};

}  // namespace

void search_indexed(const IndexedSearch& s, print_support::OutputBuffer& buf, std::FILE* err) {
  const Bitmap& cand = *s.candidates;
  std::optional<SqlRows> sql_rows;
  std::optional<PackRows> pack_rows;
  if (s.packs)
    pack_rows.emplace(s.db);
  else
    sql_rows.emplace(s.db);
  // Many candidates meet many fd names (files, connection tuples): a larger cache then.
  StringCache fd_names(s.db, s.packs ? kManyNames : kFewNames), proc_names(s.db, kFewNames),
      users(s.db, kFewNames), containers(s.db, kFewNames), pnames(s.db, kFewNames);

  // A plain capture's events are read at their offsets (Reader::event_at). Otherwise seek
  // to a candidate farther than read_on past the last event read (UINT64_MAX: only to the
  // first candidate, as in a gzip capture, where a seek decompresses from the start again but
  // skips decoding the events before it).
  const bool seek = !s.sequential;
  const bool direct = s.direct;
  uint64_t read_on = kReadOnBytes;
  if (!direct) {  // (a silent look first: the reader below reports the warnings, once)
    scap::Reader probe(s.capture);
    read_on = !probe.random_access()                           ? UINT64_MAX
              : probe.compression() == scap::Compression::None ? kReadOnBytes
                                                               : kReadOnBytesCompressed;
  }
  if (!direct && seek && read_on != UINT64_MAX && s.limit < 0 && cand.count() > kDenseCandidates) {
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
  ropts.read_ahead = !direct && (!seek || read_on == UINT64_MAX) && s.limit < 0;
  scap::Reader reader(s.capture, ropts);

  IndexedValues row;
  row_pack::Row values;
  index_render::Replayer render;
  EvalContext ctx;
  ctx.indexed = &row;
  ctx.render = &render;
  ctx.first_ts = s.first_ts;
  ctx.first_num = s.first_num;
  scap::EventView ev;
  bool have_ev = false;  // ev holds the last event read
  int64_t printed = 0;
  uint64_t seeks = 0, evaluated = 0;
  auto malformed = [&](uint64_t num, const char* what) {
    return std::runtime_error(fmt::format("{}: event {}: {}", s.index_path, num, what));
  };

  std::optional<ParallelFormat> parallel;
  if (s.worker_filter && s.worker_format && s.limit < 0 && cand.count() > kParallelCandidates) {
    // Reading events at their offsets costs little next to formatting: this thread formats a
    // batch itself whenever the second thread is still busy.
    ParallelFormat::Mine mine;
    if (direct) mine = {s.filter, s.format};
    parallel.emplace(*s.worker_filter, *s.worker_format, s.first_ts, s.first_num, mine);
  }
  std::exception_ptr error;  // raised once the lines before it are out
  try {
    for (uint64_t c = cand.next(1); c != UINT64_MAX && (s.limit < 0 || printed < s.limit);
         c = cand.next(c + 1)) {
      if (const char* e = pack_rows ? pack_rows->get(c, values) : sql_rows->get(c, values)) {
        if (e == kNoRow) continue;  // a number libs give an event they do not return
        throw malformed(c, e);
      }

      // The candidate's event: read at its offset, or read on to it, or a seek when it is far.
      if (direct) {
        reader.event_at(values.offset, c, ev, s.packs ? kDenseReadBytes : kSparseReadBytes);
        have_ev = true;
      } else {
        if (seek &&
            (!have_ev || ev.num >= c || values.offset < ev.offset || values.offset - ev.offset > read_on)) {
          reader.seek_event(values.offset, c);
          ++seeks;
          have_ev = false;
        }
        do {
          if (!reader.next(ev)) throw malformed(c, "the capture ends before this event");
          have_ev = true;
        } while (ev.num < c);
        if (ev.num != c) throw malformed(c, "the event is not at its offset");
      }
      if (print_support::hidden(ev) || (!s.filter->empty() && !s.types->test(ev.type))) continue;

      row.has_pid = values.mask & row_pack::kPid;
      row.pid = row.has_pid ? values.pid : 0;
      row.fd_num = values.mask & row_pack::kFd ? values.fd : -1;
      if (row.fd_num < 0 && (values.mask & row_pack::kFd)) throw malformed(c, "negative fd");
      row.has_fd_name = values.mask & row_pack::kFdName;
      row.fd_name = row.has_fd_name ? fd_names.get(static_cast<int64_t>(values.fd_name_id), s.index_path)
                                    : std::string_view();
      row.has_proc_name = values.mask & row_pack::kProcName;
      row.proc_name = row.has_proc_name
                          ? proc_names.get(static_cast<int64_t>(values.proc_name_id), s.index_path)
                          : std::string_view();
      row.has_user = values.mask & row_pack::kUser;
      row.user_name =
          row.has_user ? users.get(static_cast<int64_t>(values.user_id), s.index_path) : std::string_view();
      row.has_container = values.mask & row_pack::kContainer;
      row.container_id = row.has_container
                             ? containers.get(static_cast<int64_t>(values.container_id), s.index_path)
                             : std::string_view();
      row.has_pname = values.mask & row_pack::kPname;
      row.pname = row.has_pname ? pnames.get(static_cast<int64_t>(values.pname_id), s.index_path)
                                : std::string_view();
      row.has_fd = values.mask & row_pack::kFdType;
      uint64_t fd_type = row.has_fd ? values.fd_type : 0;
      if (fd_type > 0xFFFF) throw malformed(c, "malformed fd type");
      row.fd_type = static_cast<uint8_t>(fd_type);
      row.fd_l4 = static_cast<uint8_t>(fd_type >> 8);
      if (!render.load(&row, values.render)) throw malformed(c, "malformed argument-text answers");

      ++evaluated;
      if (parallel) {
        parallel->add(ev, row, values.render, buf);
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
    if (s.damaged && (s.limit < 0 || printed < s.limit)) {
      if (direct && have_ev) reader.seek_event(ev.offset, ev.num);
      while (reader.next(ev)) {
      }
    }
  } catch (...) {
    error = std::current_exception();
  }
  if (parallel) parallel->finish(buf);
  if (error) std::rethrow_exception(error);
  if (s.explain)
    fmt::print(err, "{} events evaluated from the index{}{}, {}\n", evaluated, s.packs ? " (row packs)" : "",
               parallel ? (direct ? " (filtered and formatted on two threads)"
                                  : " (filtered and formatted on a second thread)")
                        : "",
               direct ? "read at their offsets" : fmt::format("{} seeks", seeks));
}

}  // namespace saker::query
