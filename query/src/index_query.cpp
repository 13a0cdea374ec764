// `saker query`: read-only SQL over the index; and building the index on first use.
#include <sqlite3.h>
#include <unistd.h>

#include <memory>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "index_db.h"
#include "saker/query/capture_index.h"
#include "saker/scap/error.h"

namespace saker::query {

using index_db::Db;

int ensure_index(const std::string& capture, const std::string& index_path, const ObserverFactory& observers,
                 const char* command, std::FILE* err) {
  try {
    if (index_is_current(capture, index_path)) return 0;
    std::vector<std::unique_ptr<IndexObserver>> owned;
    if (observers) owned = observers();
    IndexOptions opts;
    for (auto& o : owned) opts.observers.push_back(o.get());
    bool tty = isatty(fileno(err));
    if (tty) opts.progress = [&](uint64_t n) { fmt::print(err, "\rindexing: {} events", n); };
    auto r = build_index(capture, index_path, opts);
    if (tty) fmt::print(err, "\r");
    fmt::print(err, "indexed {} events into {}\n", r.events, index_path);
    if (!r.read_error.empty()) fmt::print(err, "warning: {}\n", r.read_error);
    return 0;
  } catch (const scap::CaptureError& e) {
    fmt::print(err, "{}: {}\n", command, e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(err, "{}: {}\n", command, e.what());
    return 1;
  }
}

int run_query(const std::string& capture, const std::string& index_path, const std::string& sql,
              QueryFormat format, std::FILE* out, std::FILE* err, const ObserverFactory& observers) {
  if (int status = ensure_index(capture, index_path, observers, "saker query", err)) return status;
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
