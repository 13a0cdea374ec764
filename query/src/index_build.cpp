// Builds the index in one pass through the state engine. Repeated strings (event types,
// process, fd, user and container names) are interned into `strings` so `event_rows` holds
// integers only; rows go in through one prepared statement inside one transaction with
// journaling off; posting lists (event numbers per type, process name, fd name and
// container, delta-encoded varints) and time marks are kept in memory and written at the end.
#include <arpa/inet.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "index_db.h"
#include "index_format.h"
#include "index_render.h"
#include "index_schema.h"
#include "row_pack.h"
#include "saker/query/capture_index.h"
#include "saker/replay/state.h"
#include "saker/scap/error.h"
#include "saker/scap/reader.h"
#include "saker/scap/safe_output.h"

namespace saker::query {

namespace {

using index_db::Db;
using index_db::Stmt;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Strings to small ids (1-based; 0 means no value). Most lookups repeat a string that sits
// at the same address as last time (a thread's comm, an fd's name), so a direct-mapped cache
// keyed by address, confirmed by comparing the text, answers them without hashing. The slot
// points at the interned text itself (node-based map: it never moves), so a hit reads one
// string, not the id table and the string object first.
class Interner {
 public:
  uint32_t id(std::string_view s) {
    auto& slot = cache_[((reinterpret_cast<uintptr_t>(s.data()) >> 3) ^ s.size()) & (kCache - 1)];
    if (slot.data == s.data() && slot.size == s.size() && slot.id &&
        (s.empty() || std::memcmp(slot.text, s.data(), s.size()) == 0))
      return slot.id;
    uint32_t found = lookup(s);
    slot.data = s.data();
    slot.text = by_id_[found - 1]->data();
    slot.size = s.size();
    slot.id = found;
    return found;
  }
  size_t size() const { return by_id_.size(); }
  const std::string& text(uint32_t id) const { return *by_id_[id - 1]; }

 private:
  uint32_t lookup(std::string_view s) {
    auto it = ids_.find(s);
    if (it != ids_.end()) return it->second;
    uint32_t id = static_cast<uint32_t>(by_id_.size() + 1);
    auto [pos, ok] = ids_.emplace(std::string(s), id);
    by_id_.push_back(&pos->first);
    return id;
  }
  struct Slot {
    const char* data = nullptr;  // where the looked-up text was
    const char* text = nullptr;  // the interned copy
    size_t size = 0;
    uint32_t id = 0;
  };
  static constexpr size_t kCache = 4096;
  std::array<Slot, kCache> cache_{};
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> ids_;
  std::vector<const std::string*> by_id_;
};

// Event numbers with one key, as varint deltas.
struct Posting {
  uint64_t last = 0;
  uint64_t count = 0;
  std::vector<uint8_t> bytes;
  void add(uint64_t num) {
    index_format::put_varint(bytes, num - last);
    last = num;
    ++count;
  }
};

class Postings {
 public:
  void add(uint32_t key, uint64_t num) {
    if (key >= lists_.size()) lists_.resize(std::max<size_t>(key + 1, lists_.size() * 2));
    lists_[key].add(num);
  }
  const std::vector<Posting>& lists() const { return lists_; }

 private:
  std::vector<Posting> lists_;
};

// Per fd name: how it was used.
struct FdUse {
  uint64_t events = 0, first = 0, last = 0;
  scap::FdType type = scap::FdType::Unknown;
  replay::L4Proto l4 = replay::L4Proto::Unknown;
  std::array<uint8_t, 16> cip{}, sip{};
  uint16_t cport = 0, sport = 0;
  bool ipv6 = false;
};

struct Span {
  uint64_t events = 0, first = 0, last = 0;
  void add(uint64_t num) {
    if (!events) first = num;
    last = num;
    ++events;
  }
};

struct ProcessRow {
  uint64_t pid = 0, tid = 0;
  int64_t ppid = -1;
  int64_t parent = 0, previous = 0;  // row ids, 0 = none
  std::string name, exe, exepath, cmdline, cwd, user, container;
  int64_t uid = -1;
  const char* start_kind = "metadata";
  uint64_t start_num = 0, start_ts = 0;
  const char* end_kind = nullptr;
  uint64_t end_num = 0, end_ts = 0;
};

enum class Lifecycle : uint8_t { None, CloneExit, ExecExit, ProcExit };

struct FileStamp {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};

FileStamp stamp(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return {};
  return {static_cast<uint64_t>(st.st_size),
          static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// FNV-1a over the capture's first and last 64 KiB: with size and modification time, tells
// an index of another capture (or a rewritten one) from this capture's own.
std::string fingerprint(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return "-";
  uint64_t h = 14695981039346656037ull;
  std::vector<unsigned char> buf(65536);
  auto mix = [&](size_t n) {
    for (size_t i = 0; i < n; ++i) h = (h ^ buf[i]) * 1099511628211ull;
  };
  mix(std::fread(buf.data(), 1, buf.size(), f));
  if (std::fseek(f, -static_cast<long>(buf.size()), SEEK_END) == 0)
    mix(std::fread(buf.data(), 1, buf.size(), f));
  std::fclose(f);
  return fmt::format("{:016x}", h);
}

std::string ip_text(const std::array<uint8_t, 16>& ip, bool v6) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, ip.data(), buf, sizeof buf);
  return buf;
}

const char* l4_name(replay::L4Proto p) {
  switch (p) {
    case replay::L4Proto::Tcp:
      return "tcp";
    case replay::L4Proto::Udp:
      return "udp";
    case replay::L4Proto::Icmp:
      return "icmp";
    case replay::L4Proto::Raw:
      return "raw";
    default:
      return nullptr;
  }
}

FieldRef field(std::string_view name) {
  FieldRef ref;
  std::string error;
  if (!resolve_field(name, ref, error)) throw std::logic_error(error);
  return ref;
}

// event_rows inserts on a second thread: the reading thread (decode, state, interning)
// fills chunks of rows, the writer thread binds them kBatch rows per statement (one step then
// carries many rows, which roughly halves SQLite's per-row overhead). The connection is used
// by the writer thread only until finish() returns.
class RowWriter {
 public:
  static constexpr int kCols = 18;  // the last one is a blob, the others integers
  static constexpr size_t kBatch = 64;
  static constexpr size_t kChunk = kBatch * 32;
  static constexpr size_t kQueued = 8;

  explicit RowWriter(sqlite3* db)
      : many_(db, sql(kBatch).c_str()),
        one_(db, sql(1).c_str()),
        pack_(db, "INSERT INTO row_packs (first_num, last_num, rows) VALUES (?, ?, ?)") {
    cur_.rows.reserve(kChunk);
    cur_.rows.emplace_back();
    thread_ = std::thread([this] { run(); });
  }
  ~RowWriter() {
    if (thread_.joinable()) {
      {
        std::lock_guard<std::mutex> lock(m_);
        done_ = true;
      }
      cv_.notify_all();
      thread_.join();
    }
  }
  void i64(int col, int64_t v) {
    Row& r = cur_.rows.back();
    r.v[col - 1] = v;
    r.null &= ~(1u << (col - 1));
  }
  void null(int col) { cur_.rows.back().null |= 1u << (col - 1); }
  // The blob column: NULL when empty.
  void blob(std::string_view b) {
    Row& r = cur_.rows.back();
    if (b.empty()) {
      r.null |= 1u << (kCols - 1);
      return;
    }
    r.null &= ~(1u << (kCols - 1));
    r.v[kCols - 1] = static_cast<int64_t>(cur_.blobs.size());
    r.blob_len = static_cast<uint32_t>(b.size());
    cur_.blobs += b;
  }
  void id_or_null(int col, uint32_t id) {
    if (id)
      i64(col, id);
    else
      null(col);
  }
  void step() {
    if (cur_.rows.size() == kChunk) {
      push();
    } else {
      cur_.rows.emplace_back();
    }
  }
  // Runs `job` on the writer thread (work that needs no connection, off the reading thread).
  void defer(std::function<void()> job) {
    {
      std::lock_guard<std::mutex> lock(m_);
      jobs_.push_back(std::move(job));
    }
    cv_.notify_all();
  }
  // Writes what is left and stops the thread; rethrows the writer's error.
  void finish() {
    cur_.rows.pop_back();  // the row being filled
    if (!cur_.rows.empty()) push();
    {
      std::lock_guard<std::mutex> lock(m_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
    if (error_) std::rethrow_exception(error_);
  }

 private:
  struct Row {
    int64_t v[kCols];
    uint32_t null = 0;
    uint32_t blob_len = 0;  // the blob: blob_len bytes at offset v[kCols - 1] of the chunk's blobs
  };
  struct Chunk {
    std::vector<Row> rows;
    std::string blobs;
    void clear() {
      rows.clear();
      blobs.clear();
    }
  };

  void push() {
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [&] { return full_.size() < kQueued || error_; });
    if (error_) std::rethrow_exception(error_);
    full_.push_back(std::move(cur_));
    if (!spare_.empty()) {
      cur_ = std::move(spare_.back());
      spare_.pop_back();
    } else {
      cur_ = Chunk();
      cur_.rows.reserve(kChunk);
    }
    lock.unlock();
    cv_.notify_all();
    cur_.clear();
    cur_.rows.emplace_back();
  }

  void run() {
    for (;;) {
      Chunk chunk;
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [&] { return !full_.empty() || !jobs_.empty() || done_; });
        if (!jobs_.empty()) {
          job = std::move(jobs_.front());
          jobs_.pop_front();
        } else if (full_.empty()) {
          return;
        } else {
          chunk = std::move(full_.front());
          full_.pop_front();
        }
      }
      cv_.notify_all();
      if (job) {
        try {
          job();
        } catch (...) {
          std::lock_guard<std::mutex> lock(m_);
          if (!error_) error_ = std::current_exception();
          cv_.notify_all();
        }
        continue;
      }
      try {
        size_t i = 0;
        for (; i + kBatch <= chunk.rows.size(); i += kBatch) {
          bind(many_, chunk, i, kBatch);
          many_.step();
        }
        for (; i < chunk.rows.size(); ++i) {
          bind(one_, chunk, i, 1);
          one_.step();
        }
        write_pack(chunk);
      } catch (...) {
        std::lock_guard<std::mutex> lock(m_);
        error_ = std::current_exception();
        full_.clear();
        cv_.notify_all();
        return;
      }
      chunk.clear();
      std::lock_guard<std::mutex> lock(m_);
      spare_.push_back(std::move(chunk));
    }
  }

  static std::string sql(size_t rows) {
    std::string s =
        "INSERT INTO event_rows (num, ts, cpu, tid, pid, etype, type_id, res, fd, fd_name_id, proc_name_id, "
        "user_id, container_id, process, offset, fd_type, pname_id, render) VALUES ";
    for (size_t i = 0; i < rows; ++i)
      s += i ? ",(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    return s;
  }
  // Event numbers are consecutive: a NULL num lets SQLite take max(num) + 1, the same value,
  // through its append path instead of a uniqueness seek per row.
  void bind(Stmt& st, const Chunk& chunk, size_t first, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      const Row& r = chunk.rows[first + i];
      int base = static_cast<int>(i) * kCols;
      uint64_t num = static_cast<uint64_t>(r.v[0]);
      if (num == last_num_ + 1)
        st.null(base + 1);
      else
        st.i64(base + 1, r.v[0]);
      last_num_ = num;
      for (int c = 1; c < kCols; ++c) {
        if (r.null & (1u << c))
          st.null(base + c + 1);
        else if (c == kCols - 1)
          st.blob(base + c + 1, chunk.blobs.data() + r.v[c], r.blob_len);
        else
          st.i64(base + c + 1, r.v[c]);
      }
    }
  }

  // The chunk's rows again as one row pack (row_pack.h): the columns a search reads.
  void write_pack(const Chunk& chunk) {
    if (chunk.rows.empty()) return;
    uint64_t first = static_cast<uint64_t>(chunk.rows.front().v[0]);
    packer_.start(first);
    for (const Row& r : chunk.rows) {
      row_pack::Row p;
      p.num = static_cast<uint64_t>(r.v[0]);
      p.offset = static_cast<uint64_t>(r.v[14]);
      auto has = [&](int col) { return !(r.null & (1u << (col - 1))); };
      if (has(5)) p.mask |= row_pack::kPid, p.pid = r.v[4];
      if (has(9)) p.mask |= row_pack::kFd, p.fd = r.v[8];
      if (has(10)) p.mask |= row_pack::kFdName, p.fd_name_id = static_cast<uint64_t>(r.v[9]);
      if (has(11)) p.mask |= row_pack::kProcName, p.proc_name_id = static_cast<uint64_t>(r.v[10]);
      if (has(12)) p.mask |= row_pack::kUser, p.user_id = static_cast<uint64_t>(r.v[11]);
      if (has(13)) p.mask |= row_pack::kContainer, p.container_id = static_cast<uint64_t>(r.v[12]);
      if (has(16)) p.mask |= row_pack::kFdType, p.fd_type = static_cast<uint64_t>(r.v[15]);
      if (has(17)) p.mask |= row_pack::kPname, p.pname_id = static_cast<uint64_t>(r.v[16]);
      if (has(18)) {
        p.mask |= row_pack::kRender;
        p.render = std::string_view(chunk.blobs).substr(static_cast<size_t>(r.v[17]), r.blob_len);
      }
      packer_.add(p);
    }
    pack_.i64(1, static_cast<int64_t>(first));
    pack_.i64(2, chunk.rows.back().v[0]);
    pack_.blob(3, packer_.bytes().data(), packer_.bytes().size());
    pack_.step();
  }

  Stmt many_, one_, pack_;
  row_pack::Encoder packer_;  // writer thread only
  uint64_t last_num_ = 0;     // writer thread only
  Chunk cur_;
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<Chunk> full_;
  std::deque<std::function<void()>> jobs_;
  std::vector<Chunk> spare_;
  bool done_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

class Builder final : public IndexAlertSink {
 public:
  Builder(const std::string& capture, Db& d, const IndexOptions& opts)
      : capture_(capture),
        d_(d),
        opts_(opts),
        checkpoint_(d.db, "INSERT INTO checkpoints (num, offset, state) VALUES (?, ?, ?)"),
        alert_(d.db, "INSERT INTO alerts (num, ts, rule, priority, tags, line) VALUES (?,?,?,?,?,?)"),
        ins_(d.db) {
    auto table = scap::event_table();
    for (uint16_t t = 0; t < table.size(); ++t) {
      std::string_view n = table[t].name;
      bool exit = !scap::is_enter(t);
      if (exit && (n == "clone" || n == "fork" || n == "vfork" || n == "clone3"))
        life_[t] = Lifecycle::CloneExit;
      if (exit && (n == "execve" || n == "execveat")) life_[t] = Lifecycle::ExecExit;
      if (n == "procexit") life_[t] = Lifecycle::ProcExit;
      has_res_[t] = exit && !table[t].params.empty() &&
                    (table[t].params[0].name == "res" || table[t].params[0].name == "fd");
    }
  }

  void add_alert(const scap::EventView& ev, std::string_view rule, std::string_view priority,
                 std::string_view tags, std::string_view line) override {
    // Kept until the row writer is done with the connection.
    alerts_.push_back(
        {ev.num, ev.ts, std::string(rule), std::string(priority), std::string(tags), std::string(line)});
    ++result_.alerts;
  }

  IndexResult run() {
    scap::Reader reader(capture_, scap::whole_capture_pass());
    replay::State state;
    state.load(reader.metadata());
    replay::StateRenderContext render(state);
    std::string hostname = reader.metadata().machine ? reader.metadata().machine->hostname : "";
    add_metadata_processes(reader.metadata(), state);
    EvalContext ctx;
    ctx.state = &state;
    ctx.render = &render;
    scap::EventView ev;
    uint32_t section = 0;
    d_.exec("BEGIN");
    try {
      while (reader.next(ev)) {
        if (ev.section != section) {
          section = ev.section;
          state.load(reader.metadata());
          if (reader.metadata().machine) hostname = reader.metadata().machine->hostname;
          pid_rows_.clear();
          pid_cache_.fill(PidSlot{});
          add_metadata_processes(reader.metadata(), state);
        }
        note_first_event(ctx, ev);
        converted_ |= ev.converted;
        // The state before event N, for a search to restore and seek to N's block. Only in
        // the first section and where the reader has no conversion state to lose.
        if (opts_.checkpoint_every && section == 0 && ev.num && ev.num % opts_.checkpoint_every == 0 &&
            !converted_) {
          // Saved here, compressed on the writer thread.
          PendingCheckpoint& cp = checkpoints_.emplace_back();
          cp.num = ev.num;
          cp.offset = ev.offset;
          state.save(cp.raw);
          ins_.defer([&cp] {
            index_format::compress(cp.raw, cp.state);
            std::string().swap(cp.raw);
          });
          ++result_.checkpoints;
        }
        state.apply(ev);
        ctx.ev = &ev;
        // Only the events libs return are rows; the others (initial state, enter events libs
        // parse and filter out) are state; see docs/decisions.md.
        if (ev.returned()) {
          add_event(ev, ctx, state);
          for (IndexObserver* o : opts_.observers) o->on_event(ctx, hostname, *this);
        }
        if (opts_.progress && (result_.events & 0x3FFFF) == 0) opts_.progress(result_.events);
      }
    } catch (const scap::CaptureError& e) {
      result_.read_error = e.what();
    }
    sections_ = section + 1;
    first_ts_ = ctx.first_ts;
    first_num_ = ctx.first_num;
    finish(state);
    d_.exec("COMMIT");
    return result_;
  }

 private:
  void add_metadata_processes(const scap::Metadata& meta, const replay::State& state) {
    for (const auto& t : meta.threads) {
      if (t.tid != t.pid) continue;
      const replay::ThreadInfo* ti = state.thread(t.tid);
      if (!ti) continue;
      ProcessRow row = describe(*ti, state);
      row.start_kind = "metadata";
      set_row(ti->pid, push(std::move(row)));
    }
  }

  ProcessRow describe(const replay::ThreadInfo& t, const replay::State& state) {
    ProcessRow r;
    r.pid = t.pid;
    r.tid = t.tid;
    r.ppid = t.ptid == replay::kUnknownTid ? -1 : static_cast<int64_t>(t.ptid);
    r.name = t.comm;
    r.exe = t.exe;
    r.exepath = t.exepath;
    r.cmdline = t.cmdline();
    r.cwd = t.cwd;
    r.uid = t.uid == replay::kUnknownId ? -1 : t.uid;
    if (const scap::User* u = state.user(t.uid)) r.user = u->name;
    r.container = t.container_id;
    if (t.ptid != replay::kUnknownTid) {
      const replay::ThreadInfo* p = state.thread(t.ptid);
      auto it = pid_rows_.find(p ? p->pid : t.ptid);
      if (it != pid_rows_.end()) r.parent = static_cast<int64_t>(it->second);
    }
    return r;
  }

  void set_row(uint64_t pid, uint64_t row) {
    pid_rows_[pid] = row;
    auto& slot = pid_cache_[pid & (kPidCache - 1)];
    if (slot.pid == pid) slot.row = row;
  }

  uint64_t push(ProcessRow row) {
    processes_.push_back(std::move(row));
    return processes_.size();  // row id
  }

  void add_event(const scap::EventView& ev, const EvalContext& ctx, const replay::State& state) {
    const replay::ThreadInfo* t = state.current_thread();
    // Lifecycle first, so the event belongs to the image it starts.
    switch (life_[ev.type]) {
      case Lifecycle::CloneExit:
        if (t && t->tid == t->pid && ev.nparams > 0 && ev.params[0].len == 8 &&
            ev.params[0].as<int64_t>() == 0) {
          ProcessRow row = describe(*t, state);
          row.start_kind = "clone";
          row.start_num = ev.num;
          row.start_ts = ev.ts;
          set_row(t->pid, push(std::move(row)));
        }
        break;
      case Lifecycle::ExecExit:
        if (t && ev.nparams > 0 && ev.params[0].len == 8 && ev.params[0].as<int64_t>() == 0) {
          ProcessRow row = describe(*t, state);
          row.start_kind = "exec";
          row.start_num = ev.num;
          row.start_ts = ev.ts;
          auto it = pid_rows_.find(t->pid);
          if (it != pid_rows_.end()) {
            ProcessRow& old = processes_[it->second - 1];
            old.end_kind = "exec";
            old.end_num = ev.num;
            old.end_ts = ev.ts;
            row.previous = static_cast<int64_t>(it->second);
            row.parent = old.parent;
          }
          set_row(t->pid, push(std::move(row)));
        }
        break;
      case Lifecycle::ProcExit:
        if (t && t->tid == t->pid) {
          auto it = pid_rows_.find(t->pid);
          if (it != pid_rows_.end() && !processes_[it->second - 1].end_kind) {
            ProcessRow& old = processes_[it->second - 1];
            old.end_kind = "exit";
            old.end_num = ev.num;
            old.end_ts = ev.ts;
          }
        }
        break;
      case Lifecycle::None:
        break;
    }

    const int64_t num = static_cast<int64_t>(ev.num);
    ins_.i64(1, num);
    ins_.i64(2, static_cast<int64_t>(ev.ts));
    ins_.i64(3, ev.cpu);
    ins_.i64(4, static_cast<int64_t>(ev.tid));
    {
      FieldValue pid;  // as proc.pid shows it (a container event's thread is not the current one)
      if (pid_field_.def->extract(ctx, pid_field_, pid, scratch_))
        ins_.i64(5, pid.i);
      else
        ins_.null(5);
    }
    ins_.i64(6, ev.type);
    uint32_t type_id;
    if (!scap::is_generic_syscall(ev.event_type())) {
      uint32_t& cached = type_ids_[ev.type];
      if (!cached) cached = strings_.id(ev.name());
      type_id = cached;
    } else {
      type_id = strings_.id(value(ctx, type_field_));
    }
    ins_.i64(7, type_id);
    if (has_res_[ev.type] && ev.nparams > 0 && ev.params[0].len == 8)
      ins_.i64(8, ev.params[0].as<int64_t>());
    else
      ins_.null(8);
    if (state.current_fd_num() >= 0)
      ins_.i64(9, state.current_fd_num());
    else
      ins_.null(9);
    uint32_t fd_id = optional_id(ctx, fd_name_field_);
    uint32_t proc_id = optional_id(ctx, proc_name_field_);
    uint32_t user_id = optional_id(ctx, user_field_);
    uint32_t container_id = optional_id(ctx, container_field_);
    ins_.id_or_null(10, fd_id);
    ins_.id_or_null(11, proc_id);
    ins_.id_or_null(12, user_id);
    ins_.id_or_null(13, container_id);
    if (t) {
      auto& slot = pid_cache_[t->pid & (kPidCache - 1)];
      if (slot.pid != t->pid) {
        auto it = pid_rows_.find(t->pid);
        slot.pid = t->pid;
        slot.row = it == pid_rows_.end() ? 0 : it->second;
      }
      ins_.id_or_null(14, static_cast<uint32_t>(slot.row));
    } else {
      ins_.null(14);
    }
    ins_.i64(15, static_cast<int64_t>(ev.offset));
    // What the event's argument text needs from the state, beyond its own fd.
    IndexedValues row;
    row.fd_num = state.current_fd_num() >= 0 ? state.current_fd_num() : -1;
    if (const replay::FdInfo* f = state.current_fd()) {
      row.has_fd = true;
      row.fd_type = static_cast<uint8_t>(f->type);
      row.fd_l4 = static_cast<uint8_t>(f->l4);
      ins_.i64(16, row.fd_type | row.fd_l4 << 8);
    } else {
      ins_.null(16);
    }
    ins_.id_or_null(17, optional_id(ctx, pname_field_));
    if (fd_id) {
      row.has_fd_name = true;
      row.fd_name = strings_.text(fd_id);
    }
    ins_.blob(recorder_.record(ev, row, *ctx.render));
    ins_.step();
    ++result_.events;

    by_type_.add(ev.type, ev.num);
    if (proc_id) by_proc_.add(proc_id, ev.num);
    if (container_id) {
      by_container_.add(container_id, ev.num);
      if (container_id >= containers_.size()) containers_.resize(container_id + 64);
      containers_[container_id].add(ev.num);
    }
    if (fd_id) {
      by_fd_.add(fd_id, ev.num);
      if (fd_id >= fd_use_.size()) fd_use_.resize(std::max<size_t>(fd_id + 1, fd_use_.size() * 2));
      FdUse& u = fd_use_[fd_id];
      if (!u.events) {
        u.first = ev.num;
        if (const replay::FdInfo* f = state.current_fd()) {
          u.type = f->type;
          u.l4 = f->l4;
          u.cip = f->cip;
          u.sip = f->sip;
          u.cport = f->cport;
          u.sport = f->sport;
          u.ipv6 = f->ipv6;
        }
      } else if (u.type == scap::FdType::Unknown) {
        if (const replay::FdInfo* f = state.current_fd()) u.type = f->type;
      }
      u.last = ev.num;
      ++u.events;
    }
    // Time marks: the time range of each run of kMarkEvents events.
    if (mark_count_ == 0) {
      mark_first_ = ev.num;
      mark_min_ = mark_max_ = ev.ts;
    }
    mark_min_ = std::min(mark_min_, ev.ts);
    mark_max_ = std::max(mark_max_, ev.ts);
    mark_last_ = ev.num;
    if (++mark_count_ == index_format::kMarkEvents) flush_mark();
    if (ev.ts < last_ts_) ts_sorted_ = false;
    last_ts_ = ev.ts;
    last_num_ = ev.num;
  }

  std::string_view value(const EvalContext& ctx, const FieldRef& ref) {
    FieldValue v;
    if (!ref.def->extract(ctx, ref, v, scratch_)) return {};
    return v.s;
  }

  uint32_t optional_id(const EvalContext& ctx, const FieldRef& ref) {
    FieldValue v;
    if (!ref.def->extract(ctx, ref, v, scratch_)) return 0;
    return strings_.id(v.s);
  }

  void flush_mark() {
    if (!mark_count_) return;
    marks_.push_back({mark_first_, mark_last_, mark_min_, mark_max_});
    mark_count_ = 0;
  }

  void finish(const replay::State& state) {
    ins_.finish();
    for (const auto& a : alerts_) {
      alert_.i64(1, static_cast<int64_t>(a.num));
      alert_.i64(2, static_cast<int64_t>(a.ts));
      alert_.text(3, a.rule);
      alert_.text(4, a.priority);
      alert_.text(5, a.tags);
      alert_.text(6, a.line);
      alert_.step();
    }
    if (converted_) {  // old event versions: after a seek, exits would miss their stored enters
      checkpoints_.clear();
      result_.checkpoints = 0;
    }
    for (const auto& c : checkpoints_) {
      checkpoint_.i64(1, static_cast<int64_t>(c.num));
      checkpoint_.i64(2, static_cast<int64_t>(c.offset));
      checkpoint_.blob(3, c.state.data(), c.state.size());
      checkpoint_.step();
    }
    flush_mark();
    {
      Stmt s(d_.db, "INSERT INTO strings (id, s) VALUES (?, ?)");
      for (uint32_t id = 1; id <= strings_.size(); ++id) {
        s.i64(1, id);
        s.text(2, strings_.text(id));
        s.step();
      }
    }
    {
      Stmt s(d_.db, "INSERT INTO event_types (id, name, dir) VALUES (?, ?, ?)");
      auto table = scap::event_table();
      for (uint16_t t = 0; t < table.size(); ++t) {
        if (table[t].flags & scap::kUnused) continue;
        s.i64(1, t);
        s.text(2, table[t].name);
        s.text(3, scap::is_enter(t) ? ">" : "<");
        s.step();
      }
    }
    {
      Stmt s(d_.db,
             "INSERT INTO processes (id, pid, tid, ppid, parent, previous, name, exe, exepath, cmdline, cwd, "
             "uid, "
             "user_name, container_id, start_kind, start_num, start_ts, end_kind, end_num, end_ts) "
             "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
      Stmt fts(d_.db, "INSERT INTO text_search (kind, ref, text) VALUES (?, ?, ?)");
      int64_t id = 0;
      for (const auto& p : processes_) {
        ++id;
        s.i64(1, id);
        s.i64(2, static_cast<int64_t>(p.pid));
        s.i64(3, static_cast<int64_t>(p.tid));
        if (p.ppid >= 0)
          s.i64(4, p.ppid);
        else
          s.null(4);
        s.id_or_null(5, static_cast<uint32_t>(p.parent));
        s.id_or_null(6, static_cast<uint32_t>(p.previous));
        s.text_or_null(7, p.name);
        s.text_or_null(8, p.exe);
        s.text_or_null(9, p.exepath);
        s.text_or_null(10, p.cmdline);
        s.text_or_null(11, p.cwd);
        if (p.uid >= 0)
          s.i64(12, p.uid);
        else
          s.null(12);
        s.text_or_null(13, p.user);
        s.text_or_null(14, p.container);
        s.text(15, p.start_kind);
        s.id_or_null(16, 0);
        s.id_or_null(17, 0);
        if (p.start_num)
          s.i64(16, static_cast<int64_t>(p.start_num)), s.i64(17, static_cast<int64_t>(p.start_ts));
        if (p.end_kind) {
          s.text(18, p.end_kind);
          s.i64(19, static_cast<int64_t>(p.end_num));
          s.i64(20, static_cast<int64_t>(p.end_ts));
        } else {
          s.null(18), s.null(19), s.null(20);
        }
        s.step();
        if (!p.cmdline.empty()) {
          fts.text(1, "cmdline");
          fts.i64(2, id);
          fts.text(3, p.cmdline);
          fts.step();
        }
        if (!p.exepath.empty()) {
          fts.text(1, "exepath");
          fts.i64(2, id);
          fts.text(3, p.exepath);
          fts.step();
        }
      }
      result_.processes = processes_.size();
    }
    write_fd_tables();
    write_containers(state);
    write_postings();
    {
      Stmt s(d_.db, "INSERT INTO time_marks (first_num, last_num, min_ts, max_ts) VALUES (?,?,?,?)");
      for (const auto& m : marks_) {
        s.i64(1, static_cast<int64_t>(m[0]));
        s.i64(2, static_cast<int64_t>(m[1]));
        s.i64(3, static_cast<int64_t>(m[2]));
        s.i64(4, static_cast<int64_t>(m[3]));
        s.step();
      }
    }
  }

  void write_fd_tables() {
    using scap::FdType;
    Stmt file(
        d_.db,
        "INSERT INTO files (id, path, name_id, type, events, first_num, last_num) VALUES (?,?,?,?,?,?,?)");
    Stmt conn(d_.db,
              "INSERT INTO connections (id, name, name_id, type, l4proto, client_ip, client_port, server_ip, "
              "server_port, events, first_num, last_num) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    Stmt fts(d_.db, "INSERT INTO text_search (kind, ref, text) VALUES (?, ?, ?)");
    for (uint32_t id = 1; id < fd_use_.size(); ++id) {
      const FdUse& u = fd_use_[id];
      if (!u.events) continue;
      const std::string& name = strings_.text(id);
      if (name.empty()) continue;
      bool is_file = u.type == FdType::File || u.type == FdType::FileV2 || u.type == FdType::Directory;
      bool is_inet = u.type == FdType::Ipv4Sock || u.type == FdType::Ipv6Sock ||
                     u.type == FdType::Ipv4ServSock || u.type == FdType::Ipv6ServSock;
      if (is_file) {
        int64_t row = static_cast<int64_t>(++result_.files);
        file.i64(1, row);
        file.text(2, name);
        file.i64(3, id);
        file.text(4, u.type == FdType::Directory ? "directory" : "file");
        file.i64(5, static_cast<int64_t>(u.events));
        file.i64(6, static_cast<int64_t>(u.first));
        file.i64(7, static_cast<int64_t>(u.last));
        file.step();
        fts.text(1, "path");
        fts.i64(2, row);
        fts.text(3, name);
        fts.step();
      } else if (is_inet || u.type == FdType::UnixSock) {
        int64_t row = static_cast<int64_t>(++result_.connections);
        std::string cip, sip;
        conn.i64(1, row);
        conn.text(2, name);
        conn.i64(3, id);
        conn.text(4, u.type == FdType::UnixSock ? "unix" : (u.ipv6 ? "ipv6" : "ipv4"));
        if (const char* l4 = is_inet ? l4_name(u.l4) : nullptr)
          conn.text(5, l4);
        else
          conn.null(5);
        if (is_inet) {
          cip = ip_text(u.cip, u.ipv6);
          sip = ip_text(u.sip, u.ipv6);
          conn.text(6, cip);
          conn.i64(7, u.cport);
          conn.text(8, sip);
          conn.i64(9, u.sport);
        } else {
          conn.null(6), conn.null(7), conn.null(8), conn.null(9);
        }
        conn.i64(10, static_cast<int64_t>(u.events));
        conn.i64(11, static_cast<int64_t>(u.first));
        conn.i64(12, static_cast<int64_t>(u.last));
        conn.step();
        fts.text(1, "connection");
        fts.i64(2, row);
        fts.text(3, name);
        fts.step();
      }
    }
  }

  void write_containers(const replay::State& state) {
    Stmt s(d_.db,
           "INSERT INTO containers (id, full_id, name, image, type, privileged, events, first_num, last_num) "
           "VALUES (?,?,?,?,?,?,?,?,?)");
    for (uint32_t id = 1; id < containers_.size(); ++id) {
      const Span& sp = containers_[id];
      if (!sp.events) continue;
      const std::string& cid = strings_.text(id);
      s.text(1, cid);
      const replay::Container* c = cid == "host" ? nullptr : state.container(cid);
      s.text_or_null(2, c ? std::string_view(c->full_id) : std::string_view());
      s.text_or_null(3, c ? std::string_view(c->name) : std::string_view());
      s.text_or_null(4, c ? std::string_view(c->image) : std::string_view());
      s.text_or_null(5, c ? std::string_view(c->type) : std::string_view());
      if (c)
        s.i64(6, c->privileged);
      else
        s.null(6);
      s.i64(7, static_cast<int64_t>(sp.events));
      s.i64(8, static_cast<int64_t>(sp.first));
      s.i64(9, static_cast<int64_t>(sp.last));
      s.step();
    }
  }

  void write_postings() {
    Stmt s(d_.db, "INSERT INTO postings (kind, key, count, nums) VALUES (?, ?, ?, ?)");
    auto write = [&](const char* kind, const Postings& p) {
      for (size_t key = 0; key < p.lists().size(); ++key) {
        const Posting& l = p.lists()[key];
        if (!l.count) continue;
        s.text(1, kind);
        s.i64(2, static_cast<int64_t>(key));
        s.i64(3, static_cast<int64_t>(l.count));
        s.blob(4, l.bytes.data(), l.bytes.size());
        s.step();
      }
    };
    write(index_format::kPostingType, by_type_);
    write(index_format::kPostingProc, by_proc_);
    write(index_format::kPostingFd, by_fd_);
    write(index_format::kPostingContainer, by_container_);
  }

 public:
  bool converted_ = false;  // the reader upgraded old events (seeks would lose their merged enters)
  uint32_t sections_ = 0;
  uint64_t first_ts_ = 0;
  uint64_t first_num_ = 0;
  uint64_t last_num_ = 0;
  bool ts_sorted_ = true;

 private:
  const std::string& capture_;
  Db& d_;
  const IndexOptions& opts_;
  // Before ins_: the writer thread's deferred compressions use them until ins_ is destroyed.
  struct PendingCheckpoint {
    uint64_t num = 0, offset = 0;
    std::string raw, state;  // state: raw compressed, once the writer thread got to it
  };
  std::deque<PendingCheckpoint> checkpoints_;  // stable addresses for the deferred compression
  Stmt checkpoint_, alert_;
  RowWriter ins_;  // after what its thread uses: joined before those are destroyed

  struct PendingAlert {
    uint64_t num, ts;
    std::string rule, priority, tags, line;
  };
  std::vector<PendingAlert> alerts_;
  IndexResult result_;
  Interner strings_;
  std::array<uint32_t, scap::kEventTypeCount> type_ids_{};
  std::array<Lifecycle, scap::kEventTypeCount> life_{};
  std::array<bool, scap::kEventTypeCount> has_res_{};
  FieldRef type_field_ = field("evt.type");
  FieldRef pid_field_ = field("proc.pid");
  index_render::Recorder recorder_;
  FieldRef fd_name_field_ = field("fd.name");
  FieldRef proc_name_field_ = field("proc.name");
  FieldRef pname_field_ = field("proc.pname");
  FieldRef user_field_ = field("user.name");
  FieldRef container_field_ = field("container.id");
  std::string scratch_;
  Postings by_type_, by_proc_, by_fd_, by_container_;
  std::vector<FdUse> fd_use_;
  std::vector<Span> containers_;
  std::deque<ProcessRow> processes_;                 // grows without moving its rows
  std::unordered_map<uint64_t, uint64_t> pid_rows_;  // pid -> current image's row id
  struct PidSlot {
    uint64_t pid = UINT64_MAX, row = 0;
  };
  static constexpr size_t kPidCache = 1024;
  std::array<PidSlot, kPidCache> pid_cache_{};
  std::vector<std::array<uint64_t, 4>> marks_;
  uint64_t mark_first_ = 0, mark_last_ = 0, mark_min_ = 0, mark_max_ = 0, mark_count_ = 0;
  uint64_t last_ts_ = 0;
};

}  // namespace

std::string default_index_path(const std::string& capture) {
  return capture + ".saker-index";
}

namespace {

// A regular file (a FIFO or device would block or lie), followed through a link.
bool regular_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

bool is_saker_index(const std::string& path) {
  if (!regular_file(path)) return false;
  Db d;
  if (sqlite3_open_v2(path.c_str(), &d.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return false;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(d.db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &s, nullptr) !=
      SQLITE_OK)
    return false;
  bool found = sqlite3_step(s) == SQLITE_ROW;
  sqlite3_finalize(s);
  return found;
}

bool index_is_current(const std::string& capture, const std::string& index_path) {
  if (::access(index_path.c_str(), R_OK) != 0 || !regular_file(index_path)) return false;
  Db d;
  if (sqlite3_open_v2(index_path.c_str(), &d.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return false;
  std::unordered_map<std::string, std::string> meta;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(d.db, "SELECT key, value FROM meta", -1, &s, nullptr) != SQLITE_OK) return false;
  while (sqlite3_step(s) == SQLITE_ROW) {
    const unsigned char* k = sqlite3_column_text(s, 0);
    const unsigned char* v = sqlite3_column_text(s, 1);
    if (k && v) meta[reinterpret_cast<const char*>(k)] = reinterpret_cast<const char*>(v);
  }
  sqlite3_finalize(s);
  FileStamp st = stamp(capture);
  return meta["schema_version"] == std::to_string(kIndexSchemaVersion) &&
         meta["capture_size"] == std::to_string(st.size) &&
         meta["capture_mtime_ns"] == std::to_string(st.mtime_ns) &&
         meta["capture_fingerprint"] == fingerprint(capture);
}

IndexResult build_index(const std::string& capture, const std::string& index_path,
                        const IndexOptions& options) {
  { scap::Reader probe(capture); }  // a capture that cannot be opened leaves no index behind
  FileStamp before = stamp(capture);
  std::string print = fingerprint(capture);
  // Written beside its place and renamed into place at the end (scap::SafeOutput): never over
  // the capture, a link, a device or a directory.
  scap::SafeOutputOptions so;
  so.force = options.replace;
  so.inputs = {capture};
  scap::SafeOutput out(index_path, so);
  const std::string& tmp = out.temp_path();
  IndexResult result;
  std::vector<std::pair<std::string, std::string>> meta;
  {
    Db d;
    if (sqlite3_open_v2(tmp.c_str(), &d.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK)
      throw std::runtime_error(
          fmt::format("{}: cannot create the index: {} (choose another file with --index or -o)", index_path,
                      sqlite3_errmsg(d.db)));
    d.exec(
        "PRAGMA page_size = 65536; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
        "PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16384;");
    d.exec(index_schema::kTables);
    Builder b(capture, d, options);
    result = b.run();
    d.exec(index_schema::kViewsAndIndexes);
    if (options.sql_indexes) d.exec(index_schema::kEventIndexes);
    std::string observers;
    for (IndexObserver* o : options.observers)
      observers += (observers.empty() ? "" : "; ") + o->description();
    meta = {{"schema_version", std::to_string(kIndexSchemaVersion)},
            {"capture_path", capture},
            {"capture_size", std::to_string(before.size)},
            {"capture_mtime_ns", std::to_string(before.mtime_ns)},
            {"capture_fingerprint", print},
            {"events", std::to_string(result.events)},
            {"last_num", std::to_string(b.last_num_)},
            {"first_ts", std::to_string(b.first_ts_)},
            {"first_num", std::to_string(b.first_num_)},
            {"ts_sorted", b.ts_sorted_ ? "1" : "0"},
            {"sections", std::to_string(b.sections_)},
            {"observers", observers.empty() ? "-" : observers},
            {"sql_indexes", options.sql_indexes ? "1" : "0"},
            {"checkpoints", std::to_string(result.checkpoints)},
            {"converted", b.converted_ ? "1" : "0"},
            {"read_error", result.read_error.empty() ? "-" : result.read_error}};
    Stmt m(d.db, "INSERT INTO meta (key, value) VALUES (?, ?)");
    for (const auto& [k, v] : meta) {
      m.text(1, k);
      m.text(2, v);
      m.step();
    }
  }
  out.commit();
  return result;
}

}  // namespace saker::query
