#include "index/build/postings.h"

#include "index/index_db.h"

namespace saker::query::index_build {

void EventPostings::write(sqlite3* db) const {
  index_db::Stmt s(db, "INSERT INTO postings (kind, key, count, nums) VALUES (?, ?, ?, ?)");
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
  write(index_format::kPostingType, by_type);
  write(index_format::kPostingProc, by_proc);
  write(index_format::kPostingFd, by_fd);
  write(index_format::kPostingContainer, by_container);
}

}  // namespace saker::query::index_build
