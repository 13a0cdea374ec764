// `saker query`: read-only SQL over the index; and building the index on first use.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "index/sql_statement.h"
#include "saker/query/capture_index.h"
#include "saker/query/csv.h"
#include "saker/scap/command_error.h"
#include "saker/scap/error.h"
#include "saker/scap/reader.h"
#include "saker/scap/safe_output.h"

namespace saker::query {

namespace {

// Rows a table's column widths are measured on.
constexpr size_t kTablePage = 1000;

void escape_controls(std::string& v) {
  if (std::none_of(v.begin(), v.end(),
                   [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    return;
  std::string e;
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      e += fmt::format("\\x{:02x}", u);
    else
      e += c;
  }
  v.swap(e);
}

}  // namespace

std::string ensure_index(const std::string& capture, const std::string& named_path,
                         const ObserverFactory& observers, std::FILE* err,
                         const std::function<void(uint64_t events)>& progress) {
  const std::string index_path = named_path.empty() ? choose_index_path(capture) : named_path;
  if (index_is_current(capture, index_path)) return index_path;
  { scap::Reader probe(capture); }  // a capture that cannot be read: its error, not the index's
  if (named_path.empty() && index_path != default_index_path(capture)) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(index_path).parent_path(), ec);
    ::chmod(std::filesystem::path(index_path).parent_path().c_str(), 0700);
  }
  // Only an index (a stale one, or of another schema) is replaced, never another file; the
  // rest of the checks (links, devices, the capture itself) are SafeOutput's, done before the
  // lock so that nothing is created beside a refused target.
  scap::SafeOutputOptions so;
  so.force = true;
  so.inputs = {capture};
  scap::check_output_target(index_path, so);
  auto not_an_index = [&] {
    struct stat st;
    return ::lstat(index_path.c_str(), &st) == 0 && !is_saker_index(index_path);
  };
  if (not_an_index())
    throw scap::CommandError(scap::ErrorKind::Output, index_path, scap::CommandError::kNoOffset,
                             "is not a Saker index: not replaced");
  IndexLock lock(index_path);
  // Another builder may have finished while this one waited.
  if (index_is_current(capture, index_path)) return index_path;
  std::vector<std::unique_ptr<IndexObserver>> owned;
  try {
    if (observers) owned = observers();
  } catch (const scap::CommandError&) {
    throw;
  } catch (const std::exception& e) {
    throw scap::CommandError(scap::ErrorKind::Rules, e.what());
  }
  {
    IndexOptions opts;
    for (auto& o : owned) opts.observers.push_back(o.get());
    bool tty = !progress && isatty(fileno(err));
    if (tty) opts.progress = [&](uint64_t n) { fmt::print(err, "\rindexing: {} events", n); };
    if (progress) opts.progress = progress;
    IndexResult r = build_index(capture, index_path, opts);
    if (tty) fmt::print(err, "\r");
    fmt::print(err, "indexed {} events into {}\n", r.events, index_path);
    if (!r.read_error.empty()) fmt::print(err, "warning: {}\n", r.read_error);
  }
  return index_path;
}

int run_query(const std::string& capture, const std::string& index_path, const std::string& sql,
              QueryFormat format, std::FILE* out, std::FILE* err, const ObserverFactory& observers) {
  try {
    return query_index(capture, index_path, sql, format, out, err, observers);
  } catch (const scap::CommandError& e) {
    std::fflush(out);
    fmt::print(err, "saker query: {}\n", e.what());
    return scap::exit_status(e.kind());
  } catch (const scap::CaptureError& e) {
    std::fflush(out);
    fmt::print(err, "saker query: {}\n", e.what());
    return scap::exit_status(scap::ErrorKind::Capture);
  }
}

int query_index(const std::string& capture, const std::string& index_path_in, const std::string& sql,
                QueryFormat format, std::FILE* out, std::FILE* err, const ObserverFactory& observers) {
  ReadOnlyStatement statement(ensure_index(capture, index_path_in, observers, err), sql);
  if (statement.empty()) return 0;
  sqlite3_stmt* s = statement.row();
  const std::vector<std::string>& names = statement.columns();
  const int cols = static_cast<int>(names.size());
  // Rows are printed as they come. A table sizes its columns on a first page of rows; later rows
  // use those widths (a longer value pushes its line out), so memory stays bounded.
  std::vector<std::vector<std::string>> page;
  std::vector<size_t> w;
  bool page_out = false;
  // On a terminal, control bytes from the capture (escape sequences in a file name) are shown
  // escaped, never interpreted; JSON escapes them anyway.
  const bool terminal = ::isatty(fileno(out)) == 1;
  auto shown = [&](std::string v) {
    if (terminal) escape_controls(v);
    return v;
  };
  auto line = [&](const std::vector<std::string>& r) {
    std::string l;
    for (size_t i = 0; i < r.size(); ++i) l += i + 1 < r.size() ? fmt::format("{:<{}}  ", r[i], w[i]) : r[i];
    l += '\n';
    scap::checked_write(out, l.data(), l.size());
  };
  auto flush_page = [&] {
    w.assign(names.size(), 0);
    for (size_t i = 0; i < names.size(); ++i) w[i] = names[i].size();
    for (auto& r : page)
      for (size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], r[i].size());
    line(names);
    std::vector<std::string> dashes;
    for (size_t x : w) dashes.emplace_back(x, '-');
    line(dashes);
    for (auto& r : page) line(r);
    page.clear();
    page.shrink_to_fit();
    page_out = true;
  };
  if (format == QueryFormat::Csv) {
    std::string header;
    append_csv_line(header, names);
    scap::checked_write(out, header.data(), header.size());
  }
  while (statement.next()) {
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
      std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      text += '\n';
      scap::checked_write(out, text.data(), text.size());
      continue;
    }
    std::vector<std::string> row;
    for (int i = 0; i < cols; ++i)
      row.emplace_back(shown(statement.text(i).value_or(format == QueryFormat::Csv ? "" : "NULL")));
    if (format == QueryFormat::Csv) {
      std::string text;
      append_csv_line(text, row);
      scap::checked_write(out, text.data(), text.size());
    } else if (page_out) {
      line(row);
    } else {
      page.push_back(std::move(row));
      if (page.size() == kTablePage) flush_page();
    }
  }
  if (format == QueryFormat::Table && !page_out) flush_page();
  return 0;
}

}  // namespace saker::query
