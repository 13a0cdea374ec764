#include "index/build/row_writer.h"

namespace saker::query::index_build {

RowWriter::RowWriter(sqlite3* db)
    : many_(db, sql(kBatch).c_str()),
      one_(db, sql(1).c_str()),
      pack_(db, "INSERT INTO row_packs (first_num, last_num, rows) VALUES (?, ?, ?)") {
  cur_.rows.reserve(kChunk);
  cur_.rows.emplace_back();
  thread_ = std::thread([this] { run(); });
}

RowWriter::~RowWriter() {
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(m_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
}

void RowWriter::defer(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lock(m_);
    jobs_.push_back(std::move(job));
  }
  cv_.notify_all();
}

void RowWriter::finish() {
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

void RowWriter::push() {
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

void RowWriter::run() {
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

std::string RowWriter::sql(size_t rows) {
  std::string s = "INSERT INTO event_rows (";
  for (int c = 0; c < kCols; ++c) {
    if (c) s += ", ";
    s += index_schema::kEventRowNames[c];
  }
  s += ") VALUES ";
  std::string values = "(";
  for (int c = 0; c < kCols; ++c) values += c ? ",?" : "?";
  values += ")";
  for (size_t i = 0; i < rows; ++i) s += (i ? "," : "") + values;
  return s;
}

// Event numbers are consecutive: a NULL num lets SQLite take max(num) + 1, the same value,
// through its append path instead of a uniqueness seek per row.
void RowWriter::bind(index_db::Stmt& st, const Chunk& chunk, size_t first, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const Row& r = chunk.rows[first + i];
    int base = static_cast<int>(i) * kCols;
    uint64_t num = static_cast<uint64_t>(r.v[at(Col::kNum)]);
    if (num == last_num_ + 1)
      st.null(base + 1);
    else
      st.i64(base + 1, r.v[at(Col::kNum)]);
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
void RowWriter::write_pack(const Chunk& chunk) {
  if (chunk.rows.empty()) return;
  uint64_t first = static_cast<uint64_t>(chunk.rows.front().v[at(Col::kNum)]);
  packer_.start(first);
  for (const Row& r : chunk.rows) {
    auto has = [&](Col col) { return !(r.null & (1u << at(col))); };
    auto get = [&](Col col) { return r.v[at(col)]; };
    auto id = [&](Col col) { return static_cast<uint64_t>(r.v[at(col)]); };
    row_pack::Row p;
    p.num = id(Col::kNum);
    p.offset = id(Col::kOffset);
    if (has(Col::kPid)) p.mask |= row_pack::kPid, p.pid = get(Col::kPid);
    if (has(Col::kFd)) p.mask |= row_pack::kFd, p.fd = get(Col::kFd);
    if (has(Col::kFdNameId)) p.mask |= row_pack::kFdName, p.fd_name_id = id(Col::kFdNameId);
    if (has(Col::kProcNameId)) p.mask |= row_pack::kProcName, p.proc_name_id = id(Col::kProcNameId);
    if (has(Col::kUserId)) p.mask |= row_pack::kUser, p.user_id = id(Col::kUserId);
    if (has(Col::kContainerId)) p.mask |= row_pack::kContainer, p.container_id = id(Col::kContainerId);
    if (has(Col::kFdType)) p.mask |= row_pack::kFdType, p.fd_type = id(Col::kFdType);
    if (has(Col::kPnameId)) p.mask |= row_pack::kPname, p.pname_id = id(Col::kPnameId);
    if (has(Col::kRender)) {
      p.mask |= row_pack::kRender;
      p.render = std::string_view(chunk.blobs).substr(static_cast<size_t>(get(Col::kRender)), r.blob_len);
    }
    packer_.add(p);
  }
  pack_.i64(1, static_cast<int64_t>(first));
  pack_.i64(2, chunk.rows.back().v[at(Col::kNum)]);
  pack_.blob(3, packer_.bytes().data(), packer_.bytes().size());
  pack_.step();
}

}  // namespace saker::query::index_build
