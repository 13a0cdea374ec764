#include "index/build/container_use.h"

#include <string>
#include <string_view>

#include "index/index_db.h"

namespace saker::query::index_build {

void ContainerUses::write(sqlite3* db, const Interner& strings, const replay::State& state) const {
  index_db::Stmt s(db,
                   "INSERT INTO containers (id, full_id, name, image, type, privileged, events, first_num, "
                   "last_num) VALUES (?,?,?,?,?,?,?,?,?)");
  for (uint32_t id = 1; id < spans_.size(); ++id) {
    const Span& sp = spans_[id];
    if (!sp.events) continue;
    const std::string& cid = strings.text(id);
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

}  // namespace saker::query::index_build
