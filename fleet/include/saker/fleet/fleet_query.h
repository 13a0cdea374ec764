// saker fleet query and saker fleet search: questions to every shipped capture at once.
#pragma once

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "saker/query/capture_index.h"

namespace saker::fleet {

struct FleetQueryOptions {
  std::string url;
  std::string sql;
  std::string database = "saker";
  std::string format = "tsv";  // tsv (with a header line) or json (one object a line)
};

// Read-only SQL (readonly=1) over the fleet's views. Exit status: 0; 1 for SQL errors, writes and
// several statements; 3 when the server cannot be reached.
int run_fleet_query(const FleetQueryOptions& opts, std::FILE* out, std::FILE* err);

struct FleetSearchOptions {
  std::string url;
  std::string filter;
  std::string database = "saker";
  std::string since;               // ns since the epoch, 2024-11-25T08:00:00Z, or 30m, 12h, 7d ago
  std::vector<std::string> hosts;  // only these hosts
  int64_t limit = -1;
  // --fetch: fields that are not shipped are allowed; the candidates' captures found here (at
  // their shipped path, same SHA-256) are searched exactly with `saker search`; captures not
  // here are named on `err` with their candidate counts.
  bool fetch = false;
};

// The events matching a Falco filter, printed as `saker print` does with the host and capture in
// front. Exit status: 0; 1 for filters over fields the fleet does not ship (named) without
// --fetch; 2 for a bad --since; 3 when the server cannot be reached. `observers` as for
// query::run_search (the index --fetch may build).
int run_fleet_search(const FleetSearchOptions& opts, std::FILE* out, std::FILE* err,
                     const query::ObserverFactory& observers = {});

// A filter that cannot be answered from the shipped columns.
class FilterSqlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The ClickHouse condition for a Falco filter over the shipped event columns. Throws
// query::SyntaxError for filters that do not parse and FilterSqlError naming every field that
// is not shipped (or an operator it cannot translate). With `superset`, such checks are
// taken as "could match" instead: the condition then holds for every event the filter
// matches, and more (the candidates --fetch checks exactly).
std::string filter_to_sql(const std::string& filter, bool superset = false);

// The fields filter_to_sql translates, with their column.
struct ShippedField {
  const char* field;
  const char* column;
  bool numeric;
};
const std::vector<ShippedField>& shipped_fields();

}  // namespace saker::fleet
