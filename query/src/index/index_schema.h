// The index's SQL schema (version kIndexSchemaVersion). docs/index.md documents it.
#pragma once

#include <array>
#include <string_view>

namespace saker::query::index_schema {

// Tables, filled by one bulk load.
inline constexpr const char* kTables = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE strings (id INTEGER PRIMARY KEY, s TEXT NOT NULL);
CREATE TABLE event_types (id INTEGER PRIMARY KEY, name TEXT NOT NULL, dir TEXT NOT NULL);
CREATE TABLE event_rows (
  num INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  cpu INTEGER NOT NULL,
  tid INTEGER NOT NULL,
  pid INTEGER,
  etype INTEGER NOT NULL,
  type_id INTEGER NOT NULL,
  res INTEGER,
  fd INTEGER,
  fd_name_id INTEGER,
  proc_name_id INTEGER,
  user_id INTEGER,
  container_id INTEGER,
  process INTEGER,
  offset INTEGER NOT NULL,
  fd_type INTEGER,
  pname_id INTEGER,
  render BLOB
);
CREATE TABLE processes (
  id INTEGER PRIMARY KEY,
  pid INTEGER NOT NULL,
  tid INTEGER NOT NULL,
  ppid INTEGER,
  parent INTEGER,
  previous INTEGER,
  name TEXT,
  exe TEXT,
  exepath TEXT,
  cmdline TEXT,
  cwd TEXT,
  uid INTEGER,
  user_name TEXT,
  container_id TEXT,
  start_kind TEXT NOT NULL,
  start_num INTEGER,
  start_ts INTEGER,
  end_kind TEXT,
  end_num INTEGER,
  end_ts INTEGER
);
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  name_id INTEGER NOT NULL,
  type TEXT NOT NULL,
  events INTEGER NOT NULL,
  first_num INTEGER NOT NULL,
  last_num INTEGER NOT NULL
);
CREATE TABLE connections (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  name_id INTEGER NOT NULL,
  type TEXT NOT NULL,
  l4proto TEXT,
  client_ip TEXT,
  client_port INTEGER,
  server_ip TEXT,
  server_port INTEGER,
  events INTEGER NOT NULL,
  first_num INTEGER NOT NULL,
  last_num INTEGER NOT NULL
);
CREATE TABLE containers (
  id TEXT PRIMARY KEY,
  full_id TEXT,
  name TEXT,
  image TEXT,
  type TEXT,
  privileged INTEGER,
  events INTEGER NOT NULL,
  first_num INTEGER NOT NULL,
  last_num INTEGER NOT NULL
);
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  num INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  rule TEXT NOT NULL,
  priority TEXT NOT NULL,
  tags TEXT NOT NULL,
  line TEXT NOT NULL
);
CREATE TABLE postings (
  kind TEXT NOT NULL,
  key INTEGER NOT NULL,
  count INTEGER NOT NULL,
  nums BLOB NOT NULL
);
CREATE TABLE time_marks (
  first_num INTEGER PRIMARY KEY,
  last_num INTEGER NOT NULL,
  min_ts INTEGER NOT NULL,
  max_ts INTEGER NOT NULL
);
CREATE TABLE row_packs (
  first_num INTEGER PRIMARY KEY,
  last_num INTEGER NOT NULL,
  rows BLOB NOT NULL
);
CREATE TABLE checkpoints (
  num INTEGER PRIMARY KEY,
  offset INTEGER NOT NULL,
  state BLOB NOT NULL
);
CREATE VIRTUAL TABLE text_search USING fts5(kind, ref UNINDEXED, text);
)sql";

// event_rows' columns in table order, numbered as SQLite numbers parameters (from 1).
enum class EventRowColumn : int {
  kNum = 1,
  kTs,
  kCpu,
  kTid,
  kPid,
  kEtype,
  kTypeId,
  kRes,
  kFd,
  kFdNameId,
  kProcNameId,
  kUserId,
  kContainerId,
  kProcess,
  kOffset,
  kFdType,
  kPnameId,
  kRender,  // the only blob
};
inline constexpr int kEventRowColumns = static_cast<int>(EventRowColumn::kRender);
// Their names in kTables, in the same order.
inline constexpr std::array<std::string_view, kEventRowColumns> kEventRowNames = {
    "num",          "ts",      "cpu",    "tid",        "pid",          "etype",
    "type_id",      "res",     "fd",     "fd_name_id", "proc_name_id", "user_id",
    "container_id", "process", "offset", "fd_type",    "pname_id",     "render"};

// Views that join the interned strings back, and indexes created after the bulk load.
inline constexpr const char* kViewsAndIndexes = R"sql(
CREATE VIEW events AS
SELECT e.num, e.ts, e.cpu, e.tid, e.pid, t.s AS type, CASE e.etype & 1 WHEN 0 THEN '>' ELSE '<' END AS dir,
       e.res, e.fd, f.s AS fd_name, p.s AS proc_name, u.s AS user_name, c.s AS container_id,
       e.process, e.offset, e.etype, pp.s AS pname
FROM event_rows e
LEFT JOIN strings t ON t.id = e.type_id
LEFT JOIN strings f ON f.id = e.fd_name_id
LEFT JOIN strings p ON p.id = e.proc_name_id
LEFT JOIN strings u ON u.id = e.user_id
LEFT JOIN strings pp ON pp.id = e.pname_id
LEFT JOIN strings c ON c.id = e.container_id;
CREATE VIEW file_events AS
SELECT files.id AS file, files.path, event_rows.* FROM files JOIN event_rows ON event_rows.fd_name_id = files.name_id;
CREATE VIEW connection_events AS
SELECT connections.id AS connection, connections.name AS connection_name, event_rows.*
FROM connections JOIN event_rows ON event_rows.fd_name_id = connections.name_id;
CREATE UNIQUE INDEX strings_s ON strings(s);
CREATE UNIQUE INDEX postings_key ON postings(kind, key);
CREATE INDEX processes_pid ON processes(pid);
CREATE INDEX alerts_num ON alerts(num);
)sql";

// Optional per-column indexes over event_rows (saker index --sql-indexes): they make SQL
// lookups by name fast but cost build time; searches use the posting lists instead.
inline constexpr const char* kEventIndexes = R"sql(
CREATE INDEX event_rows_ts ON event_rows(ts);
CREATE INDEX event_rows_type ON event_rows(type_id);
CREATE INDEX event_rows_fd_name ON event_rows(fd_name_id);
CREATE INDEX event_rows_proc_name ON event_rows(proc_name_id);
CREATE INDEX event_rows_tid ON event_rows(tid);
)sql";

}  // namespace saker::query::index_schema
