// The SQLite index of a capture: a row per event, process, file, connection, container and
// alert, posting lists for narrowing searches and full-text search over command lines and
// paths, so questions about a capture answer from the index instead of a full read.
// docs/index.md has the schema.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "saker/query/field.h"

namespace saker::query {

// 4: fd types and argument-text answers per event; 5: row packs and proc.pname; 6: libs'
// numbering (rows only for the events libs return) and the evt.reltime base event (first_num);
// 7: user and group names in argument text; 8: generic events named by their native number.
inline constexpr int kIndexSchemaVersion = 11;

// Where the index of `capture` lives by default: CAPTURE.saker-index beside it.
std::string default_index_path(const std::string& capture);

// The index folder when the capture's is not writable: $XDG_CACHE_HOME/saker (else
// ~/.cache/saker); empty when neither variable is set.
std::string index_cache_dir();
// The capture's index in that folder, named by the capture's identity (device, inode, size,
// modification time).
std::string cached_index_path(const std::string& capture);
// The index to use or build when none is named: beside the capture when it is current there or
// that folder is writable, otherwise the cached one.
std::string choose_index_path(const std::string& capture);

// An exclusive lock on building `index_path` (flock on a hidden .NAME.lock beside it, removed
// as the lock is released): concurrent builders wait, then find the index current.
class IndexLock {
 public:
  explicit IndexLock(const std::string& index_path);  // waits; throws scap::CommandError
  ~IndexLock();
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
};

// Rows an observer adds to the `alerts` table.
class IndexAlertSink {
 public:
  virtual ~IndexAlertSink() = default;
  // `line` is the alert as `saker replay` prints it; `tags` comma-separated.
  virtual void add_alert(const scap::EventView& ev, std::string_view rule, std::string_view priority,
                         std::string_view tags, std::string_view line) = 0;
};

// The extension point of the index build (query/ cannot depend on rules/, so the rules
// engine plugs in here): called for every event once the state has applied it.
class IndexObserver {
 public:
  virtual ~IndexObserver() = default;
  // Recorded in the index's meta table ("rules: default", ...).
  virtual std::string description() const = 0;
  virtual void on_event(const EvalContext& ctx, const std::string& hostname, IndexAlertSink& alerts) = 0;
};

// Makes the observers an index build runs (the CLI passes the rules engine's alert producer).
// Throws std::runtime_error when they cannot be made (rule errors).
using ObserverFactory = std::function<std::vector<std::unique_ptr<IndexObserver>>()>;

struct IndexOptions {
  std::vector<IndexObserver*> observers;
  bool sql_indexes = false;
  // A state checkpoint every this many events (0: none), so searches start near their
  // events instead of at the capture's start.
  uint64_t checkpoint_every = 131072;  // also index event_rows by time, type, fd, process and thread for SQL
  std::function<void(uint64_t events)> progress;  // called every 2^18 events
  bool replace = true;  // replace an existing index file (a regular file, never the capture)
};

struct IndexResult {
  uint64_t events = 0;
  uint64_t processes = 0;
  uint64_t files = 0;
  uint64_t connections = 0;
  uint64_t alerts = 0;
  uint64_t checkpoints = 0;
  std::string read_error;  // damage in the capture; everything before it is indexed
};

// Builds (replacing) the index, through scap::SafeOutput. Throws scap::CaptureError when the
// capture cannot be opened and scap::CommandError (Output) for a refused index path or a SQLite
// or file system failure.
IndexResult build_index(const std::string& capture, const std::string& index_path,
                        const IndexOptions& options = {});

// True when `path` is a regular file holding a Saker index of any schema (one it may replace).
bool is_saker_index(const std::string& path);

// True when `index_path` exists, has the current schema and was built from `capture` as it is
// now (same size and modification time).
bool index_is_current(const std::string& capture, const std::string& index_path);

// Builds the index when it is missing, of another schema or stale, reporting on `err` (a
// progress line on a terminal), under an IndexLock. An empty `index_path` chooses one
// (choose_index_path). Returns the path of the index to read. Throws
// scap::CaptureError when the capture cannot be read and scap::CommandError (Rules for observer
// errors, Output when the index cannot be written).
// `progress`, when given, gets the events indexed so far (every 2^18) instead of the terminal line.
std::string ensure_index(const std::string& capture, const std::string& index_path,
                         const ObserverFactory& observers, std::FILE* err,
                         const std::function<void(uint64_t events)>& progress = {});

enum class QueryFormat { Table, Csv, Json };

// Runs one read-only SQL statement over the capture's index, building it first when it is
// missing or stale. Returns 0; throws scap::CommandError (Sql for SQL errors, several
// statements or statements that would write) and scap::CaptureError.
int query_index(const std::string& capture, const std::string& index_path, const std::string& sql,
                QueryFormat format, std::FILE* out, std::FILE* err, const ObserverFactory& observers = {});
// query_index reporting its errors on `err` ("saker query: ..."); returns the exit status.
int run_query(const std::string& capture, const std::string& index_path, const std::string& sql,
              QueryFormat format, std::FILE* out, std::FILE* err, const ObserverFactory& observers = {});

}  // namespace saker::query
