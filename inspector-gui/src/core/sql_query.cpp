#include "sql_query.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <cstdio>

#include "saker/query/capture_index.h"

namespace saker::inspector {

namespace {

std::string slurp(std::FILE* f) {
  std::string s;
  std::rewind(f);
  char buf[65536];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
  return s;
}

}  // namespace

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

std::vector<QStringList> parse_csv(const std::string& text) {
  std::vector<QStringList> rows;
  QStringList row;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      row << QString::fromStdString(field);
      field.clear();
      any = true;
    } else if (c == '\n') {
      row << QString::fromStdString(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      any = false;
    } else if (c != '\r') {
      field += c;
      any = true;
    }
  }
  if (any) {
    row << QString::fromStdString(field);
    rows.push_back(row);
  }
  return rows;
}

SqlResult run_sql(const std::string& capture, const std::string& index_path, const std::string& sql,
                  size_t max_rows) {
  SqlResult r;
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  if (!out || !err) {
    r.error = QStringLiteral("cannot create a temporary file for the result");
    if (out) std::fclose(out);
    if (err) std::fclose(err);
    return r;
  }
  int status = query::run_query(capture, index_path, sql, query::QueryFormat::Csv, out, err);
  std::fflush(out);
  std::fflush(err);
  QString messages = QString::fromStdString(slurp(err)).trimmed();
  if (status != 0) {
    r.error = messages;
  } else {
    r.notes = messages;
    auto rows = parse_csv(slurp(out));
    if (!rows.empty()) {
      r.columns = rows.front();
      size_t n = std::min(rows.size() - 1, max_rows);
      r.rows.assign(rows.begin() + 1, rows.begin() + 1 + static_cast<std::ptrdiff_t>(n));
      r.truncated = rows.size() - 1 > max_rows;
    }
  }
  std::fclose(out);
  std::fclose(err);
  return r;
}

}  // namespace saker::inspector
