#include "sql_query.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "saker/query/capture_index.h"
#include "saker/query/sql_rows.h"
#include "saker/rules/index_alerts.h"
#include "saker/scap/command_error.h"
#include "saker/scap/error.h"

namespace saker::inspector {

std::string index_path_for(const std::string& capture) {
  const std::string beside = query::default_index_path(capture);
  if (query::index_is_current(capture, beside)) return beside;
  std::string cached = query::cached_index_path(capture);
  QFileInfo fi(QString::fromStdString(capture));
  if (cached.empty()) {  // no HOME nor XDG_CACHE_HOME: Qt's cache location
    QByteArray hash =
        QCryptographicHash::hash(fi.absoluteFilePath().toUtf8(), QCryptographicHash::Sha1).toHex();
    cached = (QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + "/indexes/" + fi.fileName() +
              "-" + QString::fromLatin1(hash.left(12)) + ".saker-index")
                 .toStdString();
  }
  QDir().mkpath(QFileInfo(QString::fromStdString(cached)).absolutePath());
  return cached;
}

SqlResult run_sql(const std::string& capture, const std::string& index_path, const std::string& sql,
                  size_t max_rows, const std::function<void(uint64_t events)>& progress) {
  SqlResult r;
  // The index build's messages ("indexed N events into ...") and errors, as `saker query`
  // writes them.
  char* text = nullptr;
  size_t size = 0;
  std::FILE* err = open_memstream(&text, &size);
  if (!err) {
    r.error = QStringLiteral("cannot collect the query's messages");
    return r;
  }
  query::SqlRows rows;
  bool failed = true;
  try {
    // The alerts table holds what `saker query` finds: Saker's default rules.
    const std::string index =
        query::ensure_index(capture, index_path, rules::alert_observer_factory({}), err, progress);
    rows = query::query_rows(capture, index, sql, max_rows, err);
    failed = false;
  } catch (const scap::CommandError& e) {
    fmt::print(err, "saker query: {}\n", e.what());
  } catch (const scap::CaptureError& e) {
    fmt::print(err, "saker query: {}\n", e.what());
  }
  std::fclose(err);
  QString messages = QString::fromUtf8(text, static_cast<qsizetype>(size)).trimmed();
  std::free(text);
  if (failed) {
    r.error = messages;
    return r;
  }
  r.notes = messages;
  for (const auto& c : rows.columns) r.columns << QString::fromStdString(c);
  r.rows.reserve(rows.rows.size());
  for (const auto& row : rows.rows) {
    QStringList& cells = r.rows.emplace_back();
    for (const auto& v : row) cells << (v ? QString::fromStdString(*v) : QString());
  }
  r.truncated = rows.truncated;
  return r;
}

std::vector<SqlTable> sql_schema(const std::string& capture, const std::string& index_path) {
  std::vector<SqlTable> tables;
  if (!query::index_is_current(capture, index_path)) return tables;
  std::FILE* quiet = std::fopen("/dev/null", "w");  // nothing is built: the index is current
  if (!quiet) return tables;
  try {
    query::SqlRows rows = query::query_rows(
        capture, index_path,
        "SELECT m.name, m.type, p.name, p.type FROM sqlite_master m JOIN pragma_table_info(m.name) p "
        "WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE "
        "'text_search_%' ORDER BY m.type = 'table', m.name, p.cid",
        100000, quiet);
    for (const auto& row : rows.rows) {
      if (row.size() != 4 || !row[0] || !row[2]) continue;
      const QString name = QString::fromStdString(*row[0]);
      if (tables.empty() || tables.back().name != name)
        tables.push_back({name, row[1] && *row[1] == "view", {}});
      QString column = QString::fromStdString(*row[2]);
      if (row[3] && !row[3]->empty()) column += " " + QString::fromStdString(*row[3]);
      tables.back().columns << column;
    }
  } catch (const std::exception&) {
    tables.clear();
  }
  std::fclose(quiet);
  return tables;
}

}  // namespace saker::inspector
