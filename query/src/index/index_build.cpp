// Builds the index in one pass through the state engine. Repeated strings (event types,
// process, fd, user and container names) are interned into `strings` so `event_rows` holds
// integers only; rows go in through one prepared statement inside one transaction with
// journaling off; posting lists (event numbers per type, process name, fd name and
// container, delta-encoded varints) and time marks are kept in memory and written at the end.
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "index/build/alert_rows.h"
#include "index/build/checkpoints.h"
#include "index/build/container_use.h"
#include "index/build/fd_use.h"
#include "index/build/full_text.h"
#include "index/build/interner.h"
#include "index/build/postings.h"
#include "index/build/process_lifecycles.h"
#include "index/build/row_writer.h"
#include "index/build/time_marks.h"
#include "index/index_db.h"
#include "index/index_format.h"
#include "index/index_render.h"
#include "index/index_schema.h"
#include "saker/query/capture_index.h"
#include "saker/replay/capture_pass.h"
#include "saker/scap/error.h"
#include "saker/scap/reader.h"
#include "saker/scap/safe_output.h"

namespace saker::query {

namespace {

using index_build::RowWriter;
using index_db::Db;
using index_db::Stmt;
using Col = index_schema::EventRowColumn;

struct FileStamp {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};

FileStamp stamp(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return {};
  return {static_cast<uint64_t>(st.st_size),
          static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// FNV-1a over the capture's first and last 64 KiB: with size and modification time, tells
// an index of another capture (or a rewritten one) from this capture's own.
std::string fingerprint(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return "-";
  uint64_t h = 14695981039346656037ull;
  std::vector<unsigned char> buf(65536);
  auto mix = [&](size_t n) {
    for (size_t i = 0; i < n; ++i) h = (h ^ buf[i]) * 1099511628211ull;
  };
  mix(std::fread(buf.data(), 1, buf.size(), f));
  if (std::fseek(f, -static_cast<long>(buf.size()), SEEK_END) == 0)
    mix(std::fread(buf.data(), 1, buf.size(), f));
  std::fclose(f);
  return fmt::format("{:016x}", h);
}

FieldRef field(std::string_view name) {
  FieldRef ref;
  std::string error;
  if (!resolve_field(name, ref, error)) throw std::logic_error(error);
  return ref;
}

// One pass through the state engine: each returned event a row (RowWriter), and what the
// other tables need kept by the parts below, written once the rows are in.
class Builder final : public IndexAlertSink {
 public:
  Builder(const std::string& capture, Db& d, const IndexOptions& opts)
      : capture_(capture), d_(d), opts_(opts), checkpoints_(d.db), alerts_(d.db), ins_(d.db) {
    auto table = scap::event_table();
    for (uint16_t t = 0; t < table.size(); ++t)
      has_res_[t] = !scap::is_enter(t) && !table[t].params.empty() &&
                    (table[t].params[0].name == "res" || table[t].params[0].name == "fd");
  }

  void add_alert(const scap::EventView& ev, std::string_view rule, std::string_view priority,
                 std::string_view tags, std::string_view line) override {
    alerts_.add(ev.num, ev.ts, rule, priority, tags, line);
    ++result_.alerts;
  }

  IndexResult run() {
    replay::CapturePass pass(capture_);
    replay::State& state = pass.state();
    replay::StateRenderContext render(state);
    std::string hostname = pass.metadata().machine ? pass.metadata().machine->hostname : "";
    processes_.start_section(pass.metadata(), state, true);
    EvalContext ctx;
    ctx.state = &state;
    ctx.render = &render;
    scap::EventView ev;
    d_.exec("BEGIN");
    try {
      while (pass.next(ev)) {
        if (pass.entered_section()) {
          if (pass.metadata().machine) hostname = pass.metadata().machine->hostname;
          processes_.start_section(pass.metadata(), state, false);
        }
        note_first_event(ctx, ev);
        converted_ |= ev.converted;
        // Only in the first section and where the reader has no conversion state to lose.
        if (opts_.checkpoint_every && pass.section() == 0 && ev.num && ev.num % opts_.checkpoint_every == 0 &&
            !converted_) {
          checkpoints_.save(ev, state, ins_);
          ++result_.checkpoints;
        }
        state.apply(ev);
        ctx.ev = &ev;
        // Only the events libs return are rows; the others (initial state, enter events libs
        // parse and filter out) are state; see docs/decisions.md.
        if (ev.returned()) {
          add_event(ev, ctx, state);
          for (IndexObserver* o : opts_.observers) o->on_event(ctx, hostname, *this);
        }
        if (opts_.progress && (result_.events & 0x3FFFF) == 0) opts_.progress(result_.events);
      }
    } catch (const scap::CaptureError& e) {
      result_.read_error = e.what();
    }
    sections_ = pass.section() + 1;
    first_ts_ = ctx.first_ts;
    first_num_ = ctx.first_num;
    finish(state);
    d_.exec("COMMIT");
    return result_;
  }

 private:
  void add_event(const scap::EventView& ev, const EvalContext& ctx, const replay::State& state) {
    const replay::ThreadInfo* t = state.current_thread();
    processes_.on_event(ev, t, state);

    ins_.i64(Col::kNum, static_cast<int64_t>(ev.num));
    ins_.i64(Col::kTs, static_cast<int64_t>(ev.ts));
    ins_.i64(Col::kCpu, ev.cpu);
    ins_.i64(Col::kTid, static_cast<int64_t>(ev.tid));
    {
      FieldValue pid;  // as proc.pid shows it (a container event's thread is not the current one)
      if (pid_field_.def->extract(ctx, pid_field_, pid, scratch_))
        ins_.i64(Col::kPid, pid.i);
      else
        ins_.null(Col::kPid);
    }
    ins_.i64(Col::kEtype, ev.type);
    uint32_t type_id;
    if (!scap::is_generic_syscall(ev.event_type())) {
      uint32_t& cached = type_ids_[ev.type];
      if (!cached) cached = strings_.id(ev.name());
      type_id = cached;
    } else {
      type_id = strings_.id(value(ctx, type_field_));
    }
    ins_.i64(Col::kTypeId, type_id);
    if (has_res_[ev.type] && ev.nparams > 0 && ev.params[0].len == 8)
      ins_.i64(Col::kRes, ev.params[0].as<int64_t>());
    else
      ins_.null(Col::kRes);
    if (state.current_fd_num() >= 0)
      ins_.i64(Col::kFd, state.current_fd_num());
    else
      ins_.null(Col::kFd);
    uint32_t fd_id = optional_id(ctx, fd_name_field_);
    uint32_t proc_id = optional_id(ctx, proc_name_field_);
    uint32_t user_id = optional_id(ctx, user_field_);
    uint32_t container_id = optional_id(ctx, container_field_);
    ins_.id_or_null(Col::kFdNameId, fd_id);
    ins_.id_or_null(Col::kProcNameId, proc_id);
    ins_.id_or_null(Col::kUserId, user_id);
    ins_.id_or_null(Col::kContainerId, container_id);
    if (t)
      ins_.id_or_null(Col::kProcess, static_cast<uint32_t>(processes_.row_of(t->pid)));
    else
      ins_.null(Col::kProcess);
    ins_.i64(Col::kOffset, static_cast<int64_t>(ev.offset));
    // What the event's argument text needs from the state, beyond its own fd.
    IndexedValues row;
    row.fd_num = state.current_fd_num() >= 0 ? state.current_fd_num() : -1;
    if (const replay::FdInfo* f = state.current_fd()) {
      row.has_fd = true;
      row.fd_type = static_cast<uint8_t>(f->type);
      row.fd_l4 = static_cast<uint8_t>(f->l4);
      ins_.i64(Col::kFdType, row.fd_type | row.fd_l4 << 8);
    } else {
      ins_.null(Col::kFdType);
    }
    ins_.id_or_null(Col::kPnameId, optional_id(ctx, pname_field_));
    if (fd_id) {
      row.has_fd_name = true;
      row.fd_name = strings_.text(fd_id);
    }
    ins_.blob(recorder_.record(ev, row, *ctx.render));
    ins_.step();
    ++result_.events;

    postings_.by_type.add(ev.type, ev.num);
    if (proc_id) postings_.by_proc.add(proc_id, ev.num);
    if (container_id) {
      postings_.by_container.add(container_id, ev.num);
      containers_.add(container_id, ev.num);
    }
    if (fd_id) {
      postings_.by_fd.add(fd_id, ev.num);
      fds_.add(fd_id, ev.num, state);
    }
    marks_.add(ev.num, ev.ts);
    last_num_ = ev.num;
  }

  std::string_view value(const EvalContext& ctx, const FieldRef& ref) {
    FieldValue v;
    if (!ref.def->extract(ctx, ref, v, scratch_)) return {};
    return v.s;
  }

  uint32_t optional_id(const EvalContext& ctx, const FieldRef& ref) {
    FieldValue v;
    if (!ref.def->extract(ctx, ref, v, scratch_)) return 0;
    return strings_.id(v.s);
  }

  void finish(const replay::State& state) {
    ins_.finish();
    alerts_.write();
    if (converted_) {  // old event versions: after a seek, exits would miss their stored enters
      checkpoints_.discard();
      result_.checkpoints = 0;
    }
    checkpoints_.write();
    {
      Stmt s(d_.db, "INSERT INTO strings (id, s) VALUES (?, ?)");
      for (uint32_t id = 1; id <= strings_.size(); ++id) {
        s.i64(1, id);
        s.text(2, strings_.text(id));
        s.step();
      }
    }
    {
      Stmt s(d_.db, "INSERT INTO event_types (id, name, dir) VALUES (?, ?, ?)");
      auto table = scap::event_table();
      for (uint16_t t = 0; t < table.size(); ++t) {
        if (table[t].flags & scap::kUnused) continue;
        s.i64(1, t);
        s.text(2, table[t].name);
        s.text(3, scap::is_enter(t) ? ">" : "<");
        s.step();
      }
    }
    index_build::FullText text(d_.db);
    processes_.write(d_.db, text);
    result_.processes = processes_.size();
    fds_.write(d_.db, strings_, text, result_);
    containers_.write(d_.db, strings_, state);
    postings_.write(d_.db);
    marks_.write(d_.db);
  }

 public:
  bool converted_ = false;  // the reader upgraded old events (seeks would lose their merged enters)
  uint32_t sections_ = 0;
  uint64_t first_ts_ = 0;
  uint64_t first_num_ = 0;
  uint64_t last_num_ = 0;
  bool ts_sorted() const { return marks_.ts_sorted(); }

 private:
  const std::string& capture_;
  Db& d_;
  const IndexOptions& opts_;
  index_build::Checkpoints checkpoints_;  // before ins_: its thread compresses them
  index_build::AlertRows alerts_;
  RowWriter ins_;  // after what its thread uses: joined before those are destroyed

  IndexResult result_;
  index_build::Interner strings_;
  std::array<uint32_t, scap::kEventTypeCount> type_ids_{};
  std::array<bool, scap::kEventTypeCount> has_res_{};
  FieldRef type_field_ = field("evt.type");
  FieldRef pid_field_ = field("proc.pid");
  index_render::Recorder recorder_;
  FieldRef fd_name_field_ = field("fd.name");
  FieldRef proc_name_field_ = field("proc.name");
  FieldRef pname_field_ = field("proc.pname");
  FieldRef user_field_ = field("user.name");
  FieldRef container_field_ = field("container.id");
  std::string scratch_;
  index_build::EventPostings postings_;
  index_build::FdUses fds_;
  index_build::ContainerUses containers_;
  index_build::ProcessLifecycles processes_;
  index_build::TimeMarks marks_;
};

}  // namespace

std::string default_index_path(const std::string& capture) {
  return capture + ".saker-index";
}

namespace {

// A regular file (a FIFO or device would block or lie), followed through a link.
bool regular_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

bool is_saker_index(const std::string& path) {
  if (!regular_file(path)) return false;
  Db d;
  if (sqlite3_open_v2(path.c_str(), &d.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return false;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(d.db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &s, nullptr) !=
      SQLITE_OK)
    return false;
  bool found = sqlite3_step(s) == SQLITE_ROW;
  sqlite3_finalize(s);
  return found;
}

bool index_is_current(const std::string& capture, const std::string& index_path) {
  if (::access(index_path.c_str(), R_OK) != 0 || !regular_file(index_path)) return false;
  Db d;
  if (sqlite3_open_v2(index_path.c_str(), &d.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return false;
  std::unordered_map<std::string, std::string> meta;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(d.db, "SELECT key, value FROM meta", -1, &s, nullptr) != SQLITE_OK) return false;
  while (sqlite3_step(s) == SQLITE_ROW) {
    const unsigned char* k = sqlite3_column_text(s, 0);
    const unsigned char* v = sqlite3_column_text(s, 1);
    if (k && v) meta[reinterpret_cast<const char*>(k)] = reinterpret_cast<const char*>(v);
  }
  sqlite3_finalize(s);
  FileStamp st = stamp(capture);
  return meta["schema_version"] == std::to_string(kIndexSchemaVersion) &&
         meta["capture_size"] == std::to_string(st.size) &&
         meta["capture_mtime_ns"] == std::to_string(st.mtime_ns) &&
         meta["capture_fingerprint"] == fingerprint(capture);
}

namespace {

IndexResult build_index_into(const std::string& capture, const std::string& index_path,
                             const IndexOptions& options) {
  { scap::Reader probe(capture); }  // a capture that cannot be opened leaves no index behind
  FileStamp before = stamp(capture);
  std::string print = fingerprint(capture);
  // Written beside its place and renamed into place at the end (scap::SafeOutput): never over
  // the capture, a link, a device or a directory.
  scap::SafeOutputOptions so;
  so.force = options.replace;
  so.inputs = {capture};
  scap::SafeOutput out(index_path, so);
  const std::string& tmp = out.temp_path();
  IndexResult result;
  std::vector<std::pair<std::string, std::string>> meta;
  {
    Db d;
    if (sqlite3_open_v2(tmp.c_str(), &d.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK)
      throw std::runtime_error(
          fmt::format("{}: cannot create the index: {} (choose another file with --index or -o)", index_path,
                      sqlite3_errmsg(d.db)));
    d.exec(
        "PRAGMA page_size = 65536; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
        "PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16384;");
    d.exec(index_schema::kTables);
    Builder b(capture, d, options);
    result = b.run();
    d.exec(index_schema::kViewsAndIndexes);
    if (options.sql_indexes) d.exec(index_schema::kEventIndexes);
    std::string observers;
    for (IndexObserver* o : options.observers)
      observers += (observers.empty() ? "" : "; ") + o->description();
    meta = {{"schema_version", std::to_string(kIndexSchemaVersion)},
            {"capture_path", capture},
            {"capture_size", std::to_string(before.size)},
            {"capture_mtime_ns", std::to_string(before.mtime_ns)},
            {"capture_fingerprint", print},
            {"events", std::to_string(result.events)},
            {"last_num", std::to_string(b.last_num_)},
            {"first_ts", std::to_string(b.first_ts_)},
            {"first_num", std::to_string(b.first_num_)},
            {"ts_sorted", b.ts_sorted() ? "1" : "0"},
            {"sections", std::to_string(b.sections_)},
            {"observers", observers.empty() ? "-" : observers},
            {"sql_indexes", options.sql_indexes ? "1" : "0"},
            {"checkpoints", std::to_string(result.checkpoints)},
            {"converted", b.converted_ ? "1" : "0"},
            {"read_error", result.read_error.empty() ? "-" : result.read_error}};
    Stmt m(d.db, "INSERT INTO meta (key, value) VALUES (?, ?)");
    for (const auto& [k, v] : meta) {
      m.text(1, k);
      m.text(2, v);
      m.step();
    }
  }
  out.commit();
  return result;
}

}  // namespace

IndexResult build_index(const std::string& capture, const std::string& index_path,
                        const IndexOptions& options) {
  try {
    return build_index_into(capture, index_path, options);
  } catch (const scap::CaptureError&) {
    throw;
  } catch (const scap::CommandError&) {
    throw;
  } catch (const std::exception& e) {  // SQLite and file system failures
    throw scap::CommandError(scap::ErrorKind::Output, e.what());
  }
}

}  // namespace saker::query
