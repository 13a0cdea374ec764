// The state engine: threads, fds, users, groups, containers and the machine, kept current
// from the capture's metadata and events. Every path (print, replay, index, live capture,
// the inspector) feeds events through one State.
//
//   State state;
//   state.load(reader.metadata());
//   while (reader.next(ev)) { state.apply(ev); ...read state for ev... }
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "saker/replay/container.h"
#include "saker/replay/thread.h"
#include "saker/scap/event.h"
#include "saker/scap/metadata.h"
#include "saker/scap/param_format.h"

namespace saker::replay {

class State {
 public:
  State();
  ~State();

  // Replaces all state with a capture section's metadata. `exact_fd_names`: socket names
  // are taken as stored (a snapshot() round trip) instead of rebuilt from the tuple, so a
  // socket not yet connected keeps its empty name.
  void load(const scap::Metadata& meta, bool exact_fd_names = false);
  // Updates state for an event. Call before reading state for that event: removals the
  // event causes (close, process exit) take effect at the next call, so the event itself
  // still resolves its fd and thread.
  void apply(const scap::EventView& ev);

  const ThreadInfo* thread(uint64_t tid) const;
  // The thread and fd of the event last applied (fd: the one it used or created).
  const ThreadInfo* current_thread() const { return cur_thread_; }
  const FdInfo* current_fd() const { return cur_fd_; }
  int64_t current_fd_num() const { return cur_fd_num_; }
  // The event just applied renamed its fd (a connect, or a datagram naming a UDP socket).
  bool fd_name_changed() const { return name_changed_; }
  // The main thread of a thread's process (the thread itself for a main thread), or nullptr
  // when it is not in the table, as libsinsp's get_main_thread().
  const ThreadInfo* main_thread(const ThreadInfo& t) const;
  // The main thread of the N-th ancestor process (0 = the thread's own process, 1 = its
  // parent), or nullptr: each step goes from a process's main thread to its parent thread's
  // main thread, as libsinsp's get_ancestor_process().
  const ThreadInfo* ancestor(const ThreadInfo& t, int64_t n) const;
  // The main thread of a process's parent process, or null.
  const ThreadInfo* parent_process(const ThreadInfo& process) const;
  // A thread's session leader (libsinsp's proc.sname): the thread numbered by its session id
  // outside a pid namespace, else the oldest of its consecutive ancestors in the session.
  const ThreadInfo* session_leader(const ThreadInfo& t) const;
  // The working directory of a thread: its process's (main thread's), or "./" when the main
  // thread is unknown, as libsinsp shows it.
  std::string_view cwd(const ThreadInfo& t) const;

  const scap::User* user(uint32_t uid) const;
  const scap::Group* group(uint32_t gid) const;
  const Container* container(std::string_view id) const;
  const std::optional<scap::MachineInfo>& machine() const { return machine_; }
  const std::vector<scap::Interface>& interfaces() const { return interfaces_; }

  // The container a container metadata event just described ("" otherwise).
  const std::string& event_container_id() const { return last_container_id_; }

  // The state as capture metadata (process, fd, user, group and interface lists), so a
  // capture written from this point replays the same. Exited threads are left out.
  scap::Metadata snapshot() const;

  // The whole state as bytes and back, exactly: a state restored from save() applies every
  // later event as the saved one would (search checkpoints, docs/search.md). restore()
  // throws std::runtime_error for malformed bytes.
  void save(std::string& out) const;
  void restore(std::string_view bytes);

  // ns since the event applied before this one (0 for the first), as evt.deltatime shows.
  uint64_t event_delta() const { return delta_ts_; }
  // For a switch event: ns since the previous switch on its CPU (0 for the first), as
  // thread.exectime shows; 0 for other events.
  uint64_t event_exectime() const { return exectime_; }
  // Live threads of process `pid` (its leader included), as proc.nthreads counts them.
  size_t live_threads(uint64_t pid) const;

  size_t thread_count() const { return threads_.size(); }
  size_t fd_count() const;

  // Exited threads are kept this long (ns of capture time) so late events still resolve.
  static constexpr uint64_t kPurgeDelay = 2'000'000'000ull;
  // A hostile capture cannot grow the thread table without bound (docs/security.md): past
  // this many threads (libsinsp's default), new ones are not tracked and are counted here.
  static constexpr size_t kMaxThreads = 131072;
  static constexpr uint64_t kReparentBudgetPerEvent = 64;
  static constexpr uint64_t kMaxReparentBudget = 64ull << 20;
  uint64_t dropped_threads() const { return dropped_threads_; }

 private:
  enum class Handler : uint8_t;
  void clear_tables();
  void orient_sockets_from_proc(
      bool exact_fd_names);  // everything load() and restore() replace, and the current event's lookups
  ThreadInfo* find(uint64_t tid);
  ThreadInfo* get_or_create(uint64_t tid, uint64_t ts);  // nullptr when the table is full
  bool make_room();                                      // frees exited threads when full
  void finish_pending();
  void purge_exited(uint64_t now);
  void set_current_fd(ThreadInfo* t, const scap::EventView& ev);

  void on_clone(const scap::EventView& ev);
  void on_execve(const scap::EventView& ev, ThreadInfo& t);
  void on_open(const scap::EventView& ev, ThreadInfo& t);
  void on_socket(const scap::EventView& ev, ThreadInfo& t);
  void on_connect(const scap::EventView& ev, ThreadInfo& t, bool accept);
  void on_bind_listen(const scap::EventView& ev, ThreadInfo& t, bool listen);
  void on_pipe(const scap::EventView& ev, ThreadInfo& t, bool socketpair);
  void on_new_fd(const scap::EventView& ev, ThreadInfo& t, scap::FdType type, std::string name);
  void on_close_range(const scap::EventView& ev, ThreadInfo& t);
  // True when it added the fd the call returned (fcntl's event then describes that fd, as libs).
  bool on_dup(const scap::EventView& ev, ThreadInfo& t);
  void on_close(const scap::EventView& ev, ThreadInfo& t);
  void on_transfer_tuple(const scap::EventView& ev, ThreadInfo& t, bool incoming);
  // Socket helpers of libsinsp's parsers (state_sockets.cpp).
  std::array<uint8_t, 16> infer_local_address(const std::array<uint8_t, 16>& dest, bool v6) const;
  void fill_unknown_end(FdInfo& f) const;
  void guess_role(FdInfo& f, const FdTable& table, bool incoming) const;
  void on_chdir(const scap::EventView& ev, ThreadInfo& t, bool by_fd);
  void on_setid(const scap::EventView& ev, ThreadInfo& t);
  void on_user_event(const scap::EventView& ev);
  void reparent_children(const ThreadInfo& exiting, int64_t reaper_tid);
  void mark_parent(uint64_t ptid);
  ThreadInfo* find_new_reaper(const ThreadInfo& exiting);
  // Resource figures (ThreadUsage, fdlimit) and the event clocks (state_usage.cpp).
  void track_clocks(const scap::EventView& ev);
  void track_usage(const scap::EventView& ev, ThreadInfo& t);

  std::array<Handler, scap::kEventTypeCount> handlers_{};
  std::array<int8_t, scap::kEventTypeCount> fd_param_{};
  std::unordered_map<uint64_t, std::unique_ptr<ThreadInfo>> threads_;
  ThreadInfo* last_ = nullptr;  // lookup cache
  uint64_t last_tid_ = UINT64_MAX;
  // A direct-mapped cache in front of the hash map: interleaved threads mostly hit it.
  struct CacheSlot {
    uint64_t tid = UINT64_MAX;
    ThreadInfo* thread = nullptr;
  };
  static constexpr size_t kThreadCache = 1024;
  std::array<CacheSlot, kThreadCache> cache_{};
  void forget(uint64_t tid) {
    auto& slot = cache_[tid & (kThreadCache - 1)];
    if (slot.tid == tid) slot = CacheSlot{};
    if (last_tid_ == tid) last_ = nullptr, last_tid_ = UINT64_MAX;
  }
  std::unordered_map<uint32_t, scap::User> users_;
  std::unordered_map<uint32_t, scap::Group> groups_;
  ContainerTable containers_;
  std::optional<scap::MachineInfo> machine_;
  std::string last_container_id_;
  std::vector<scap::Interface> interfaces_;

  FdInfo transient_fd_;   // an fd as one event alone saw it (a failed connect)
  FdInfo tuple_scratch_;  // a send/recv tuple as read (on_transfer_tuple)
  std::string old_name_;  // the fd's name before on_transfer_tuple or bind, for fd.name_changed
  // Table walks for orphans are paid from this, which starts full and every event adds to: a
  // hostile capture of exiting parents cannot make them quadratic (state_reaper.cpp).
  uint64_t reparent_budget_ = kMaxReparentBudget;
  bool use_transient_fd_ = false;
  bool name_changed_ = false;
  const ThreadInfo* cur_thread_ = nullptr;
  FdInfo* cur_fd_ = nullptr;
  int64_t cur_fd_num_ = -1;
  // Removals deferred to the next apply().
  std::shared_ptr<FdTable> pending_close_table_;
  int64_t pending_close_fd_ = -1;
  std::vector<uint64_t> exited_;  // tids in exit order
  uint64_t last_purge_ts_ = 0;
  uint64_t dropped_threads_ = 0;
  // Event clocks (state_usage.cpp): saved; delta_ts_ and exectime_ are per event.
  uint64_t prev_ts_ = 0;
  std::vector<uint64_t> last_switch_ts_;  // by CPU
  uint64_t delta_ts_ = 0, exectime_ = 0;
};

// Names for argument text: "<f>/etc/passwd" for fds and the command for thread ids.
class StateRenderContext final : public scap::RenderContext {
 public:
  explicit StateRenderContext(const State& s) : state_(s) {}
  bool describe_fd(const scap::EventView& ev, int64_t fd, std::string& out) const override;
  bool thread_name(int64_t tid, std::string& out) const override;
  bool user_name(uint32_t uid, std::string& out) const override;
  bool group_name(uint32_t gid, std::string& out) const override;
  bool resolve_path(const scap::EventView& ev, uint32_t index, std::string& out) const override;
  bool fd_typechar(const scap::EventView& ev, int64_t fd, std::string& out) const override;

 private:
  const State& state_;
};

// Appends sysdig's fd description: "<f>/etc/passwd", "<4t>1.2.3.4:5->6.7.8.9:10".
void describe_fd(const FdInfo& fd, std::string& out);
// Its type part alone: "<f>", "<4t>".
// An inet socket without a name has libs' role "none": no protocol is shown for it.
void describe_fd_type(scap::FdType type, L4Proto l4, bool unnamed, std::string& out);

}  // namespace saker::replay
