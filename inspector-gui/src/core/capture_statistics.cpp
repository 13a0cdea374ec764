#include "capture_statistics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <unordered_map>

#include "filter_text.h"
#include "saker/replay/state.h"
#include "whole_capture_pass.h"

namespace saker::inspector {

namespace {

struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Counts by a text key. Looking a key up allocates nothing; a new key allocates its entry,
// up to `max` keys (further keys are not counted, and truncated() says so).
template <typename V>
class KeyedCounts {
 public:
  explicit KeyedCounts(size_t max) : max_(max) {}
  V* at(std::string_view key) {
    auto it = map_.find(key);
    if (it != map_.end()) return &it->second;
    if (map_.size() >= max_) {
      truncated_ = true;
      return nullptr;
    }
    return &map_.emplace(std::string(key), V{}).first->second;
  }
  const auto& entries() const { return map_; }
  bool truncated() const { return truncated_; }

 private:
  std::unordered_map<std::string, V, TextHash, std::equal_to<>> map_;
  size_t max_;
  bool truncated_ = false;
};

struct FdCounts {
  uint64_t events = 0, opens = 0, in = 0, out = 0;
  uint32_t fd_types = 0;  // a bit per scap::FdType the name was seen with
  uint8_t l4 = 0;         // a bit per protocol fd.l4proto gave
};
struct ProcCounts {
  uint64_t events = 0, in = 0, out = 0;
};
struct ContainerCounts {
  uint64_t events = 0;
  std::string name, image;
};
struct IoCounts {
  uint64_t calls = 0, in = 0, out = 0;
};

constexpr uint32_t bit(scap::FdType t) {
  return 1u << static_cast<unsigned>(t);
}
constexpr uint32_t kFileTypes =
    bit(scap::FdType::File) | bit(scap::FdType::FileV2) | bit(scap::FdType::Directory);
constexpr uint32_t kIpTypes = bit(scap::FdType::Ipv4Sock) | bit(scap::FdType::Ipv6Sock) |
                              bit(scap::FdType::Ipv4ServSock) | bit(scap::FdType::Ipv6ServSock);
constexpr std::string_view kL4Names[] = {"tcp", "udp", "icmp", "raw", "<NA>"};

// The calls that open a file by name (their exit carries the new fd).
bool opens_file(const scap::EventView& ev) {
  using scap::EventType;
  switch (ev.event_type()) {
    case EventType::SyscallOpenX:
    case EventType::SyscallOpenatX:
    case EventType::SyscallOpenat_2X:
    case EventType::SyscallOpenat2X:
    case EventType::SyscallCreatX:
    case EventType::SyscallOpenByHandleAtX:
      return true;
    default:
      return false;
  }
}

// A key of a number and a text, for the process tables: the pid's 8 bytes, whether the
// process has a name, the name.
void pid_key(std::string& key, int64_t pid, bool has_name, std::string_view name) {
  char raw[8];
  std::memcpy(raw, &pid, 8);
  key.append(raw, 8);
  key += has_name ? '1' : '0';
  key.append(name);
}
struct PidKey {
  int64_t pid = 0;
  bool has_name = false;
  std::string_view name;
};
PidKey parse_pid_key(std::string_view key) {
  PidKey k;
  if (key.size() < 9) return k;
  std::memcpy(&k.pid, key.data(), 8);
  k.has_name = key[8] == '1';
  k.name = key.substr(9);
  return k;
}
std::string process_filter(const PidKey& k) {
  if (!k.has_name) return fmt::format("proc.pid = {} and not proc.name exists", k.pid);
  return fmt::format("{} and proc.pid = {}", filter_equals("proc.name", k.name), k.pid);
}

std::string num(uint64_t v) {
  return std::to_string(v);
}
double dbl(uint64_t v) {
  return static_cast<double>(v);
}

StatsTable make_table(StatsKind kind, std::string title, std::vector<std::string> columns,
                      std::vector<bool> numeric, std::string note) {
  StatsTable t;
  t.kind = kind;
  t.title = std::move(title);
  t.columns = std::move(columns);
  t.numeric = std::move(numeric);
  t.note = std::move(note);
  return t;
}

void add_row(StatsTable& t, std::vector<std::string> cells, std::vector<double> values, std::string filter) {
  values.resize(cells.size(), 0);
  t.rows.push_back({std::move(cells), std::move(values), std::move(filter)});
}

// Rows by the value of column `col`, largest first; ties by the first column's text.
void sort_rows(StatsTable& t, size_t col) {
  std::stable_sort(t.rows.begin(), t.rows.end(), [col](const StatsTable::Row& a, const StatsTable::Row& b) {
    if (a.values[col] != b.values[col]) return a.values[col] > b.values[col];
    return a.cells[0] < b.cells[0];
  });
}

std::string l4_text(uint8_t bits) {
  std::string out;
  for (size_t i = 0; i < std::size(kL4Names); ++i)
    if (bits & (1u << i)) {
      if (!out.empty()) out += '/';
      out += kL4Names[i];
    }
  return out;
}

// The fields the pass reads, bound once.
struct Fields {
  query::FieldRef type, proc_name, pid, fd_name, directory, l4, buflen, in, out, res, rawres, cid, cname,
      cimage;
  bool bind(std::string& error) {
    const std::pair<query::FieldRef*, std::string_view> all[] = {
        {&type, "evt.type"},        {&proc_name, "proc.name"},    {&pid, "proc.pid"},
        {&fd_name, "fd.name"},      {&directory, "fd.directory"}, {&l4, "fd.l4proto"},
        {&buflen, "evt.buflen"},    {&in, "evt.buflen.in"},       {&out, "evt.buflen.out"},
        {&res, "evt.res"},          {&rawres, "evt.rawres"},      {&cid, "container.id"},
        {&cname, "container.name"}, {&cimage, "container.image"}};
    for (auto& [ref, name] : all)
      if (!query::resolve_field(name, *ref, error)) return false;
    return true;
  }
};

}  // namespace

const StatsTable* stats_table(const CaptureStatistics& stats, StatsKind kind) {
  for (const auto& t : stats.tables)
    if (t.kind == kind) return &t;
  return nullptr;
}

CaptureStatistics compute_statistics(const CaptureInfo& info, const StatsOptions& opts,
                                     const std::atomic<bool>& cancel,
                                     const std::function<void(double)>& progress) {
  CaptureStatistics res;
  res.displayed_only = opts.rows != nullptr;
  Fields f;
  if (!f.bind(res.error)) return res;
  const size_t max = opts.max_keys;
  KeyedCounts<uint64_t> types(max), errors(max);
  KeyedCounts<ProcCounts> procs(max);
  KeyedCounts<FdCounts> names(max), dirs(max);
  KeyedCounts<ContainerCounts> containers(max);
  KeyedCounts<IoCounts> io(max);
  // One scratch buffer per field whose value is held while others are read.
  std::string s_type, s_name, s_fd, s_dir, s_misc, s_res, key;
  key.reserve(256);
  const std::vector<RowNum>* rows = opts.rows;
  size_t next = 0;
  uint64_t size = 0;

  PassHooks hooks;
  hooks.cancel = &cancel;
  hooks.start = [&](PassContext& pc) {
    read_properties(pc.pass.reader(), res.properties);
    size = pc.pass.reader().stream_size();
    return true;
  };
  hooks.tick = [&](PassContext&, const scap::EventView& ev) {
    if (!progress) return;
    if (size)
      progress(static_cast<double>(ev.offset) / static_cast<double>(size));
    else if (info.events)
      progress(static_cast<double>(ev.num) / static_cast<double>(info.events));
  };
  auto each = [&](PassContext& pc, const scap::EventView& ev) {
    if (ev.event_type() == scap::EventType::DropE || ev.event_type() == scap::EventType::DropX)
      ++res.properties.drop_events;
    if (hidden_event(ev)) return true;
    ++res.listed;
    if (rows) {
      while (next < rows->size() && (*rows)[next] < ev.num) ++next;
      if (next == rows->size() || (*rows)[next] != ev.num) return true;
    }
    const query::EvalContext& c = pc.eval;
    if (res.events == 0 || ev.ts < res.first_ts) res.first_ts = ev.ts;
    if (ev.ts > res.last_ts) res.last_ts = ev.ts;
    ++res.events;

    query::FieldValue type, name, pid, fd, dir, v;
    f.type.def->extract(c, f.type, type, s_type);
    if (uint64_t* n = types.at(type.s)) ++*n;

    uint64_t in = 0, out = 0;
    if (f.in.def->extract(c, f.in, v, s_misc)) in = v.u;
    if (f.out.def->extract(c, f.out, v, s_misc)) out = v.u;
    const bool has_pid = f.pid.def->extract(c, f.pid, pid, s_misc);
    const bool has_name = has_pid && f.proc_name.def->extract(c, f.proc_name, name, s_name);
    if (has_pid) {
      key.clear();
      pid_key(key, pid.i, has_name, has_name ? name.s : std::string_view());
      if (ProcCounts* p = procs.at(key)) {
        ++p->events;
        p->in += in;
        p->out += out;
      }
    }

    bool opened = false;
    if (opens_file(ev) && f.rawres.def->extract(c, f.rawres, v, s_misc)) opened = v.i >= 0;
    const bool has_fd = f.fd_name.def->extract(c, f.fd_name, fd, s_fd) && !fd.s.empty();
    if (has_fd) {
      if (FdCounts* n = names.at(fd.s)) {
        ++n->events;
        n->opens += opened;
        n->in += in;
        n->out += out;
        const replay::FdInfo* cur = pc.pass.state().current_fd();
        if (cur) {
          n->fd_types |= bit(cur->type);
          if ((bit(cur->type) & kIpTypes) && f.l4.def->extract(c, f.l4, v, s_misc)) {
            size_t i = 0;
            while (i + 1 < std::size(kL4Names) && kL4Names[i] != v.s) ++i;
            n->l4 |= static_cast<uint8_t>(1u << i);
          }
        }
      }
      if (f.buflen.def->extract(c, f.buflen, v, s_misc) && has_pid) {
        key.assign(fd.s);
        key += '\0';
        pid_key(key, pid.i, has_name, has_name ? name.s : std::string_view());
        if (IoCounts* p = io.at(key)) {
          ++p->calls;
          p->in += in;
          p->out += out;
        }
      }
    }
    if (f.directory.def->extract(c, f.directory, dir, s_dir) && !dir.s.empty()) {
      if (FdCounts* d = dirs.at(dir.s)) {
        ++d->events;
        d->opens += opened;
        d->in += in;
        d->out += out;
      }
    }
    if (f.cid.def->extract(c, f.cid, v, s_misc)) {
      if (ContainerCounts* k = containers.at(v.s)) {
        ++k->events;
        if (k->name.empty() && f.cname.def->extract(c, f.cname, v, s_misc)) k->name.assign(v.s);
        if (k->image.empty() && f.cimage.def->extract(c, f.cimage, v, s_misc)) k->image.assign(v.s);
      }
    }
    if (f.res.def->extract(c, f.res, v, s_res) && v.s != "SUCCESS") {
      key.assign(type.s);
      key += '\0';
      key.append(v.s);
      if (uint64_t* n = errors.at(key)) ++*n;
    }
    return true;
  };
  PassOutcome outcome = run_whole_capture(info, hooks, kNothingBefore, each);
  res.properties.events_read = outcome.events;
  res.cancelled = outcome.cancelled;
  res.error = outcome.error;
  if (res.cancelled || !outcome.opened) return res;

  const double total = static_cast<double>(res.events);
  {
    auto t = make_table(StatsKind::EventTypes, "Event types", {"Event type", "Events", "% of events"},
                        {false, true, true}, "Events by evt.type (enter and exit events each count)");
    for (const auto& [type, n] : types.entries())
      add_row(t, {type, num(n), fmt::format("{:.2f}", total > 0 ? 100.0 * dbl(n) / total : 0.0)},
              {0, dbl(n), total > 0 ? 100.0 * dbl(n) / total : 0.0}, filter_equals("evt.type", type));
    t.truncated = types.truncated();
    sort_rows(t, 1);
    res.tables.push_back(std::move(t));
  }
  {
    auto t = make_table(StatsKind::Processes, "Processes",
                        {"Process", "PID", "Events", "Bytes read", "Bytes written"},
                        {false, true, true, true, true},
                        "Events by proc.name and proc.pid; bytes are evt.buflen.in and evt.buflen.out");
    for (const auto& [k, p] : procs.entries()) {
      PidKey pk = parse_pid_key(k);
      add_row(t, {std::string(pk.name), std::to_string(pk.pid), num(p.events), num(p.in), num(p.out)},
              {0, static_cast<double>(pk.pid), dbl(p.events), dbl(p.in), dbl(p.out)}, process_filter(pk));
    }
    t.truncated = procs.truncated();
    sort_rows(t, 2);
    res.tables.push_back(std::move(t));
  }
  auto fd_table = [&](StatsKind kind, std::string title, std::string first, uint32_t types_wanted,
                      std::string note) {
    auto t = make_table(kind, std::move(title),
                        {std::move(first), "Events", "Opens", "Bytes read", "Bytes written"},
                        {false, true, true, true, true}, std::move(note));
    for (const auto& [n, c] : names.entries())
      if (c.fd_types & types_wanted)
        add_row(t, {n, num(c.events), num(c.opens), num(c.in), num(c.out)},
                {0, dbl(c.events), dbl(c.opens), dbl(c.in), dbl(c.out)}, filter_equals("fd.name", n));
    t.truncated = names.truncated();
    sort_rows(t, 1);
    return t;
  };
  res.tables.push_back(fd_table(StatsKind::Files, "Files", "Path", kFileTypes,
                                "Events by fd.name of files and directories; opens are successful open, "
                                "openat, openat2, creat and open_by_handle_at exits"));
  {
    auto t = make_table(StatsKind::Directories, "Directories",
                        {"Directory", "Events", "Opens", "Bytes read", "Bytes written"},
                        {false, true, true, true, true}, "Events by fd.directory");
    for (const auto& [d, c] : dirs.entries())
      add_row(t, {d, num(c.events), num(c.opens), num(c.in), num(c.out)},
              {0, dbl(c.events), dbl(c.opens), dbl(c.in), dbl(c.out)}, filter_equals("fd.directory", d));
    t.truncated = dirs.truncated();
    sort_rows(t, 1);
    res.tables.push_back(std::move(t));
  }
  {
    auto t = make_table(StatsKind::Connections, "Connections",
                        {"Connection", "L4 protocol", "Events", "Bytes in", "Bytes out"},
                        {false, false, true, true, true}, "Events by fd.name of IPv4 and IPv6 sockets");
    for (const auto& [n, c] : names.entries())
      if (c.fd_types & kIpTypes)
        add_row(t, {n, l4_text(c.l4), num(c.events), num(c.in), num(c.out)},
                {0, 0, dbl(c.events), dbl(c.in), dbl(c.out)}, filter_equals("fd.name", n));
    t.truncated = names.truncated();
    sort_rows(t, 2);
    res.tables.push_back(std::move(t));
  }
  {
    auto t = make_table(StatsKind::Containers, "Containers", {"Container ID", "Name", "Image", "Events"},
                        {false, false, false, true}, "Events by container.id (host: not in a container)");
    for (const auto& [id, c] : containers.entries())
      add_row(t, {id, c.name, c.image, num(c.events)}, {0, 0, 0, dbl(c.events)},
              filter_equals("container.id", id));
    t.truncated = containers.truncated();
    sort_rows(t, 3);
    res.tables.push_back(std::move(t));
  }
  {
    auto t = make_table(StatsKind::Errors, "Errors", {"System call", "Error", "Events"}, {false, false, true},
                        "Exit events whose evt.res is an errno name, by evt.type and evt.res");
    for (const auto& [k, n] : errors.entries()) {
      size_t z = k.find('\0');
      std::string type = k.substr(0, z), err = z == std::string::npos ? std::string() : k.substr(z + 1);
      std::string filter = filter_equals("evt.type", type) + " and " + filter_equals("evt.res", err);
      add_row(t, {type, err, num(n)}, {0, 0, dbl(n)}, std::move(filter));
    }
    t.truncated = errors.truncated();
    sort_rows(t, 2);
    res.tables.push_back(std::move(t));
  }
  {
    auto t = make_table(StatsKind::TopIo, "Top I/O",
                        {"fd name", "Process", "PID", "Calls", "Bytes read", "Bytes written", "Bytes"},
                        {false, false, true, true, true, true, true},
                        "I/O calls with a result (evt.buflen) by fd.name and process, most bytes first");
    for (const auto& [k, c] : io.entries()) {
      size_t z = k.find('\0');
      if (z == std::string::npos) continue;
      std::string fdname = k.substr(0, z);
      PidKey pk = parse_pid_key(std::string_view(k).substr(z + 1));
      std::string filter = fmt::format("{} and {} and evt.buflen exists", filter_equals("fd.name", fdname),
                                       process_filter(pk));
      add_row(t,
              {fdname, std::string(pk.name), std::to_string(pk.pid), num(c.calls), num(c.in), num(c.out),
               num(c.in + c.out)},
              {0, 0, static_cast<double>(pk.pid), dbl(c.calls), dbl(c.in), dbl(c.out), dbl(c.in + c.out)},
              std::move(filter));
    }
    t.truncated = io.truncated();
    sort_rows(t, 6);
    res.tables.push_back(std::move(t));
  }
  return res;
}

}  // namespace saker::inspector
