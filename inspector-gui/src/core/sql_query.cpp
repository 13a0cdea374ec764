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
#include "saker/scap/command_error.h"
#include "saker/scap/error.h"

namespace saker::inspector {

std::string index_path_for(const std::string& capture) {
  QFileInfo fi(QString::fromStdString(capture));
  if (QFileInfo(fi.absolutePath()).isWritable()) return query::default_index_path(capture);
  QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + "/indexes";
  QDir().mkpath(dir);
  QByteArray hash =
      QCryptographicHash::hash(fi.absoluteFilePath().toUtf8(), QCryptographicHash::Sha1).toHex();
  return (dir + "/" + fi.fileName() + "-" + QString::fromLatin1(hash.left(12)) + ".saker-index")
      .toStdString();
}

SqlResult run_sql(const std::string& capture, const std::string& index_path, const std::string& sql,
                  size_t max_rows) {
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
    rows = query::query_rows(capture, index_path, sql, max_rows, err);
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

}  // namespace saker::inspector
