#include "saker/scap/writer.h"

#include <cstring>

#include <fmt/format.h>

#include "cursor.h"
#include "metadata_blocks.h"
#include "saker/scap/block_types.h"
#include "saker/scap/error.h"

namespace saker::scap {

namespace {

constexpr uint32_t kV2Header = 26;

// Enter events current drivers still emit (TOCTOU mitigation); the Current profile keeps them.
bool kept_enter(EventType type) {
  switch (type) {
    case EventType::SyscallOpenE:
    case EventType::SocketConnectE:
    case EventType::SyscallCreatE:
    case EventType::SyscallOpenat_2E:
    case EventType::SyscallOpenat2E:
      return true;
    default:
      return false;
  }
}

// Default values for parameters an old reader must not see empty.
constexpr uint8_t kZeros[16] = {};
constexpr uint8_t kNulString[1] = {0};
constexpr uint8_t kNoUid[4] = {0xff, 0xff, 0xff, 0xff};

Param default_param(const ParamInfo& pi) {
  if (pi.type == ParamType::Uid || pi.type == ParamType::Gid) return {kNoUid, 4};
  if (uint32_t size = fixed_param_size(pi.type)) return {kZeros, size};
  if (pi.type == ParamType::Charbuf || pi.type == ParamType::FsPath || pi.type == ParamType::FsRelPath)
    return {kNulString, 1};
  return {};
}

// Compat profile: the id sysdig 0.29 knows the event under (scap-format §7.2, point 10).
uint16_t compat_id(uint16_t type) {
  return type < kEventTypeCount ? type_id(event_info(type).compat_id) : type;
}

bool is_dup_family_enter(EventType t) {
  return t == EventType::SyscallDup2E || t == EventType::SyscallDup3E || t == EventType::SyscallDup_1E;
}
bool is_dup_family_exit(EventType t) {
  return t == EventType::SyscallDup2X || t == EventType::SyscallDup3X || t == EventType::SyscallDup_1X;
}

}  // namespace

Writer::Writer(const std::string& path, WriterOptions options)
    : opts_(options), sink_(create_byte_sink(path, options.compression, options.level, options.creation)) {}

Writer::Writer(WriterOptions options, std::function<void(EventView&)> emitted)
    : opts_(options), emitted_(std::move(emitted)) {}

const std::string& Writer::path() const {
  static const std::string kNoFile = "(no file)";
  return sink_ ? sink_->path() : kNoFile;
}

Writer::~Writer() {
  try {
    close();
  } catch (...) {
  }
}

void Writer::write_block(uint32_t type, const void* body, size_t len) {
  framed_.resize(8);
  if (len)
    framed_.insert(framed_.end(), static_cast<const uint8_t*>(body), static_cast<const uint8_t*>(body) + len);
  emit_framed(type);
}

void Writer::emit_framed(uint32_t type) {
  // One sink write per block: sinks only ever cut, frame or roll back between blocks.
  const size_t len = framed_.size() - 8;
  if (len > 0xFFFFFFE0u) throw CaptureError(path(), bytes_written(), "block too large");
  const uint32_t total = static_cast<uint32_t>((8 + len + 4 + 3) & ~size_t{3});
  std::memcpy(framed_.data(), &type, 4);
  std::memcpy(framed_.data() + 4, &total, 4);
  framed_.resize(total - 4, 0);
  framed_.insert(framed_.end(), reinterpret_cast<const uint8_t*>(&total),
                 reinterpret_cast<const uint8_t*>(&total) + 4);
  sink_->write(framed_.data(), framed_.size());
}

void Writer::begin_section(const Metadata& meta) {
  last_type_.clear();
  block_.clear();
  detail::Appender a(block_);
  a.put<uint32_t>(kByteOrderMagic);
  a.put<uint16_t>(1);
  a.put<uint16_t>(2);
  a.put<int64_t>(-1);
  write_block(kSectionHeaderBlock, block_.data(), block_.size());

  if (meta.machine) {
    block_.clear();
    detail::write_machine_info(block_, *meta.machine);
    write_block(kMachineInfoBlock, block_.data(), block_.size());
  }
  block_.clear();
  detail::write_interface_list(block_, meta.interfaces);
  write_block(kInterfaceListV2Block, block_.data(), block_.size());
  block_.clear();
  detail::write_user_list(block_, meta.users, meta.groups);
  write_block(kUserListV2Block, block_.data(), block_.size());
  block_.clear();
  detail::write_process_list(block_, meta.threads);
  write_block(kProcessListV9Block, block_.data(), block_.size());
  bool compat = opts_.profile == WriterProfile::Compat;
  for (const auto& t : meta.fd_tables) {
    block_.clear();
    detail::write_fd_list(block_, t, compat);
    write_block(kFdListV2Block, block_.data(), block_.size());
  }
}

void Writer::emit_event(uint16_t type, uint64_t ts, uint64_t tid, uint16_t cpu, uint32_t dump_flags,
                        const Param* params, uint32_t nparams) {
  const EventInfo& info = event_info(type);
  const uint32_t lw = length_width(info);
  uint64_t len = kV2Header + uint64_t{lw} * nparams;
  for (uint32_t i = 0; i < nparams; ++i) {
    if (lw == 2 && params[i].len > 0xFFFF)
      throw CaptureError(path(), bytes_written(),
                         fmt::format("{} parameter {} of {} bytes does not fit a 16-bit length", info.name, i,
                                     params[i].len));
    len += params[i].len;
  }
  if (len > 0xFFFFFFF0u) throw CaptureError(path(), bytes_written(), "event too large");
  dump_flags &= kDumpFlagStateOnly;
  const uint32_t prefix = dump_flags ? 6 : 2;
  const bool large = (info.flags & kLargePayload) || prefix + len + 4 > kMaxNormalEventBlockBody;
  uint32_t block_type = large ? (dump_flags ? kEventFlagsV2LargeBlock : kEventV2LargeBlock)
                              : (dump_flags ? kEventFlagsV2Block : kEventV2Block);
  if (large) ++stats_.large_blocks;

  framed_.resize(8);  // the block header, filled by emit_framed
  detail::Appender a(framed_);
  a.put<uint16_t>(cpu);
  if (dump_flags) a.put<uint32_t>(dump_flags);
  a.put<uint64_t>(ts);
  a.put<uint64_t>(tid);
  a.put<uint32_t>(static_cast<uint32_t>(len));
  a.put<uint16_t>(type);
  a.put<uint32_t>(nparams);
  for (uint32_t i = 0; i < nparams; ++i) {
    if (lw == 4)
      a.put<uint32_t>(params[i].len);
    else
      a.put<uint16_t>(static_cast<uint16_t>(params[i].len));
  }
  for (uint32_t i = 0; i < nparams; ++i)
    if (params[i].len) a.bytes(params[i].data, params[i].len);
  ++stats_.events;
  if (!sink_) {
    // The event as a reader decodes it from the block just built.
    EventView ev;
    ev.type = ev.wire_type = type;
    ev.ts = ts;
    ev.tid = tid;
    ev.cpu = cpu;
    ev.dump_flags = dump_flags;
    ev.block_type = block_type;
    ev.info = &info;
    ev.raw = framed_.data() + 8 + prefix;
    ev.raw_len = static_cast<uint32_t>(len);
    ev.nparams = ev.wire_nparams = std::min(nparams, kMaxParams);
    const uint8_t* p = ev.raw + kV2Header + uint64_t{lw} * nparams;
    for (uint32_t i = 0; i < ev.nparams; ++i) {
      ev.params[i] = {p, params[i].len};
      p += params[i].len;
    }
    emitted_(ev);
    return;
  }
  emit_framed(block_type);
}

void Writer::synthesize_enter(const EventView& exit) {
  const uint16_t etype = static_cast<uint16_t>(exit.type - 1);
  const EventInfo& einfo = event_info(etype);
  // Enters without parameters carry nothing (a clone child's exit has none in real captures).
  if ((einfo.flags & kUnused) || einfo.params.empty()) return;
  std::array<Param, kMaxParams> ps{};
  uint32_t n = static_cast<uint32_t>(std::min<size_t>(einfo.params.size(), kMaxParams));
  for (uint32_t i = 0; i < n; ++i) {
    const Param* src = exit.param(einfo.params[i].name);
    ps[i] = (src && !src->empty()) ? *src : default_param(einfo.params[i]);
  }
  emit_event(etype, exit.ts, exit.tid, exit.cpu, exit.dump_flags, ps.data(), n);
  ++stats_.synthesized_enters;
}

void Writer::write_event(const EventView& ev) {
  const EventInfo& info = *ev.info;
  const bool enter = ev.is_enter();
  if (opts_.profile == WriterProfile::Current) {
    if (enter && !kept_enter(ev.event_type()) && (info.flags & kOldVersion)) {
      ++stats_.dropped_enters;
      return;
    }
    emit_event(ev.type, ev.ts, ev.tid, ev.cpu, ev.dump_flags, ev.params.data(), ev.nparams);
    return;
  }

  // Generic events name their syscall by PPM_SC code; sysdig 0.29 indexes a table of the
  // first kSyscallCodeCount2022 codes without a bounds check, so newer codes become 0
  // ("unknown"; the nativeID parameter still tells the syscall).
  if (is_generic_syscall(ev.event_type()) && ev.nparams > 0 && ev.params[0].len == 2) {
    uint16_t code;
    std::memcpy(&code, ev.params[0].data, 2);
    if (code >= kSyscallCodeCount2022) {
      static constexpr uint16_t kUnknownCode = 0;
      EventView mapped = ev;
      mapped.params[0] = Param{reinterpret_cast<const uint8_t*>(&kUnknownCode), 2};
      return write_event(mapped);
    }
  }
  // Compat: older ids where sysdig 0.29 has the event under one, parameters matched by name.
  // The dup family's 2022 enter carries the old fd, which only the current exit has: the
  // pair is written when the exit comes.
  if (is_dup_family_enter(ev.event_type())) return;
  if (is_dup_family_exit(ev.event_type())) {
    constexpr uint16_t kDupEnter = type_id(EventType::SyscallDupE);
    const Param* oldfd = ev.param("oldfd");
    Param fd = oldfd ? *oldfd : default_param(event_info(kDupEnter).params[0]);
    emit_event(kDupEnter, ev.ts, ev.tid, ev.cpu, ev.dump_flags, &fd, 1);
    last_type_[ev.tid] = kDupEnter;
  }
  if (uint16_t old = compat_id(ev.type); old != ev.type) {
    EventView mapped = ev;
    mapped.type = old;
    mapped.info = &event_info(old);
    mapped.nparams = static_cast<uint32_t>(std::min<size_t>(mapped.info->params.size(), kMaxParams));
    for (uint32_t i = 0; i < mapped.nparams; ++i) {
      const auto& pi = mapped.info->params[i];
      const Param* src = ev.param(pi.name);
      if (!src && pi.name == "res") src = ev.param("fd");  // dup-style results
      mapped.params[i] = src ? *src : Param{};
    }
    return write_compat(mapped);
  }
  write_compat(ev);
}

void Writer::write_compat(const EventView& ev) {
  const EventInfo& info = *ev.info;
  const bool enter = ev.is_enter();
  // The current table's parameter count; nothing empty inside the 2022 prefix.
  std::array<Param, kMaxParams> ps{};

  uint32_t n = static_cast<uint32_t>(std::min<size_t>(info.params.size(), kMaxParams));
  // Enter events, old layouts and exits the converter does not manage keep the parameters
  // they were read with: both readers accept a prefix of the table there (an old setsockopt
  // exit without parameters stays without).
  if (enter || (info.flags & kOldVersion) || !(info.flags & kConverterManaged)) n = std::min(n, ev.nparams);
  uint32_t n2022 = info.nparams_2022 == kUnknownTo2022 ? 0 : info.nparams_2022;
  for (uint32_t i = 0; i < n; ++i) {
    if (i < ev.nparams) ps[i] = ev.params[i];
    if (ps[i].empty() && i < n2022) ps[i] = default_param(info.params[i]);
  }

  const bool syscall_pair = (info.category & 0x200) != 0;
  if (!enter && syscall_pair) {
    auto it = last_type_.find(ev.tid);
    if (it == last_type_.end() || it->second != ev.type - 1) synthesize_enter(ev);
  }
  emit_event(ev.type, ev.ts, ev.tid, ev.cpu, ev.dump_flags, ps.data(), n);
  // Only syscalls pair up; scheduler and other events in between do not break a pair.
  if (syscall_pair) last_type_[ev.tid] = ev.type;
}

void Writer::flush() {
  if (sink_) sink_->flush();
}

void Writer::close() {
  if (sink_) sink_->close();
}

EventBuilder& EventBuilder::begin(uint16_t type, uint64_t ts, uint64_t tid, uint16_t cpu) {
  ev_ = EventView{};
  ev_.type = ev_.wire_type = type;
  ev_.ts = ts;
  ev_.tid = tid;
  ev_.cpu = cpu;
  ev_.info = &event_info(type);
  data_.clear();
  spans_.clear();
  return *this;
}

EventBuilder& EventBuilder::str(std::string_view s) {
  size_t at = data_.size();
  data_.insert(data_.end(), s.begin(), s.end());
  data_.push_back(0);
  spans_.emplace_back(at, static_cast<uint32_t>(s.size() + 1));
  return *this;
}

EventBuilder& EventBuilder::bytes(const void* p, size_t n) {
  size_t at = data_.size();
  if (n) data_.insert(data_.end(), static_cast<const uint8_t*>(p), static_cast<const uint8_t*>(p) + n);
  spans_.emplace_back(at, static_cast<uint32_t>(n));
  return *this;
}

const EventView& EventBuilder::view() {
  ev_.nparams = ev_.wire_nparams = static_cast<uint32_t>(std::min<size_t>(spans_.size(), kMaxParams));
  for (uint32_t i = 0; i < ev_.nparams; ++i)
    ev_.params[i] = {data_.data() + spans_[i].first, spans_[i].second};
  return ev_;
}

}  // namespace saker::scap
