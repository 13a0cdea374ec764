#include "saker/fleet/fleet_query.h"

#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "fleet_fetch.h"
#include "saker/fleet/clickhouse.h"
#include "saker/query/syntax_error.h"

namespace saker::fleet {

namespace {

// The statement without trailing `;` and blanks; empty when it holds more than one statement.
std::string single_statement(const std::string& sql) {
  char quote = 0;
  size_t end = sql.size();
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      i = sql.find('\n', i);
      if (i == std::string::npos) break;
    } else if (c == ';') {
      if (sql.find_first_not_of(" \t\r\n;", i) != std::string::npos) return {};
      end = i;
      break;
    }
  }
  return sql.substr(0, end);
}

// --since: ns since the epoch, an ISO 8601 UTC time, or a duration ago (30s, 15m, 12h, 7d).
bool parse_since(const std::string& s, uint64_t& ns) {
  if (s.empty()) return false;
  size_t digits = s.find_first_not_of("0123456789");
  if (digits == std::string::npos) {
    ns = std::stoull(s);
    return true;
  }
  if (digits > 0 && digits + 1 == s.size()) {
    uint64_t n = std::stoull(s.substr(0, digits)), unit = 0;
    switch (s.back()) {
      case 's':
        unit = 1;
        break;
      case 'm':
        unit = 60;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'd':
        unit = 86400;
        break;
      default:
        return false;
    }
    auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    ns = static_cast<uint64_t>(now) - n * unit * 1000000000ULL;
    return true;
  }
  std::tm tm{};
  const char* rest = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!rest) return false;
  uint64_t frac = 0, scale = 1000000000;
  if (*rest == '.') {
    for (++rest; *rest >= '0' && *rest <= '9'; ++rest) {
      scale /= 10;
      frac += static_cast<uint64_t>(*rest - '0') * scale;
    }
  }
  if (*rest == 'Z') ++rest;
  if (*rest) return false;
  ns = static_cast<uint64_t>(timegm(&tm)) * 1000000000ULL + frac;
  return true;
}

// Every event line of a search. The filter goes in PREWHERE: ClickHouse reads the filter's
// columns first and the long `line` column only for granules with matches (18.16 does not move
// it there by itself through the Distributed table). With a small limit, a first query orders
// and limits on short columns, and a second reads the lines of only the events that made the
// cut, by primary key (host first).
std::string search_answer(ClickHouse& ch, const FleetSearchOptions& opts, const std::string& where) {
  constexpr int64_t kTwoPhaseLimit = 10000;
  const Settings settings = {{"default_format", "TabSeparatedRaw"}, {"readonly", "1"}};
  const std::string& db = opts.database;
  if (opts.limit < 0 || opts.limit > kTwoPhaseLimit)
    return ch.execute(
        fmt::format(
            "SELECT host, capture, line FROM {}.events_dist PREWHERE hidden = 0 AND {} ORDER BY host, "
            "capture, num{}",
            db, where, opts.limit >= 0 ? fmt::format(" LIMIT {}", opts.limit) : ""),
        settings);
  // hex(): the keys go back into SQL without any escaping to get right. The capture's name,
  // not its 64-character hash, keeps the first query's sort short; two captures of one host
  // with the same name are told apart by the second query, which applies the filter again.
  std::string keys =
      ch.execute(fmt::format("SELECT hex(host), hex(capture), num FROM {}.events_dist PREWHERE "
                             "hidden = 0 AND {} ORDER BY host, capture, num LIMIT {}",
                             db, where, opts.limit),
                 settings);
  std::string hosts, nums, tuples;
  std::string_view last_host;
  for (std::string_view rest = keys; !rest.empty();) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    size_t t1 = line.find('\t'), t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    std::string_view host = line.substr(0, t1), name = line.substr(t1 + 1, t2 - t1 - 1),
                     num = t2 == std::string_view::npos ? std::string_view{} : line.substr(t2 + 1);
    auto hex = [](std::string_view v) {
      return v.find_first_not_of("0123456789ABCDEF") == std::string_view::npos;
    };
    auto digits = [](std::string_view v) {
      return !v.empty() && v.find_first_not_of("0123456789") == v.npos;
    };
    if (t2 == std::string_view::npos || !hex(host) || !hex(name) || !digits(num))
      throw ClickHouseError(ClickHouseError::Kind::Unreachable,
                            fmt::format("{}: an unexpected answer line: {}", opts.url, line.substr(0, 200)));
    if (host != last_host) hosts += fmt::format("{}unhex('{}')", hosts.empty() ? "" : ", ", host);
    last_host = host;
    nums += fmt::format("{}{}", nums.empty() ? "" : ", ", num);
    tuples += fmt::format("{}(unhex('{}'), unhex('{}'), {})", tuples.empty() ? "" : ", ", host, name, num);
  }
  if (tuples.empty()) return {};
  return ch.execute(
      fmt::format(
          "SELECT host, capture, line FROM {}.events_dist PREWHERE host IN ({}) AND num IN ({}) "
          "WHERE (host, capture, num) IN ({}) AND hidden = 0 AND {} ORDER BY host, capture, num LIMIT {}",
          db, hosts, nums, tuples, where, opts.limit),
      settings);
}

int report(const ClickHouseError& e, const char* command, std::FILE* err) {
  fmt::print(err, "{}: {}\n", command, e.what());
  return e.kind() == ClickHouseError::Kind::Unreachable ? 3 : 1;
}

}  // namespace

int run_fleet_query(const FleetQueryOptions& opts, std::FILE* out, std::FILE* err) {
  std::string sql = single_statement(opts.sql);
  if (sql.empty()) {
    fmt::print(err, "saker fleet query: one statement at a time (the SQL holds several)\n");
    return 1;
  }
  try {
    ClickHouse ch(opts.url);
    // readonly=1 last: ClickHouse refuses any later setting change, and every write.
    std::string answer =
        ch.execute(sql, {{"database", opts.database},
                         // WHERE into the views' subqueries: without it a view reads every row
                         // (a host and time window over 10 M rows: 0.39 s, with it 0.04 s).
                         {"enable_optimize_predicate_expression", "1"},
                         {"default_format", opts.format == "json" ? "JSONEachRow" : "TabSeparatedWithNames"},
                         {"readonly", "1"}});
    std::fwrite(answer.data(), 1, answer.size(), out);
    return 0;
  } catch (const ClickHouseError& e) {
    return report(e, "saker fleet query", err);
  }
}

int run_fleet_search(const FleetSearchOptions& opts, std::FILE* out, std::FILE* err,
                     const query::ObserverFactory& observers) {
  std::string where;
  uint64_t since_ns = 0;
  try {
    where = filter_to_sql(opts.filter, opts.fetch);
  } catch (const query::SyntaxError& e) {
    fmt::print(err, "saker fleet search: bad filter at {}\n  {}\n  {}^\n", e.what(), opts.filter,
               std::string(e.column() - 1, ' '));
    return 1;
  } catch (const FilterSqlError& e) {
    fmt::print(err, "saker fleet search: {}\n", e.what());
    return 1;
  }
  if (!opts.since.empty()) {
    uint64_t ns = 0;
    try {
      if (!parse_since(opts.since, ns)) throw std::invalid_argument("");
    } catch (const std::exception&) {
      fmt::print(err,
                 "saker fleet search: --since takes ns since the epoch, 2024-11-25T08:00:00Z or a duration "
                 "ago (30m, 12h, 7d), not '{}'\n",
                 opts.since);
      return 2;
    }
    where += fmt::format(" AND ts >= {}", ns);
    since_ns = ns;
  }
  if (!opts.hosts.empty()) {
    std::string list;
    for (const auto& h : opts.hosts) list += (list.empty() ? "" : ", ") + sql_quote(h);
    where += fmt::format(" AND host IN ({})", list);
  }
  try {
    ClickHouse ch(opts.url);
    if (opts.fetch) return fetch_search(ch, opts, where, since_ns, out, err, observers);
    std::string answer = search_answer(ch, opts, where);
    for (size_t pos = 0; pos < answer.size();) {
      size_t nl = answer.find('\n', pos);
      if (nl == std::string::npos) nl = answer.size();
      std::string_view row(answer.data() + pos, nl - pos);
      size_t t1 = row.find('\t'), t2 = t1 == std::string_view::npos ? t1 : row.find('\t', t1 + 1);
      if (t2 == std::string_view::npos)
        throw ClickHouseError(ClickHouseError::Kind::Unreachable,
                              fmt::format("{}: an answer line without host, capture and event", opts.url));
      fmt::print(out, "{} {} {}\n", row.substr(0, t1), row.substr(t1 + 1, t2 - t1 - 1), row.substr(t2 + 1));
      pos = nl + 1;
    }
    return 0;
  } catch (const ClickHouseError& e) {
    return report(e, "saker fleet search", err);
  }
}

}  // namespace saker::fleet
