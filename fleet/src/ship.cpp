#include "saker/fleet/ship.h"

// SHA-256 through OpenSSL's one-digest API, not EVP: libcrypto is linked statically and EVP
// brings its whole provider table (340 KB of relocated data, a third of every start-up's page
// faults); SHA256_* links only the digest and its assembly. Deprecated in 3.0, not removed.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "saker/fleet/clickhouse.h"
#include "saker/fleet/fleet_schema.h"
#include "saker/query/output_format.h"
#include "saker/replay/capture_pass.h"
#include "saker/scap/error.h"
#include "saker/scap/reader.h"

#ifndef SAKER_VERSION
#define SAKER_VERSION "dev"
#endif

namespace saker::fleet {

namespace {

// What `saker print` leaves out without --all (query/src/output/print_support.h): internal events,
// state-only events and initial-state events.
constexpr uint32_t kInternalCategory = 0x100;
bool hidden(const scap::EventView& ev) {
  return (ev.info->category & kInternalCategory) || (ev.dump_flags & scap::kDumpFlagStateOnly) ||
         ev.initial_state;
}

struct Db {
  sqlite3* db = nullptr;
  ~Db() { sqlite3_close(db); }
};
struct Stmt {
  sqlite3_stmt* st = nullptr;
  ~Stmt() { sqlite3_finalize(st); }
};

std::string meta_value(sqlite3* db, const char* key) {
  Stmt s;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?", -1, &s.st, nullptr) != SQLITE_OK)
    return {};
  sqlite3_bind_text(s.st, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step(s.st) != SQLITE_ROW) return {};
  return reinterpret_cast<const char*>(sqlite3_column_text(s.st, 0));
}

// RowBinary (what ClickHouse parses fastest): little-endian fixed-width numbers, strings as a
// LEB128 length and the bytes, Nullable as a null byte before the value.
enum class Wire : uint8_t { U8, U16, U32, U64, I32, I64, Str, Date, DateTime };
struct WireType {
  Wire wire = Wire::Str;
  bool nullable = false;
};

WireType wire_type(std::string_view t) {
  WireType w;
  if (t.starts_with("Nullable(")) {
    w.nullable = true;
    t = t.substr(9, t.size() - 10);
  }
  static const std::pair<std::string_view, Wire> kTypes[] = {
      {"UInt8", Wire::U8},   {"UInt16", Wire::U16}, {"UInt32", Wire::U32},
      {"UInt64", Wire::U64}, {"Int32", Wire::I32},  {"Int64", Wire::I64},
      {"String", Wire::Str}, {"Date", Wire::Date},  {"DateTime", Wire::DateTime}};
  for (auto [name, wire] : kTypes)
    if (t == name) w.wire = wire;
  return w;
}

template <typename T>
void put_int(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));  // x86-64 and arm64 are little-endian, as RowBinary is
  out.append(b, sizeof(T));
}

void put_string(std::string& out, std::string_view v) {
  uint64_t n = v.size();
  do {
    uint8_t byte = n & 0x7f;
    n >>= 7;
    out += static_cast<char>(n ? byte | 0x80 : byte);
  } while (n);
  out += v;
}

void put_number(std::string& out, Wire w, int64_t v) {
  switch (w) {
    case Wire::U8:
      put_int(out, static_cast<uint8_t>(v));
      break;
    case Wire::U16:
    case Wire::Date:
      put_int(out, static_cast<uint16_t>(v));
      break;
    case Wire::U32:
    case Wire::DateTime:
      put_int(out, static_cast<uint32_t>(v));
      break;
    case Wire::I32:
      put_int(out, static_cast<int32_t>(v));
      break;
    case Wire::U64:
    case Wire::I64:
      put_int(out, v);
      break;
    case Wire::Str:
      put_string(out, std::to_string(v));
      break;
  }
}

// One value of the local index as column type `w`; NULL in a column that cannot hold it
// becomes the type's zero.
void put_sqlite_value(std::string& out, WireType w, sqlite3_stmt* st, int col) {
  int type = sqlite3_column_type(st, col);
  if (w.nullable) {
    out += type == SQLITE_NULL ? '\1' : '\0';
    if (type == SQLITE_NULL) return;
  }
  if (w.wire == Wire::Str) {
    const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
    put_string(out, t ? std::string_view(t, static_cast<size_t>(sqlite3_column_bytes(st, col))) : "");
  } else {
    put_number(out, w.wire, sqlite3_column_int64(st, col));
  }
}

std::string day_of(uint64_t ts_ns) {
  std::time_t t = static_cast<std::time_t>(ts_ns / 1000000000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

// The line `saker print` shows for each numbered event, read alongside the index rows.
class PrintLines {
 public:
  explicit PrintLines(const std::string& capture)
      : format_(query::OutputFormat::compile(query::kDefaultOutputFormat)), pass_(capture) {
    render_ = std::make_unique<replay::StateRenderContext>(pass_.state());
    ctx_.state = &pass_.state();
    ctx_.render = render_.get();
  }

  // The line and hidden flag of event `num`; false when the capture has no such event.
  bool line_of(uint64_t num, std::string& line, bool& is_hidden) {
    while (!done_ && (!have_ || ev_.num < num)) advance();
    if (done_ || ev_.num != num) return false;
    line.clear();
    ctx_.ev = &ev_;
    format_.render(ctx_, line);
    is_hidden = hidden(ev_);
    return true;
  }

 private:
  void advance() {
    if (!pass_.next(ev_)) {
      done_ = true;
      return;
    }
    have_ = true;
    if (first_ && ev_.ts) {
      ctx_.first_ts = ev_.ts;
      first_ = false;
    }
    pass_.state().apply(ev_);
  }

  query::OutputFormat format_;
  replay::CapturePass pass_;
  std::unique_ptr<replay::StateRenderContext> render_;
  query::EvalContext ctx_;
  scap::EventView ev_;
  bool first_ = true, have_ = false, done_ = false;
};

// A test hook (tests/fleet): after this many batches, announce it and wait, so a test can stop
// a shard in the middle of a ship.
struct PauseHook {
  uint64_t after = 0;
  std::string path;
  PauseHook() {
    const char* p = std::getenv("SAKER_SHIP_TEST_PAUSE");
    const char* n = std::getenv("SAKER_SHIP_TEST_PAUSE_AFTER");
    if (p && n) {
      path = p;
      after = std::stoull(n);
    }
  }
  void batch_done(uint64_t sent) const {  // on the sender's thread
    if (path.empty() || sent != after) return;
    std::ofstream(path + ".reached") << sent << "\n";
    for (int i = 0; i < 600 && !std::filesystem::exists(path + ".go"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
};

// Where a capture's batches go: straight into the host's shard (its NAME_local tables) when
// the shard map knows it, else through NAME_dist, which parses the rows and sends them on.
struct Target {
  std::string url;
  std::string suffix;  // "_local" or "_dist"
  Settings settings;
  bool compress = true;
};

Target route(ClickHouse& ch, const ShardMap& map, const ShipOptions& opts, const std::string& host,
             std::FILE* err) {
  Target t;
  // One batch is one block and one part: ClickHouse need not squash blocks by copying them.
  Settings block = {{"max_insert_block_size", std::to_string(opts.batch_rows)},
                    {"min_insert_block_size_rows", "0"},
                    {"min_insert_block_size_bytes", "0"}};
  t.url = opts.url;
  t.suffix = "_dist";
  t.settings = {{"insert_distributed_sync", "1"}};
  t.settings.insert(t.settings.end(), block.begin(), block.end());
  if (!map.shards.empty()) {
    std::string key = ch.execute(fmt::format("SELECT cityHash64({})", sql_quote(host)));
    if (const ShardRoute* shard = map.shard_for(std::stoull(key))) {
      std::string url = with_credentials_of(shard->url, opts.url);
      ClickHouse probe(url);
      std::string local = probe.execute(fmt::format(
          "SELECT count() FROM system.clusters WHERE cluster = {} AND shard_num = {} AND is_local = 1",
          sql_quote(map.cluster), shard->shard_num));
      if (std::stoull(local) > 0) {
        t.url = url;
        t.suffix = "_local";
        t.settings = block;
      } else {
        fmt::print(err, "saker ship: {} is no longer shard {} of cluster '{}': sending through {}\n",
                   shard->url, shard->shard_num, map.cluster, opts.url);
      }
    }
  }
  t.compress =
      opts.compress == Compression::Gzip || (opts.compress == Compression::Auto && !is_loopback_url(t.url));
  return t;
}

// Sends batches on its own thread and connection while the next one is built.
class BatchSender {
 public:
  BatchSender(const Target& target, const PauseHook& pause, size_t buffer_bytes)
      : ch_(target.url), settings_(target.settings), pause_(pause) {
    ch_.set_compress_inserts(target.compress);
    data_.reserve(buffer_bytes);
    thread_ = std::thread([this] { run(); });
  }
  ~BatchSender() {
    {
      std::lock_guard lock(m_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  BatchSender(const BatchSender&) = delete;
  BatchSender& operator=(const BatchSender&) = delete;

  // Takes `data` (leaving `data` empty with the capacity of the buffer sent before), once the
  // previous batch is stored; rethrows the failure of an earlier batch.
  void send(std::string statement, std::string& data, uint64_t rows) {
    std::unique_lock lock(m_);
    cv_.wait(lock, [this] { return !busy_ || error_; });
    if (error_) std::rethrow_exception(error_);
    statement_ = std::move(statement);
    data_.swap(data);
    data.clear();
    rows_ = rows;
    busy_ = true;
    cv_.notify_all();
  }

  // Returns once every batch handed over is stored; rethrows a failure.
  void wait() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [this] { return !busy_ || error_; });
    if (error_) std::rethrow_exception(error_);
  }

  uint64_t rows_sent() const { return rows_sent_; }

 private:
  void run() {
    std::unique_lock lock(m_);
    for (;;) {
      cv_.wait(lock, [this] { return stop_ || (busy_ && !error_); });
      if (stop_) return;
      lock.unlock();
      std::exception_ptr failure;
      try {
        ch_.insert(statement_, data_, settings_);
        rows_sent_ += rows_;
        pause_.batch_done(++batches_sent_);
      } catch (...) {
        failure = std::current_exception();
      }
      lock.lock();
      data_.clear();
      error_ = failure;
      busy_ = false;
      cv_.notify_all();
    }
  }

  ClickHouse ch_;
  Settings settings_;
  const PauseHook& pause_;
  std::mutex m_;
  std::condition_variable cv_;
  bool busy_ = false, stop_ = false;
  std::exception_ptr error_;
  std::string statement_, data_;
  uint64_t rows_ = 0;
  std::atomic<uint64_t> rows_sent_{0}, batches_sent_{0};
  std::thread thread_;  // last: started once the members it uses exist
};

// The two batch buffers (one filled, one sent) are reserved once: growing them by doubling
// would copy and fault in each page again.
size_t batch_bytes(const ShipOptions& opts) {
  constexpr uint64_t kRowBytes = 400, kMax = 256ULL << 20;
  return static_cast<size_t>(std::min(opts.batch_rows * kRowBytes, kMax));
}

class Shipper {
 public:
  Shipper(const ShipOptions& opts, ClickHouse& ch, const Target& target, std::FILE* err, std::string host,
          std::string hash, std::string capture)
      : opts_(opts),
        ch_(ch),
        target_(target),
        err_(err),
        host_(std::move(host)),
        hash_(std::move(hash)),
        capture_(std::move(capture)),
        tty_(!opts.quiet && isatty(fileno(err))),
        sender_(target, pause_, batch_bytes(opts)) {
    data_.reserve(batch_bytes(opts));
    put_string(prefix_, host_);
    put_string(prefix_, hash_);
    put_string(prefix_, capture_);
    start_ = std::chrono::steady_clock::now();
  }

  // Batches of `table` an earlier run stored, with their row counts.
  void load_stored(const TableSpec& t) {
    stored_.clear();
    std::string answer = ch_.execute(
        fmt::format(
            "SELECT batch, count() FROM {}.{}_dist WHERE host = {} AND capture_hash = {} GROUP BY batch",
            opts_.database, t.name, sql_quote(host_), sql_quote(hash_)),
        {{"max_result_rows", "0"}});
    size_t pos = 0;
    while (pos < answer.size()) {
      size_t tab = answer.find('\t', pos), nl = answer.find('\n', pos);
      if (tab == std::string::npos || nl == std::string::npos) break;
      stored_[std::stoull(answer.substr(pos, tab - pos))] = std::stoull(answer.substr(tab + 1, nl - tab - 1));
      pos = nl + 1;
    }
  }

  std::string& begin_row() {
    data_ += prefix_;
    put_int(data_, static_cast<uint32_t>(batch_));
    return data_;
  }
  void end_row() { ++rows_in_batch_; }
  bool batch_full() const { return rows_in_batch_ >= opts_.batch_rows; }

  // Hands the batch being built to the sender, unless an earlier run stored it already.
  void flush(const TableSpec& t) {
    if (rows_in_batch_ == 0) return;
    auto it = stored_.find(batch_);
    if (it != stored_.end() && it->second == rows_in_batch_) {
      ++batches_kept_;
      data_.clear();
    } else if (it != stored_.end()) {
      throw ClickHouseError(ClickHouseError::Kind::Server,
                            fmt::format("{} batch {} of {} is partly stored ({} of {} rows)", t.name, batch_,
                                        capture_, it->second, rows_in_batch_));
    } else {
      sender_.send(
          fmt::format("INSERT INTO {}.{}{} FORMAT RowBinary", opts_.database, t.name, target_.suffix), data_,
          rows_in_batch_);
    }
    total_rows_ += rows_in_batch_;
    rows_in_batch_ = 0;
    ++batch_;
    progress(t.name, false);
  }

  // Waits until every batch is stored.
  void finish() { sender_.wait(); }

  void progress(const char* table, bool last) {
    if (!tty_ && !last) return;
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    fmt::print(err_, "{}{}: {} {} rows in {} batches ({} already stored), {:.0f} rows/s{}", tty_ ? "\r" : "",
               capture_, last ? "shipped" : table, total_rows_, batch_, batches_kept_,
               s > 0 ? static_cast<double>(sender_.rows_sent()) / s : 0.0, last ? "\n" : "   ");
  }

  uint64_t batches() const { return batch_; }

 private:
  const ShipOptions& opts_;
  ClickHouse& ch_;
  const Target& target_;
  std::FILE* err_;
  std::string host_, hash_, capture_, prefix_, data_;
  bool tty_;
  std::map<uint64_t, uint64_t> stored_;
  uint64_t batch_ = 0, rows_in_batch_ = 0, total_rows_ = 0, batches_kept_ = 0;
  std::chrono::steady_clock::time_point start_;
  PauseHook pause_;
  BatchSender sender_;  // after pause_, which it uses
};

struct Counts {
  std::map<std::string, uint64_t> rows;
};

// Ships one table of the index: batches numbered after those of the tables before it.
void ship_table(Shipper& sh, const TableSpec& t, sqlite3* db, const std::string& capture_path, uint16_t day,
                Counts& counts) {
  sh.load_stored(t);
  Stmt st;
  if (sqlite3_prepare_v2(db, t.sqlite_select, -1, &st.st, nullptr) != SQLITE_OK)
    throw std::runtime_error(fmt::format("index: {}", sqlite3_errmsg(db)));
  bool events = std::string_view(t.name) == "events";
  bool has_day = std::string_view(t.columns[0].name) == "day";
  std::optional<PrintLines> lines;
  if (events) lines.emplace(capture_path);
  int ncol = sqlite3_column_count(st.st);
  std::vector<WireType> wires;
  for (size_t c = has_day ? 1 : 0; c < t.columns.size(); ++c) wires.push_back(wire_type(t.columns[c].type));
  if (wires.size() < static_cast<size_t>(ncol))
    throw std::logic_error(fmt::format("fleet table {}: fewer columns than the index has", t.name));
  std::string line;
  uint64_t last_day = 0;
  uint64_t n = 0;
  int rc;
  while ((rc = sqlite3_step(st.st)) == SQLITE_ROW) {
    if (events) {
      // A batch never spans two days, so each INSERT writes one partition: all or nothing.
      uint64_t d = static_cast<uint64_t>(sqlite3_column_int64(st.st, 1)) / 86400000000000ULL;
      if (n && d != last_day) sh.flush(t);
      last_day = d;
    }
    std::string& out = sh.begin_row();
    if (has_day) put_int(out, day);
    for (int c = 0; c < ncol; ++c) put_sqlite_value(out, wires[static_cast<size_t>(c)], st.st, c);
    if (events) {
      bool is_hidden = true;
      if (!lines->line_of(static_cast<uint64_t>(sqlite3_column_int64(st.st, 0)), line, is_hidden))
        line.clear();
      put_int(out, static_cast<uint8_t>(is_hidden));
      put_string(out, line);
    }
    sh.end_row();
    ++n;
    if (sh.batch_full()) sh.flush(t);
  }
  if (rc != SQLITE_DONE) throw std::runtime_error(fmt::format("index: {}", sqlite3_errmsg(db)));
  sh.flush(t);
  counts.rows[t.name] = n;
}

std::string machine_hostname(const std::string& capture) {
  try {
    scap::Reader r(capture);
    if (r.metadata().machine && !r.metadata().machine->hostname.empty())
      return r.metadata().machine->hostname;
  } catch (const scap::CaptureError&) {
  }
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

int ship_one(const ShipOptions& opts, const std::string& capture, ClickHouse& ch, const ShardMap& map,
             std::FILE* err, const query::ObserverFactory& observers) {
  std::string host = opts.host.empty() ? machine_hostname(capture) : opts.host;
  std::string hash = capture_content_hash(capture);
  std::string name = std::filesystem::path(capture).filename().string();
  std::string done =
      ch.execute(fmt::format("SELECT count() FROM {}.captures_dist WHERE host = {} AND capture_hash = {}",
                             opts.database, sql_quote(host), sql_quote(hash)));
  if (std::stoull(done) > 0) {
    fmt::print(err, "{}: already shipped for host {} (capture {})\n", name, host, hash.substr(0, 16));
    return 0;
  }
  // Beside the capture, or in the cache folder when that is read-only (query::ensure_index).
  std::string index_path = query::ensure_index(capture, opts.index_path, observers, err);
  Db db;
  // One thread reads the index: no SQLite mutexes.
  if (sqlite3_open_v2(index_path.c_str(), &db.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    fmt::print(err, "saker ship: {}: {}\n", index_path, sqlite3_errmsg(db.db));
    return 1;
  }
  uint64_t first_ts = std::stoull("0" + meta_value(db.db, "first_ts"));
  std::string day = day_of(first_ts);
  Target target = route(ch, map, opts, host, err);
  Shipper sh(opts, ch, target, err, host, hash, name);
  Counts counts;
  for (const auto& t : fleet_tables()) {
    if (!*t.sqlite_select) continue;
    ship_table(sh, t, db.db, capture, static_cast<uint16_t>(first_ts / 86400000000000ULL), counts);
  }
  sh.finish();
  uint64_t last_ts = 0;
  {
    Stmt s;
    if (sqlite3_prepare_v2(db.db, "SELECT max(ts) FROM event_rows", -1, &s.st, nullptr) == SQLITE_OK &&
        sqlite3_step(s.st) == SQLITE_ROW)
      last_ts = static_cast<uint64_t>(sqlite3_column_int64(s.st, 0));
  }
  // The captures row goes last: it says every batch is stored.
  std::string row;
  append_tsv(row, host);
  row += '\t' + hash + '\t';
  append_tsv(row, name);
  fmt::format_to(std::back_inserter(row), "\t{}\t{}\t", sh.batches(), day);
  append_tsv(row, std::filesystem::absolute(capture).string());
  fmt::format_to(std::back_inserter(row), "\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                 std::filesystem::file_size(capture), first_ts, last_ts, counts.rows["events"],
                 counts.rows["processes"], counts.rows["files"], counts.rows["connections"],
                 counts.rows["containers"], counts.rows["alerts"], sh.batches(),
                 static_cast<uint64_t>(std::time(nullptr)), SAKER_VERSION);
  ch.insert(fmt::format("INSERT INTO {}.captures_dist FORMAT TabSeparated", opts.database), row,
            {{"insert_distributed_sync", "1"}});
  sh.progress("", true);
  return 0;
}

}  // namespace

std::string capture_content_hash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot open", path));
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0) SHA256_Update(&ctx, buf.data(), static_cast<size_t>(in.gcount()));
  }
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256_Final(md, &ctx);
  std::string hex;
  for (unsigned char b : md) fmt::format_to(std::back_inserter(hex), "{:02x}", b);
  return hex;
}

int run_ship(const ShipOptions& opts, std::FILE* err, const query::ObserverFactory& observers) {
  try {
    ClickHouse ch(opts.url);
    ShardMap map = read_shard_map(ch, opts.database);
    for (const auto& capture : opts.captures) {
      if (int status = ship_one(opts, capture, ch, map, err, observers)) return status;
    }
    return 0;
  } catch (const ClickHouseError& e) {
    fmt::print(err, "\nsaker ship: {}\nsaker ship: run the same command again to resume\n", e.what());
    return 3;
  } catch (const scap::CaptureError& e) {
    fmt::print(err, "saker ship: {}\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(err, "saker ship: {}\n", e.what());
    return 1;
  }
}

}  // namespace saker::fleet
