#include "converter.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_map>

namespace saker::scap {

namespace {

constexpr uint16_t kContainerLegacy = type_id(EventType::ContainerE);
constexpr uint16_t kContainerJson = type_id(EventType::ContainerJson_2E);
constexpr uint16_t kProcExit = type_id(EventType::Procexit_1E);

// Ids whose current version has another name: 2022 files used "accept" ids for accept4.
struct Rename {
  EventType from, to;
};
constexpr Rename kRenames[] = {{EventType::SocketAccept4E, EventType::SocketAccept4_6E},
                               {EventType::SocketAccept4X, EventType::SocketAccept4_6X},
                               {EventType::SocketAccept4_5E, EventType::SocketAccept4_6E},
                               {EventType::SocketAccept4_5X, EventType::SocketAccept4_6X},
                               {EventType::ContainerE, EventType::ContainerJson_2E}};

// Exits whose parameters from a missing enter event stay empty in libs' converter
// (CIF_FALLBACK_TO_EMPTY); every other one gets its type's default.
constexpr std::string_view kEmptyWithoutEnter[] = {
    "syscall", "link",   "linkat",    "unlink", "unlinkat", "dup",     "prlimit",
    "brk",     "execve", "setresuid", "setuid", "mkdir",    "rmdir",   "openat",
    "ioctl",   "ptrace", "fchdir",    "setns",  "setgid",   "setpgid", "setresgid"};

// New parameters with no source at all that libs' converter fills with a default
// (C_INSTR_FROM_DEFAULT) rather than leaving empty.
struct NamedParam {
  std::string_view event, param;
};
constexpr NamedParam kDefaultWhenNew[] = {
    {"socket", "flags"},    {"fcntl", "arg"},        {"accept", "queuelen"},
    {"accept", "queuemax"}, {"accept4", "queuelen"}, {"accept4", "queuemax"},
    {"sendmmsg", "res"},    {"recvmmsg", "res"},     {"seccomp", "flags"}};

// Default values: zero of the type's size; "no user/group" for ids.
constexpr uint8_t kZeros[8] = {};
constexpr uint8_t kNoId[4] = {0xff, 0xff, 0xff, 0xff};

Param default_param(ParamType t) {
  if (t == ParamType::Uid || t == ParamType::Gid) return {kNoId, 4};
  size_t n = fixed_param_size(t);
  return n ? Param{kZeros, static_cast<uint32_t>(n)} : Param{};
}

template <class List, class Pred>
bool any_of(const List& list, Pred pred) {
  for (const auto& x : list)
    if (pred(x)) return true;
  return false;
}

}  // namespace

Converter::Converter() {
  // The same for every reader: computed once (opening many small files stays cheap).
  static const std::array<uint16_t, kEventTypeCount> targets = [] {
    std::array<uint16_t, kEventTypeCount> out{};
    // The current version of an event is the newest id with its name and direction.
    auto table = event_table();
    std::unordered_map<std::string_view, uint16_t> newest[2];  // by direction (id parity)
    for (uint16_t u = 0; u < kEventTypeCount; ++u)
      if (!(table[u].flags & kUnused)) newest[u & 1][table[u].name] = u;
    for (uint16_t t = 0; t < kEventTypeCount; ++t) {
      out[t] = t;
      const auto& info = table[t];
      if (!(info.flags & kOldVersion) || (info.flags & kUnused)) continue;
      out[t] = std::max(t, newest[t & 1].at(info.name));
    }
    for (const auto& r : kRenames) out[type_id(r.from)] = type_id(r.to);
    return out;
  }();
  target_ = targets;
}

const Converter::Mapping& Converter::mapping(uint16_t from, uint16_t to) {
  auto& m = mappings_[(uint32_t(from) << 16) | to];
  if (m.built) return m;
  m.built = true;
  const auto& src = event_info(from);
  const auto& dst = event_info(to);
  const auto& enter = event_info(static_cast<uint16_t>(to - 1));
  for (size_t i = 0; i < dst.params.size() && i < kMaxParams; ++i) {
    auto name = dst.params[i].name;
    m.from_event[i] = m.from_enter[i] = kNone;
    for (size_t j = 0; j < src.params.size(); ++j)
      if (src.params[j].name == name) m.from_event[i] = static_cast<int8_t>(j);
    if (m.from_event[i] == kNone && name == "fd") {
      // Old bpf exits carried the fd as a Dyn "res_or_fd".
      for (size_t j = 0; j < src.params.size(); ++j)
        if (src.params[j].name == "res_or_fd") {
          m.from_event[i] = static_cast<int8_t>(j);
          m.dyn_value[i] = true;
        }
    }
    if (!is_enter(to)) {
      // 2022 dup enters called the old fd "fd"; the current exit calls it "oldfd".
      std::string_view enter_name = (name == "oldfd" && enter.name == "dup") ? std::string_view("fd") : name;
      for (size_t j = 0; j < enter.params.size(); ++j)
        if (enter.params[j].name == enter_name) m.from_enter[i] = static_cast<int8_t>(j);
    }
    if (m.from_enter[i] != kNone)
      m.default_when_missing[i] =
          !any_of(kEmptyWithoutEnter, [&](std::string_view e) { return e == dst.name; });
    else if (m.from_event[i] == kNone || from == to)  // same id: a short event lacks it
      m.default_when_missing[i] = any_of(
          kDefaultWhenNew, [&](const NamedParam& d) { return d.event == dst.name && d.param == name; });
  }
  return m;
}

void Converter::synthesize_container_json(EventView& ev) {
  // Legacy container event: id, type, name, image -> {"container": {...}} JSON.
  auto field = [&](uint32_t i) { return i < ev.nparams ? ev.params[i].str() : std::string_view{}; };
  auto quoted = [&](std::string_view s) {
    scratch_ += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') scratch_ += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) scratch_ += c;
    }
    scratch_ += '"';
  };
  scratch_.clear();
  scratch_ += "{\"container\":{\"id\":";
  quoted(field(0));
  scratch_ += ",\"type\":";
  scratch_ += std::to_string(ev.nparams > 1 ? ev.params[1].as<uint32_t>() : 0);
  scratch_ += ",\"name\":";
  quoted(field(2));
  scratch_ += ",\"image\":";
  quoted(field(3));
  scratch_ += "}}";
  scratch_ += '\0';
  ev.params[0] = {reinterpret_cast<const uint8_t*>(scratch_.data()), static_cast<uint32_t>(scratch_.size())};
  ev.nparams = 1;
}

void Converter::apply(EventView& ev) {
  const uint16_t from = ev.type;
  const uint16_t to = target_[from];
  const auto& dst = event_info(to);
  const bool enter = is_enter(from);

  if (from == kContainerLegacy) {
    synthesize_container_json(ev);
    ev.type = to;
    ev.info = &dst;
    ev.converted = true;
    return;
  }

  // Enter events keep their stored layout unless their id is upgraded. A short exit of a current
  // type the converter does not manage passes as it is, as libs' test_event_convertibility
  // lets it (old setsockopt exits without parameters).
  const bool complete =
      to == from && (enter || ev.nparams >= dst.params.size() || !(dst.flags & kConverterManaged));
  if (!enter && exit_layout_[from] != 2) exit_layout_[from] = complete ? 1 : 2;
  StoredEnter* stored = nullptr;
  if (!enter && !complete) {
    if (last_enter_ && last_tid_ == ev.tid) {
      stored = last_enter_;
    } else if (auto it = enters_.find(ev.tid); it != enters_.end()) {
      stored = &it->second;
    }
    if (stored && stored->type != to - 1) stored = nullptr;
  }
  if (!complete) {
    const auto& m = mapping(from, to);
    std::array<Param, kMaxParams> out{};
    uint32_t n = static_cast<uint32_t>(std::min<size_t>(dst.params.size(), kMaxParams));
    for (uint32_t i = 0; i < n; ++i) {
      int8_t e = m.from_event[i];
      if (e != kNone && static_cast<uint32_t>(e) < ev.nparams && !ev.params[e].empty()) {
        const Param& p = ev.params[e];
        out[i] = m.dyn_value[i] ? (p.len > 1 ? Param{p.data + 1, p.len - 1} : Param{}) : p;
        continue;
      }
      int8_t s = m.from_enter[i];
      if (s != kNone && stored && static_cast<uint32_t>(s) < stored->nparams)
        out[i] = {stored->bytes.data() + stored->off[s], stored->len[s]};
      else if (m.default_when_missing[i] && (e == kNone || static_cast<uint32_t>(e) >= ev.nparams))
        out[i] = default_param(dst.params[i].type);
    }
    // Parameters the old event had stay in place when the layout is unchanged.
    if (to == from)
      for (uint32_t i = 0; i < ev.nparams && i < n; ++i)
        if (!ev.params[i].empty()) out[i] = ev.params[i];
    ev.params = out;
    ev.nparams = n;
    ev.type = to;
    ev.info = &dst;
    ev.converted = true;
  }

  if (enter && to == kProcExit) {
    enters_.erase(ev.tid);
    last_enter_ = nullptr;
    return;
  }
  // Only enters that have an exit of their own: a scheduler switch or procinfo between a
  // syscall's enter and exit must not take the syscall's place.
  if (enter && exit_layout_[static_cast<uint16_t>(to + 1)] != 1 &&
      event_info(static_cast<uint16_t>(to + 1)).name == dst.name) {
    if (last_tid_ != ev.tid || !last_enter_) {
      // Bounded memory against captures with millions of threads: forget the stored enters.
      if (enters_.size() >= kMaxStoredEnters && !enters_.count(ev.tid)) enters_.clear();
      last_enter_ = &enters_[ev.tid];
      last_tid_ = ev.tid;
    }
    auto& s = *last_enter_;
    s.type = ev.type;
    s.nparams = ev.nparams;
    if (!ev.converted) {
      // Parameters point into the raw record: one copy keeps them all.
      s.bytes.assign(ev.raw, ev.raw + ev.raw_len);
      for (uint32_t i = 0; i < ev.nparams; ++i) {
        s.off[i] = static_cast<uint32_t>(ev.params[i].data - ev.raw);
        s.len[i] = ev.params[i].len;
      }
    } else {
      s.bytes.clear();
      for (uint32_t i = 0; i < ev.nparams; ++i) {
        s.off[i] = static_cast<uint32_t>(s.bytes.size());
        s.len[i] = ev.params[i].len;
        s.bytes.insert(s.bytes.end(), ev.params[i].data, ev.params[i].data + ev.params[i].len);
      }
    }
  }
}

namespace {

template <typename T>
void put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <typename T>
bool get(std::string_view& in, T& v) {
  if (in.size() < sizeof v) return false;
  std::memcpy(&v, in.data(), sizeof v);
  in.remove_prefix(sizeof v);
  return true;
}

}  // namespace

std::string Converter::save() const {
  std::string out;
  out.append(reinterpret_cast<const char*>(exit_layout_.data()), exit_layout_.size());
  put(out, static_cast<uint64_t>(enters_.size()));
  for (const auto& [tid, e] : enters_) {
    put(out, tid);
    put(out, e.type);
    put(out, e.nparams);
    put(out, static_cast<uint32_t>(e.bytes.size()));
    out.append(reinterpret_cast<const char*>(e.bytes.data()), e.bytes.size());
    for (uint32_t i = 0; i < e.nparams && i < kMaxParams; ++i) put(out, e.off[i]), put(out, e.len[i]);
  }
  return out;
}

bool Converter::restore(std::string_view in) {
  reset();
  auto fail = [this] {
    reset();
    return false;
  };
  if (in.size() < exit_layout_.size()) return fail();
  std::memcpy(exit_layout_.data(), in.data(), exit_layout_.size());
  in.remove_prefix(exit_layout_.size());
  uint64_t count = 0;
  if (!get(in, count) || count > kMaxStoredEnters) return fail();
  for (uint64_t k = 0; k < count; ++k) {
    uint64_t tid = 0;
    StoredEnter e;
    uint32_t size = 0;
    if (!get(in, tid) || !get(in, e.type) || !get(in, e.nparams) || !get(in, size) ||
        e.nparams > kMaxParams || size > in.size())
      return fail();
    e.bytes.assign(in.begin(), in.begin() + size);
    in.remove_prefix(size);
    for (uint32_t i = 0; i < e.nparams; ++i) {
      if (!get(in, e.off[i]) || !get(in, e.len[i]) || e.off[i] > size || e.len[i] > size - e.off[i])
        return fail();
    }
    enters_[tid] = std::move(e);
  }
  return in.empty() ? true : fail();
}

}  // namespace saker::scap
