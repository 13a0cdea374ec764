#include "saker/query/capture_index.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "saker/replay/state.h"
#include "saker/scap/error.h"
#include "saker/scap/reader.h"

namespace saker::query {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE events (
  num INTEGER PRIMARY KEY,      -- evt.num
  ts INTEGER NOT NULL,          -- ns since the epoch
  cpu INTEGER NOT NULL,
  tid INTEGER NOT NULL,
  pid INTEGER,
  type TEXT NOT NULL,           -- evt.type
  dir TEXT NOT NULL,            -- '>' enter, '<' exit
  res INTEGER,                  -- result of exit events
  fd INTEGER,
  fd_name TEXT,
  proc_name TEXT,
  user_name TEXT,
  container_id TEXT,
  offset INTEGER NOT NULL       -- byte offset of the event's block in the (decompressed) capture
);
CREATE TABLE processes (
  event_num INTEGER NOT NULL,   -- the clone or exec event that started this image
  ts INTEGER NOT NULL,
  tid INTEGER NOT NULL,
  pid INTEGER NOT NULL,
  ppid INTEGER,
  name TEXT,
  exepath TEXT,
  cmdline TEXT,
  cwd TEXT,
  uid INTEGER,
  container_id TEXT
);
)sql";

constexpr const char* kIndexes = R"sql(
CREATE INDEX events_ts ON events(ts);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_tid ON events(tid);
CREATE INDEX events_proc ON events(proc_name);
CREATE INDEX events_fd_name ON events(fd_name);
CREATE INDEX processes_pid ON processes(pid);
)sql";

struct Db {
  sqlite3* db = nullptr;
  ~Db() {
    if (db) sqlite3_close_v2(db);  // v2: statements still alive do not keep the connection open
  }
  void exec(const char* sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string m = msg ? msg : "error";
      sqlite3_free(msg);
      throw std::runtime_error(fmt::format("SQLite: {}", m));
    }
  }
};

struct Stmt {
  sqlite3_stmt* s = nullptr;
  Stmt(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error(fmt::format("SQLite: {}", sqlite3_errmsg(db)));
  }
  ~Stmt() { sqlite3_finalize(s); }
  void text(int i, std::string_view v) {
    if (v.empty())
      sqlite3_bind_null(s, i);
    else
      sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void i64(int i, int64_t v) { sqlite3_bind_int64(s, i, v); }
  void null(int i) { sqlite3_bind_null(s, i); }
  void step(sqlite3* db) {
    if (sqlite3_step(s) != SQLITE_DONE)
      throw std::runtime_error(fmt::format("SQLite: {}", sqlite3_errmsg(db)));
    sqlite3_reset(s);
  }
};

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

std::string event_type(const scap::EventView& ev) {
  if ((ev.type == 0 || ev.type == 1) && ev.nparams > 0 && ev.params[0].len >= 2) {
    auto n = scap::syscall_name(ev.params[0].as<uint16_t>());
    if (!n.empty()) return std::string(n);
  }
  return std::string(ev.name());
}

}  // namespace

std::string default_index_path(const std::string& capture) {
  return capture + ".saker-index";
}

bool index_is_current(const std::string& capture, const std::string& index_path) {
  if (::access(index_path.c_str(), R_OK) != 0) return false;
  Db d;
  if (sqlite3_open_v2(index_path.c_str(), &d.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return false;
  std::map<std::string, std::string> meta;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(d.db, "SELECT key, value FROM meta", -1, &s, nullptr) != SQLITE_OK) return false;
  while (sqlite3_step(s) == SQLITE_ROW)
    meta[reinterpret_cast<const char*>(sqlite3_column_text(s, 0))] =
        reinterpret_cast<const char*>(sqlite3_column_text(s, 1));
  sqlite3_finalize(s);
  FileStamp st = stamp(capture);
  return meta["schema_version"] == std::to_string(kIndexSchemaVersion) &&
         meta["capture_size"] == std::to_string(st.size) &&
         meta["capture_mtime_ns"] == std::to_string(st.mtime_ns);
}

IndexResult build_index(const std::string& capture, const std::string& index_path,
                        const std::function<void(uint64_t)>& progress) {
  IndexResult result;
  scap::Reader reader(capture);
  std::string tmp = index_path + ".tmp";
  ::unlink(tmp.c_str());
  Db d;
  if (sqlite3_open_v2(tmp.c_str(), &d.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
    throw std::runtime_error(fmt::format("{}: cannot create the index: {}", tmp, sqlite3_errmsg(d.db)));
  d.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;");
  d.exec(kSchema);
  d.exec("BEGIN");
  Stmt ins(d.db,
           "INSERT INTO events (num, ts, cpu, tid, pid, type, dir, res, fd, fd_name, proc_name, user_name, "
           "container_id, offset) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  Stmt proc(
      d.db,
      "INSERT INTO processes (event_num, ts, tid, pid, ppid, name, exepath, cmdline, cwd, uid, container_id) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  replay::State state;
  state.load(reader.metadata());
  scap::EventView ev;
  uint32_t section = 0;
  try {
    while (reader.next(ev)) {
      if (ev.section != section) {
        section = ev.section;
        state.load(reader.metadata());
      }
      state.apply(ev);
      const replay::ThreadInfo* t = state.current_thread();
      ins.i64(1, static_cast<int64_t>(ev.num));
      ins.i64(2, static_cast<int64_t>(ev.ts));
      ins.i64(3, ev.cpu);
      ins.i64(4, static_cast<int64_t>(ev.tid));
      if (t)
        ins.i64(5, static_cast<int64_t>(t->pid));
      else
        ins.null(5);
      ins.text(6, event_type(ev));
      ins.text(7, ev.is_enter() ? ">" : "<");
      bool has_res = !ev.is_enter() && ev.nparams > 0 && ev.params[0].len == 8 && !ev.info->params.empty() &&
                     (ev.info->params[0].name == "res" || ev.info->params[0].name == "fd");
      if (has_res)
        ins.i64(8, ev.params[0].as<int64_t>());
      else
        ins.null(8);
      if (state.current_fd_num() >= 0)
        ins.i64(9, state.current_fd_num());
      else
        ins.null(9);
      ins.text(10, state.current_fd() ? std::string_view(state.current_fd()->name) : std::string_view());
      ins.text(11, t ? std::string_view(t->comm) : std::string_view());
      const scap::User* u = t ? state.user(t->uid) : nullptr;
      ins.text(12, u ? std::string_view(u->name) : std::string_view());
      ins.text(13, t ? std::string_view(t->container_id) : std::string_view());
      ins.i64(14, static_cast<int64_t>(ev.offset));
      ins.step(d.db);
      ++result.events;
      // A process image starts at a successful clone (child side) or exec.
      auto name = ev.name();
      bool starts = !ev.is_enter() && ev.nparams > 0 && ev.params[0].len == 8 && t &&
                    (((name == "execve" || name == "execveat") && ev.params[0].as<int64_t>() == 0) ||
                     ((name == "clone" || name == "fork" || name == "vfork" || name == "clone3") &&
                      ev.params[0].as<int64_t>() == 0));
      if (starts) {
        proc.i64(1, static_cast<int64_t>(ev.num));
        proc.i64(2, static_cast<int64_t>(ev.ts));
        proc.i64(3, static_cast<int64_t>(t->tid));
        proc.i64(4, static_cast<int64_t>(t->pid));
        if (t->ptid != replay::kUnknownTid)
          proc.i64(5, static_cast<int64_t>(t->ptid));
        else
          proc.null(5);
        proc.text(6, t->comm);
        proc.text(7, t->exepath);
        proc.text(8, t->cmdline());
        proc.text(9, t->cwd);
        if (t->uid != replay::kUnknownId)
          proc.i64(10, t->uid);
        else
          proc.null(10);
        proc.text(11, t->container_id);
        proc.step(d.db);
        ++result.processes;
      }
      if (progress && result.events % 262144 == 0) progress(result.events);
    }
  } catch (const scap::CaptureError& e) {
    result.read_error = e.what();
  }
  d.exec("COMMIT");
  d.exec(kIndexes);
  FileStamp st = stamp(capture);
  Stmt meta(d.db, "INSERT INTO meta (key, value) VALUES (?, ?)");
  for (auto [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"schema_version", std::to_string(kIndexSchemaVersion)},
           {"capture_path", capture},
           {"capture_size", std::to_string(st.size)},
           {"capture_mtime_ns", std::to_string(st.mtime_ns)},
           {"events", std::to_string(result.events)},
           {"read_error", result.read_error}}) {
    meta.text(1, k);
    if (v.empty())
      meta.text(2, "-");
    else
      meta.text(2, v);
    meta.step(d.db);
  }
  // The statements above are finalized when they go out of scope: close_v2 waits for them
  // (sqlite3_close would fail with SQLITE_BUSY and leak the connection).
  sqlite3_close_v2(d.db);
  d.db = nullptr;
  if (::rename(tmp.c_str(), index_path.c_str()) != 0)
    throw std::runtime_error(fmt::format("{}: cannot write the index: {}", index_path, std::strerror(errno)));
  return result;
}

int run_query(const std::string& capture, const std::string& index_path, const std::string& sql,
              QueryFormat format, std::FILE* out, std::FILE* err) {
  try {
    if (!index_is_current(capture, index_path)) {
      bool tty = isatty(fileno(err));
      auto r = build_index(capture, index_path, [&](uint64_t n) {
        if (tty) fmt::print(err, "\rindexing: {} events", n);
      });
      if (tty) fmt::print(err, "\r");
      fmt::print(err, "indexed {} events into {}\n", r.events, index_path);
      if (!r.read_error.empty()) fmt::print(err, "warning: {}\n", r.read_error);
    }
  } catch (const scap::CaptureError& e) {
    fmt::print(err, "saker query: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(err, "saker query: {}\n", e.what());
    return 1;
  }
  Db d;
  if (sqlite3_open_v2(index_path.c_str(), &d.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    fmt::print(err, "saker query: {}: {}\n", index_path, sqlite3_errmsg(d.db));
    return 1;
  }
  sqlite3_stmt* s = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(d.db, sql.c_str(), -1, &s, &tail) != SQLITE_OK) {
    fmt::print(err, "saker query: SQL error at offset {}: {}\n",
               sqlite3_error_offset(d.db) >= 0 ? sqlite3_error_offset(d.db) : 0, sqlite3_errmsg(d.db));
    return 1;
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(s, sqlite3_finalize);
  if (!s) return 0;  // empty statement
  if (!sqlite3_stmt_readonly(s)) {
    fmt::print(err, "saker query: the index is read-only: statements that write are refused\n");
    return 1;
  }
  int cols = sqlite3_column_count(s);
  std::vector<std::string> names;
  for (int i = 0; i < cols; ++i) names.emplace_back(sqlite3_column_name(s, i));
  std::vector<std::vector<std::string>> rows;
  auto csv = [](const std::string& v) {
    if (v.find_first_of(",\"\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  if (format == QueryFormat::Csv) fmt::print(out, "{}\n", fmt::join(names, ","));
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (format == QueryFormat::Json) {
      nlohmann::ordered_json j;
      for (int i = 0; i < cols; ++i) {
        switch (sqlite3_column_type(s, i)) {
          case SQLITE_INTEGER:
            j[names[i]] = sqlite3_column_int64(s, i);
            break;
          case SQLITE_FLOAT:
            j[names[i]] = sqlite3_column_double(s, i);
            break;
          case SQLITE_NULL:
            j[names[i]] = nullptr;
            break;
          default: {  // text, or a blob (NULL text when empty)
            const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
            j[names[i]] = t ? std::string(t, static_cast<size_t>(sqlite3_column_bytes(s, i))) : std::string();
            break;
          }
        }
      }
      // Captures carry any bytes: invalid UTF-8 is replaced rather than thrown on.
      fmt::print(out, "{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      continue;
    }
    std::vector<std::string> row;
    for (int i = 0; i < cols; ++i) {
      const unsigned char* t = sqlite3_column_text(s, i);
      row.emplace_back(t ? reinterpret_cast<const char*>(t) : (format == QueryFormat::Csv ? "" : "NULL"));
    }
    if (format == QueryFormat::Csv) {
      std::vector<std::string> q;
      for (auto& v : row) q.push_back(csv(v));
      fmt::print(out, "{}\n", fmt::join(q, ","));
    } else {
      rows.push_back(std::move(row));
    }
  }
  if (rc != SQLITE_DONE) {
    fmt::print(err, "saker query: {}\n", sqlite3_errmsg(d.db));
    return 1;
  }
  if (format == QueryFormat::Table) {
    std::vector<size_t> w(names.size());
    for (size_t i = 0; i < names.size(); ++i) w[i] = names[i].size();
    for (auto& r : rows)
      for (size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], r[i].size());
    auto line = [&](const std::vector<std::string>& r) {
      std::string l;
      for (size_t i = 0; i < r.size(); ++i)
        l += i + 1 < r.size() ? fmt::format("{:<{}}  ", r[i], w[i]) : r[i];
      fmt::print(out, "{}\n", l);
    };
    line(names);
    std::vector<std::string> dashes;
    for (size_t x : w) dashes.emplace_back(x, '-');
    line(dashes);
    for (auto& r : rows) line(r);
  }
  return 0;
}

}  // namespace saker::query
