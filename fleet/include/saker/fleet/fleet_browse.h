// Browsing the fleet (the inspector's fleet window): hosts with their shipped captures, the
// processes of one capture and the alerts of a time range, read with readonly=1 from the
// views `saker fleet init` makes (docs/fleet.md).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace saker::fleet {

class ClickHouse;

// Why browsing failed. Unreachable: no server at the URL (or something else answered);
// NoDatabase: the server has no fleet database or views (run saker fleet init); Server: any
// other error the server reported; BadAnswer: an answer that does not have the columns asked
// for; BadInput: a database name that is not an identifier.
class FleetBrowseError : public std::runtime_error {
 public:
  enum class Kind { Unreachable, NoDatabase, Server, BadAnswer, BadInput };
  FleetBrowseError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct BrowseOptions {
  std::string url;  // a server of the cluster (its HTTP interface), e.g. http://127.0.0.1:8123
  std::string database = "saker";
};

// A row of the `captures` view: (host, hash) is the capture's identity, `path` where it was
// when shipped (absolute, on `host`).
struct FleetCapture {
  std::string host, hash, name, path;
  uint64_t size = 0, first_ts = 0, last_ts = 0;
  uint64_t events = 0, processes = 0, alerts = 0;
};

struct FleetHost {
  std::string name;
  std::vector<FleetCapture> captures;  // by first event time
};

// A row of the `processes` view (a process image; `parent` is the id of its parent's image).
struct FleetProcess {
  int64_t id = 0, pid = 0;
  std::optional<int64_t> ppid, parent, start_num, start_ts, end_ts;
  std::string name, exe, cmdline, user_name;  // empty when NULL
};

// A row of the `alerts` view; `num` is the event that raised it in the capture.
struct FleetAlert {
  std::string host, capture_hash, capture;
  int64_t num = 0;
  uint64_t ts = 0;
  std::string rule, priority, line;
};

struct AlertPage {
  std::vector<FleetAlert> alerts;  // by time, host, capture, event
  bool truncated = false;          // more alerts than the limit in the range
};

// Each call is one read-only statement. Not thread-safe: one browser per thread.
class FleetBrowser {
 public:
  explicit FleetBrowser(BrowseOptions opts);
  ~FleetBrowser();
  FleetBrowser(const FleetBrowser&) = delete;
  FleetBrowser& operator=(const FleetBrowser&) = delete;

  // Every host with its captures, hosts by name.
  std::vector<FleetHost> hosts();
  // The processes of one capture, by id.
  std::vector<FleetProcess> processes(const std::string& host, const std::string& capture_hash);
  // The alerts with from_ts <= ts <= to_ts, at most `limit`.
  AlertPage alerts(uint64_t from_ts, uint64_t to_ts, size_t limit);

  const BrowseOptions& options() const { return opts_; }

 private:
  std::string select(const std::string& sql);

  BrowseOptions opts_;
  std::unique_ptr<ClickHouse> ch_;
};

}  // namespace saker::fleet
