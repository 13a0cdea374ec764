#include "saker/fleet/fleet_browse.h"

#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "saker/fleet/clickhouse.h"
#include "saker/fleet/tsv_rows.h"

namespace saker::fleet {

namespace {

// ClickHouse's codes for a database or table that is not there.
bool missing_schema(const std::string& what) {
  return what.find("Code: 81,") != std::string::npos || what.find("Code: 60,") != std::string::npos;
}

bool identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (unsigned char c : s)
    if (!std::isalnum(c) && c != '_') return false;
  return true;
}

[[noreturn]] void bad_answer(const TsvRows& rows, size_t column, std::string_view why) {
  throw FleetBrowseError(
      FleetBrowseError::Kind::BadAnswer,
      fmt::format("the server's answer, line {} field {}: {}", rows.line(), column + 1, why));
}

template <typename T>
T number(const TsvRows& rows, size_t i) {
  std::string_view s = rows.field(i);
  T v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (rows.null(i) || ec != std::errc() || end != s.data() + s.size())
    bad_answer(rows, i, fmt::format("'{}' is not a number", s.substr(0, 40)));
  return v;
}

std::optional<int64_t> nullable(const TsvRows& rows, size_t i) {
  if (rows.null(i)) return std::nullopt;
  return number<int64_t>(rows, i);
}

std::string text(const TsvRows& rows, size_t i) {
  return rows.null(i) ? std::string() : std::string(rows.field(i));
}

}  // namespace

FleetBrowser::FleetBrowser(BrowseOptions opts) : opts_(std::move(opts)) {
  if (!identifier(opts_.database))
    throw FleetBrowseError(
        FleetBrowseError::Kind::BadInput,
        fmt::format("'{}' is not a database name (letters, digits and _)", opts_.database));
  ch_ = std::make_unique<ClickHouse>(opts_.url);
}

FleetBrowser::~FleetBrowser() = default;

std::string FleetBrowser::select(const std::string& sql) {
  try {
    // readonly=1 last: the server refuses any later setting change, and every write.
    return ch_->execute(
        sql, {{"database", opts_.database}, {"default_format", "TabSeparated"}, {"readonly", "1"}});
  } catch (const ClickHouseError& e) {
    if (e.kind() == ClickHouseError::Kind::Unreachable)
      throw FleetBrowseError(FleetBrowseError::Kind::Unreachable, fmt::format("cannot reach {}", e.what()));
    if (missing_schema(e.what()))
      throw FleetBrowseError(
          FleetBrowseError::Kind::NoDatabase,
          fmt::format("{} has no fleet database '{}' (or not all its views): run saker fleet "
                      "init {}",
                      opts_.url, opts_.database, opts_.url));
    throw FleetBrowseError(FleetBrowseError::Kind::Server, e.what());
  }
}

std::vector<FleetHost> FleetBrowser::hosts() {
  std::string answer = select(
      "SELECT host, capture_hash, capture, path, size, first_ts, last_ts, events, processes, alerts "
      "FROM captures ORDER BY host, first_ts, capture, capture_hash");
  std::vector<FleetHost> out;
  TsvRows rows(answer, 10);
  while (rows.next()) {
    if (out.empty() || out.back().name != rows.field(0)) out.push_back({std::string(rows.field(0)), {}});
    FleetCapture c;
    c.host = out.back().name;
    c.hash = text(rows, 1);
    c.name = text(rows, 2);
    c.path = text(rows, 3);
    c.size = number<uint64_t>(rows, 4);
    c.first_ts = number<uint64_t>(rows, 5);
    c.last_ts = number<uint64_t>(rows, 6);
    c.events = number<uint64_t>(rows, 7);
    c.processes = number<uint64_t>(rows, 8);
    c.alerts = number<uint64_t>(rows, 9);
    out.back().captures.push_back(std::move(c));
  }
  return out;
}

std::vector<FleetProcess> FleetBrowser::processes(const std::string& host, const std::string& capture_hash) {
  std::string answer =
      select(fmt::format("SELECT id, pid, ppid, parent, name, exe, cmdline, user_name, start_num, start_ts, "
                         "end_ts FROM processes "
                         "WHERE host = {} AND capture_hash = {} ORDER BY id",
                         sql_quote(host), sql_quote(capture_hash)));
  std::vector<FleetProcess> out;
  TsvRows rows(answer, 11);
  while (rows.next()) {
    FleetProcess& p = out.emplace_back();
    p.id = number<int64_t>(rows, 0);
    p.pid = number<int64_t>(rows, 1);
    p.ppid = nullable(rows, 2);
    p.parent = nullable(rows, 3);
    p.name = text(rows, 4);
    p.exe = text(rows, 5);
    p.cmdline = text(rows, 6);
    p.user_name = text(rows, 7);
    p.start_num = nullable(rows, 8);
    p.start_ts = nullable(rows, 9);
    p.end_ts = nullable(rows, 10);
  }
  return out;
}

AlertPage FleetBrowser::alerts(uint64_t from_ts, uint64_t to_ts, size_t limit) {
  std::string answer =
      select(fmt::format("SELECT host, capture_hash, capture, num, ts, rule, priority, line FROM alerts "
                         "WHERE ts >= {} AND ts <= {} "
                         "ORDER BY ts, host, capture, num LIMIT {}",
                         from_ts, to_ts, limit + 1));
  AlertPage page;
  TsvRows rows(answer, 8);
  while (rows.next()) {
    if (page.alerts.size() == limit) {
      page.truncated = true;
      break;
    }
    FleetAlert& a = page.alerts.emplace_back();
    a.host = text(rows, 0);
    a.capture_hash = text(rows, 1);
    a.capture = text(rows, 2);
    a.num = number<int64_t>(rows, 3);
    a.ts = number<uint64_t>(rows, 4);
    a.rule = text(rows, 5);
    a.priority = text(rows, 6);
    a.line = text(rows, 7);
  }
  return page;
}

}  // namespace saker::fleet
