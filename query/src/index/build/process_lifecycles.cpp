#include "index/build/process_lifecycles.h"

#include <string_view>
#include <utility>

#include "index/index_db.h"

namespace saker::query::index_build {

ProcessLifecycles::ProcessLifecycles() {
  auto table = scap::event_table();
  for (uint16_t t = 0; t < table.size(); ++t) {
    std::string_view n = table[t].name;
    bool exit = !scap::is_enter(t);
    if (exit && (n == "clone" || n == "fork" || n == "vfork" || n == "clone3")) kind_[t] = Kind::CloneExit;
    if (exit && (n == "execve" || n == "execveat")) kind_[t] = Kind::ExecExit;
    if (n == "procexit") kind_[t] = Kind::ProcExit;
  }
}

void ProcessLifecycles::start_section(const scap::Metadata& meta, const replay::State& state, bool first) {
  if (!first) {
    rows_.clear();
    cache_.fill(Slot{});
  }
  for (const auto& t : meta.threads) {
    if (t.tid != t.pid) continue;
    const replay::ThreadInfo* ti = state.thread(t.tid);
    if (!ti) continue;
    Row row = describe(*ti, state);
    row.start_kind = "metadata";
    set_row(ti->pid, push(std::move(row)));
  }
}

void ProcessLifecycles::on_lifecycle_event(const scap::EventView& ev, const replay::ThreadInfo* t,
                                           const replay::State& state) {
  switch (kind_[ev.type]) {
    case Kind::CloneExit:
      if (t && t->tid == t->pid && ev.nparams > 0 && ev.params[0].len == 8 &&
          ev.params[0].as<int64_t>() == 0) {
        Row row = describe(*t, state);
        row.start_kind = "clone";
        row.start_num = ev.num;
        row.start_ts = ev.ts;
        set_row(t->pid, push(std::move(row)));
      }
      break;
    case Kind::ExecExit:
      if (t && ev.nparams > 0 && ev.params[0].len == 8 && ev.params[0].as<int64_t>() == 0) {
        Row row = describe(*t, state);
        row.start_kind = "exec";
        row.start_num = ev.num;
        row.start_ts = ev.ts;
        auto it = rows_.find(t->pid);
        if (it != rows_.end()) {
          Row& old = processes_[it->second - 1];
          old.end_kind = "exec";
          old.end_num = ev.num;
          old.end_ts = ev.ts;
          row.previous = static_cast<int64_t>(it->second);
          row.parent = old.parent;
        }
        set_row(t->pid, push(std::move(row)));
      }
      break;
    case Kind::ProcExit:
      if (t && t->tid == t->pid) {
        auto it = rows_.find(t->pid);
        if (it != rows_.end() && !processes_[it->second - 1].end_kind) {
          Row& old = processes_[it->second - 1];
          old.end_kind = "exit";
          old.end_num = ev.num;
          old.end_ts = ev.ts;
        }
      }
      break;
    case Kind::None:
      break;
  }
}

ProcessLifecycles::Row ProcessLifecycles::describe(const replay::ThreadInfo& t,
                                                   const replay::State& state) const {
  Row r;
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
    auto it = rows_.find(p ? p->pid : t.ptid);
    if (it != rows_.end()) r.parent = static_cast<int64_t>(it->second);
  }
  return r;
}

void ProcessLifecycles::set_row(uint64_t pid, uint64_t row) {
  rows_[pid] = row;
  auto& slot = cache_[pid & (kCache - 1)];
  if (slot.pid == pid) slot.row = row;
}

uint64_t ProcessLifecycles::push(Row row) {
  processes_.push_back(std::move(row));
  return processes_.size();  // row id
}

void ProcessLifecycles::write(sqlite3* db, FullText& text) const {
  index_db::Stmt s(
      db,
      "INSERT INTO processes (id, pid, tid, ppid, parent, previous, name, exe, exepath, cmdline, cwd, "
      "uid, user_name, container_id, start_kind, start_num, start_ts, end_kind, end_num, end_ts) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
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
    if (!p.cmdline.empty()) text.add("cmdline", id, p.cmdline);
    if (!p.exepath.empty()) text.add("exepath", id, p.exepath);
  }
}

}  // namespace saker::query::index_build
