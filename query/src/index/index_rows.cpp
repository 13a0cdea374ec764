// Read-only SQL over the index returned as rows (the inspector's SQL panel).
#include "index/sql_statement.h"
#include "saker/query/sql_rows.h"

namespace saker::query {

SqlRows query_rows(const std::string& capture, const std::string& index_path, const std::string& sql,
                   size_t max_rows, std::FILE* err, const ObserverFactory& observers) {
  ReadOnlyStatement statement(ensure_index(capture, index_path, observers, err), sql);
  SqlRows r;
  r.columns = statement.columns();
  const int cols = static_cast<int>(r.columns.size());
  while (statement.next()) {
    if (r.rows.size() == max_rows) {
      r.truncated = true;
      break;
    }
    auto& row = r.rows.emplace_back();
    row.reserve(r.columns.size());
    for (int i = 0; i < cols; ++i) row.push_back(statement.text(i));
  }
  return r;
}

}  // namespace saker::query
