#include "fleet_fetch.h"

#include <sys/stat.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "saker/fleet/ship.h"
#include "saker/query/search.h"
#include "saker/scap/command_error.h"
#include "saker/scap/error.h"

namespace saker::fleet {

namespace {

// Bytes of an upper-case hex string (ClickHouse's hex()); nullopt-like empty flag on garbage.
bool unhex(std::string_view h, std::string& out) {
  auto nibble = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  };
  if (h.size() % 2) return false;
  out.clear();
  for (size_t i = 0; i < h.size(); i += 2) {
    int hi = nibble(h[i]), lo = nibble(h[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
  }
  return true;
}

struct Candidate {
  std::string host, hash, capture, path;
  uint64_t size = 0, events = 0;
};

std::vector<Candidate> candidates(ClickHouse& ch, const FleetSearchOptions& opts, const std::string& where) {
  // Only captures whose `captures` row exists: shipped completely.
  std::string answer = ch.execute(
      fmt::format(
          "SELECT hex(host), hex(capture_hash), hex(capture), hex(path), size, n FROM (SELECT host, "
          "capture_hash, count() AS n FROM {0}.events_dist PREWHERE hidden = 0 AND {1} GROUP BY host, "
          "capture_hash) ANY INNER JOIN (SELECT host, capture_hash, capture, path, size FROM "
          "{0}.captures_dist) USING (host, capture_hash) ORDER BY host, capture",
          opts.database, where),
      {{"readonly", "1"}});
  std::vector<Candidate> out;
  for (std::string_view rest = answer; !rest.empty();) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    std::vector<std::string_view> f;
    for (size_t pos = 0;;) {
      size_t tab = line.find('\t', pos);
      f.push_back(line.substr(pos, tab == std::string_view::npos ? std::string_view::npos : tab - pos));
      if (tab == std::string_view::npos) break;
      pos = tab + 1;
    }
    Candidate c;
    char* end = nullptr;
    bool ok = f.size() == 6 && unhex(f[0], c.host) && unhex(f[1], c.hash) && unhex(f[2], c.capture) &&
              unhex(f[3], c.path);
    if (ok) {
      c.size = std::strtoull(std::string(f[4]).c_str(), &end, 10);
      c.events = std::strtoull(std::string(f[5]).c_str(), &end, 10);
    }
    if (!ok)
      throw ClickHouseError(ClickHouseError::Kind::Unreachable,
                            fmt::format("{}: an unexpected answer line: {}", opts.url, line.substr(0, 200)));
    out.push_back(std::move(c));
  }
  return out;
}

// Why the capture at `c.path` is not the shipped one, or "" when it is.
std::string not_here(const Candidate& c, std::map<std::string, std::string>& hashes) {
  struct stat st {};
  if (stat(c.path.c_str(), &st) != 0) return fmt::format("{} is not on this machine", c.path);
  if (!S_ISREG(st.st_mode)) return fmt::format("{} is not a regular file", c.path);
  if (static_cast<uint64_t>(st.st_size) != c.size)
    return fmt::format("{} is {} bytes, the shipped capture {}", c.path, st.st_size, c.size);
  auto it = hashes.find(c.path);
  if (it == hashes.end()) it = hashes.emplace(c.path, capture_content_hash(c.path)).first;
  if (it->second != c.hash) return fmt::format("{} differs from the shipped capture (SHA-256)", c.path);
  return {};
}

}  // namespace

int fetch_search(ClickHouse& ch, const FleetSearchOptions& opts, const std::string& superset_where,
                 uint64_t since_ns, std::FILE* out, std::FILE* err, const query::ObserverFactory& observers) {
  std::vector<Candidate> list = candidates(ch, opts, superset_where);
  std::map<std::string, std::string> hashes;
  std::string exact = opts.filter;
  if (since_ns) {
    bool empty = exact.find_first_not_of(" \t\n") == std::string::npos;
    exact = empty ? fmt::format("evt.rawtime >= {}", since_ns)
                  : fmt::format("({}) and evt.rawtime >= {}", exact, since_ns);
  }
  uint64_t searched = 0, missing = 0, unchecked = 0, printed = 0;
  for (const auto& c : list) {
    if (opts.limit >= 0 && printed >= static_cast<uint64_t>(opts.limit)) break;
    std::string why;
    try {
      why = not_here(c, hashes);
    } catch (const std::exception& e) {
      why = e.what();
    }
    if (!why.empty()) {
      fmt::print(err, "saker fleet search: {} {}: {} candidates not checked: {}\n", c.host, c.capture,
                 c.events, why);
      ++missing;
      unchecked += c.events;
      continue;
    }
    query::SearchOptions so;
    so.capture = c.path;
    so.filter = exact;
    if (opts.limit >= 0) so.limit = opts.limit - static_cast<int64_t>(printed);
    char* buf = nullptr;
    size_t len = 0;
    std::FILE* mem = open_memstream(&buf, &len);
    if (!mem) throw std::runtime_error("open_memstream failed");
    std::unique_ptr<char, decltype(&std::free)> owned(nullptr, std::free);
    try {
      query::run_search(so, mem, err, observers);
      std::fclose(mem);
      owned.reset(buf);
    } catch (const std::exception& e) {
      std::fclose(mem);
      owned.reset(buf);
      fmt::print(err, "saker fleet search: {} {}: {}\n", c.host, c.capture, e.what());
      ++missing;
      unchecked += c.events;
      continue;
    }
    ++searched;
    std::string_view text(buf ? buf : "", len);
    for (size_t pos = 0; pos < text.size();) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) nl = text.size();
      fmt::print(out, "{} {} {}\n", c.host, c.capture, text.substr(pos, nl - pos));
      ++printed;
      pos = nl + 1;
    }
  }
  fmt::print(err, "saker fleet search --fetch: {} captures searched here{}\n", searched,
             missing ? fmt::format(", {} not ({} candidates unchecked)", missing, unchecked) : "");
  return 0;
}

}  // namespace saker::fleet
