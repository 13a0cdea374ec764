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
// numbering (rows only for the events libs return) and the evt.reltime base event (first_num).
inline constexpr int kIndexSchemaVersion = 6;

// Where the index of `capture` lives by default: CAPTURE.saker-index beside it.
std::string default_index_path(const std::string& capture);

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

// Builds (replacing) the index. Throws std::runtime_error for SQLite failures and
// scap::CaptureError when the capture cannot be opened.
IndexResult build_index(const std::string& capture, const std::string& index_path,
                        const IndexOptions& options = {});

// True when `index_path` exists, has the current schema and was built from `capture` as it is
// now (same size and modification time).
bool index_is_current(const std::string& capture, const std::string& index_path);

// Builds the index when it is missing, of another schema or stale, reporting on `err` (a
// progress line on a terminal). Returns 0, 1 for index or observer errors, 2 when the
// capture cannot be read.
int ensure_index(const std::string& capture, const std::string& index_path, const ObserverFactory& observers,
                 const char* command, std::FILE* err);

enum class QueryFormat { Table, Csv, Json };

// Runs read-only SQL over the capture's index, building it first when it is missing or stale.
// Exit status: 0; 1 for SQL errors or statements that would write; 2 when the capture cannot
// be read.
int run_query(const std::string& capture, const std::string& index_path, const std::string& sql,
              QueryFormat format, std::FILE* out, std::FILE* err, const ObserverFactory& observers = {});

}  // namespace saker::query
