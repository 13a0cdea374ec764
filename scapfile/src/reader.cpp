#include "saker/scap/reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "block_stream.h"
#include "converter.h"
#include "cursor.h"
#include "metadata_blocks.h"
#include "saker/scap/block_types.h"
#include "saker/scap/error.h"

namespace saker::scap {

namespace {

constexpr uint32_t kV2Header = 26;
constexpr uint32_t kV1Header = 22;

template <typename T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

}  // namespace

// The file read directly for event_at(): a window of it, read with pread.
struct Reader::Window {
  int fd = -1;
  uint64_t file_size = 0;
  uint64_t at = 0;  // file offset of bytes[0]
  std::vector<uint8_t> bytes;
  explicit Window(const std::string& path) {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw CaptureError(path, 0, fmt::format("cannot open: {}", std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      ::close(fd);
      throw CaptureError(path, 0, fmt::format("cannot stat: {}", std::strerror(errno)));
    }
    file_size = static_cast<uint64_t>(st.st_size);
  }
  ~Window() { ::close(fd); }
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;
  // Makes [offset, offset + len) available, reading at least `read` bytes from offset when
  // it is not already; false when the file ends before.
  bool hold(uint64_t offset, uint64_t len, size_t read, const std::string& path) {
    if (offset >= at && offset - at <= bytes.size() && bytes.size() - (offset - at) >= len) return true;
    if (offset > file_size || file_size - offset < len) return false;
    size_t n = static_cast<size_t>(std::min<uint64_t>(std::max<uint64_t>(read, len), file_size - offset));
    bytes.resize(n);
    size_t got = 0;
    while (got < n) {
      ssize_t r = ::pread(fd, bytes.data() + got, n - got, static_cast<off_t>(offset + got));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) throw CaptureError(path, offset + got, fmt::format("cannot read: {}", std::strerror(errno)));
      if (r == 0) break;
      got += static_cast<size_t>(r);
    }
    bytes.resize(got);
    at = offset;
    return got >= len;
  }
};

Reader::Reader(const std::string& path, ReaderOptions options)
    : opts_(std::move(options)),
      blocks_(std::make_unique<BlockStream>(open_byte_source(path), opts_.read_ahead)),
      converter_(std::make_unique<Converter>()),
      block_counts_(block_kind_count()) {
  blocks_->source().set_warning_handler([this](const std::string& m) { warn_once(m, m); });
  read_section_header();
  read_metadata_phase();
}

Reader::~Reader() = default;

const ReadStats& Reader::stats() const {
  stats_.blocks.clear();
  for (size_t i = 0; i < block_counts_.size(); ++i)
    if (block_counts_[i]) stats_.blocks[std::string(block_kind_at(i).name)] += block_counts_[i];
  return stats_;
}

const std::string& Reader::path() const {
  return blocks_->source().path();
}
bool Reader::random_access() {
  return blocks_->source().random_access();
}
uint64_t Reader::seekable_frames() {
  return blocks_->source().seekable_frames();
}
uint64_t Reader::stream_size() {
  return blocks_->source().stream_size();
}
uint64_t Reader::file_bytes_read() const {
  return blocks_->source().file_bytes_read();
}
Compression Reader::compression() const {
  return blocks_->source().compression();
}

void Reader::warn_once(const std::string& key, const std::string& message) {
  if (warned_.emplace(key, true).second) {
    warnings_.push_back(message);
    if (opts_.on_warning) opts_.on_warning(message);
  }
}

void Reader::read_section_header() {
  BlockRef b;
  uint64_t at = blocks_->offset();
  uint32_t type = 0;
  if (!blocks_->peek_type(type)) throw CaptureError(path(), at, "empty file: no section header block");
  if (type != kSectionHeaderBlock)
    throw CaptureError(
        path(), at,
        fmt::format("not a .scap capture: expected a section header block (0x0a0d0d0a), found 0x{:08x}",
                    type));
  // The byte-order magic tells how the writer stored every integer of the section.
  uint8_t head[12] = {};
  if (blocks_->peek(head, sizeof head) == sizeof head) {
    uint32_t raw_magic = load<uint32_t>(head + 8);
    blocks_->set_swap(raw_magic == detail::byteswap(kByteOrderMagic));
  }
  swap_ = blocks_->swap();
  blocks_->next(b);
  if (b.total_len < 28)
    throw CaptureError(path(), at, fmt::format("section header block too short ({} bytes)", b.total_len));
  uint32_t magic = ld<uint32_t>(b.body);
  if (magic != kByteOrderMagic)
    throw CaptureError(path(), at + 8, fmt::format("invalid byte-order magic 0x{:08x}", magic));
  if (b.trailer != b.total_len)
    throw CaptureError(
        path(), at + b.total_len - 4,
        fmt::format("section header trailer {} does not match its length {}", b.trailer, b.total_len));
  meta_ = Metadata{};
  metadata_fds_ = 0;
  meta_.section.major = ld<uint16_t>(b.body + 4);
  meta_.section.minor = ld<uint16_t>(b.body + 6);
  meta_.section.offset = at;
  if (meta_.section.major > 1)
    throw CaptureError(
        path(), at + 12,
        fmt::format("unsupported format version {}.{}", meta_.section.major, meta_.section.minor));
  ++stats_.sections;
  ++block_counts_[block_kind_index(block_kind(kSectionHeaderBlock))];
  ++meta_.block_counts["SHB"];
}

void Reader::read_metadata_phase() {
  uint32_t type = 0;
  while (blocks_->peek_type(type)) {
    const auto& kind = block_kind(type);
    if (kind.family == BlockFamily::Event || kind.family == BlockFamily::SectionHeader) return;
    BlockRef b;
    blocks_->next(b);
    ++block_counts_[block_kind_index(kind)];
    if (kind.family == BlockFamily::Unknown) {
      warn_once(fmt::format("block:{:x}", type),
                fmt::format("{}: offset {}: skipping unknown block type 0x{:08x} ({} bytes)", path(),
                            b.offset, type, b.total_len));
      continue;
    }
    ++meta_.block_counts[std::string(kind.name)];
    if (b.trailer != b.total_len)
      throw CaptureError(
          path(), b.offset + b.total_len - 4,
          fmt::format("{} block trailer {} does not match its length {}", kind.name, b.trailer, b.total_len));
    detail::Cursor c(b.body, b.body_len, 8, swap_);
    try {
      switch (kind.family) {
        case BlockFamily::MachineInfo: {
          MachineInfo mi;
          detail::read_machine_info(c, mi);
          meta_.machine = std::move(mi);
          break;
        }
        case BlockFamily::InterfaceList:
          detail::read_interface_list(c, kind.version, meta_.interfaces);
          break;
        case BlockFamily::UserList:
          detail::read_user_list(c, kind.version, meta_.users, meta_.groups);
          break;
        case BlockFamily::ProcessList:
          if (!detail::read_process_list(c, kind.version, meta_.threads, opts_.max_metadata_threads))
            warn_once("limit:threads",
                      fmt::format("{}: offset {}: process lists hold more than {} threads; the "
                                  "rest are skipped",
                                  path(), b.offset, opts_.max_metadata_threads));
          break;
        case BlockFamily::FdList: {
          FdTable t;
          const size_t budget = opts_.max_metadata_fds > metadata_fds_
                                    ? static_cast<size_t>(opts_.max_metadata_fds - metadata_fds_)
                                    : 0;
          if (!detail::read_fd_list(c, kind.version, t, budget))
            warn_once("limit:fds",
                      fmt::format("{}: offset {}: fd lists hold more than {} fds; the rest are skipped",
                                  path(), b.offset, opts_.max_metadata_fds));
          metadata_fds_ += t.fds.size();
          meta_.fd_tables.push_back(std::move(t));
          break;
        }
        default:
          break;
      }
    } catch (const detail::FormatError& e) {
      throw CaptureError(path(), b.offset + e.pos,
                         fmt::format("malformed {} block: {}", kind.name, e.what()));
    }
  }
}

bool Reader::next(EventView& ev) {
  BlockRef b;
  for (;;) {
    if (!blocks_->next(b)) return false;
    if (b.type != last_block_type_) {  // a capture's events are nearly all of one block type
      last_block_type_ = b.type;
      last_kind_ = &block_kind(b.type);
      last_kind_index_ = block_kind_index(*last_kind_);
    }
    const auto& kind = *last_kind_;
    if (kind.family == BlockFamily::Event) {
      ++block_counts_[last_kind_index_];
      if (decode_event(kind, b.body, b.body_len, b.offset, ev)) return true;
      continue;
    }
    if (kind.family == BlockFamily::SectionHeader) {
      // A concatenated capture: a new section replaces the metadata and the state.
      blocks_->seek(b.offset);
      read_section_header();
      read_metadata_phase();
      converter_->reset();
      numbering_.new_section();
      ++section_;
      continue;
    }
    ++block_counts_[block_kind_index(kind)];
    warn_once(fmt::format("late:{:x}", b.type),
              fmt::format("{}: offset {}: skipping {} block 0x{:08x} found between events", path(), b.offset,
                          kind.name, b.type));
  }
}

bool Reader::decode_event(const BlockKind& kind, const uint8_t* body, uint32_t body_len, uint64_t offset,
                          EventView& ev) {
  const uint32_t block_type = kind.id;
  const uint32_t prefix = kind.has_flags ? 6 : 2;
  const uint32_t hdr = kind.v2_event ? kV2Header : kV1Header;
  if (body_len < prefix + hdr)
    throw CaptureError(path(), offset,
                       fmt::format("{} block too short for an event: {} body bytes", kind.name, body_len));
  if (!kind.large && body_len + 4 > kMaxNormalEventBlockBody)
    warn_once("oversized",
              fmt::format("{}: offset {}: non-LARGE event block of {} bytes (other readers reject it)",
                          path(), offset, body_len + 12));
  const uint8_t* e = body + prefix;
  const uint32_t avail = body_len - prefix;
  ev.cpu = ld<uint16_t>(body);
  ev.dump_flags = kind.has_flags ? ld<uint32_t>(body + 2) : 0;
  ev.ts = ld<uint64_t>(e);
  ev.tid = ld<uint64_t>(e + 8);
  uint32_t len = ld<uint32_t>(e + 16);
  ev.type = ev.wire_type = ld<uint16_t>(e + 20);
  if (len < hdr || len > avail)
    throw CaptureError(
        path(), offset + 8 + prefix + 16,
        fmt::format("event length {} outside its block (header {}, {} bytes available)", len, hdr, avail));
  if (ev.type >= kEventTypeCount) {
    ++stats_.skipped_events;
    warn_once(fmt::format("type:{}", ev.type),
              fmt::format("{}: offset {}: skipping events of unknown type {}", path(), offset, ev.type));
    return false;
  }
  const EventInfo& info = event_info(ev.type);
  if (info.flags & kUnused) {
    numbering_.skip();
    ++stats_.skipped_events;
    warn_once(fmt::format("type:{}", ev.type),
              fmt::format("{}: offset {}: skipping events of unused type {}", path(), offset, ev.type));
    return false;
  }
  const uint32_t known = static_cast<uint32_t>(std::min<size_t>(info.params.size(), kMaxParams));
  uint64_t nparams = 0;
  uint32_t lw = 2;
  if (kind.v2_event) {
    nparams = ld<uint32_t>(e + 22);
    lw = length_width(info);
    if (hdr + nparams * lw > len)
      throw CaptureError(
          path(), offset + 8 + prefix + 22,
          fmt::format("{} event: {} parameter lengths do not fit in its length {}", info.name, nparams, len));
  } else {
    uint32_t l = len;
    const bool off_by_3 =
        ev.event_type() == EventType::NotificationE || ev.event_type() == EventType::InfrastructureEventE;
    if (off_by_3 && l >= hdr + 3) l -= 3;  // old writers' off-by-3 length
    bool found = false;
    for (int64_t n = known; n >= 0; --n) {
      if (hdr + 2 * n > l) continue;
      uint64_t sum = 0;
      for (int64_t i = 0; i < n; ++i) sum += ld<uint16_t>(e + hdr + 2 * i);
      uint64_t total = hdr + 2 * n + sum;
      if (total == l) {
        nparams = static_cast<uint64_t>(n);
        found = true;
        break;
      }
      if (total < l) break;
    }
    if (!found)
      throw CaptureError(
          path(), offset,
          fmt::format("{} event (v1): parameter count cannot be derived from length {}", info.name, len));
  }
  const uint8_t* lens = e + hdr;
  uint64_t pos = hdr + nparams * lw;
  const uint32_t keep = static_cast<uint32_t>(std::min<uint64_t>(nparams, known));
  for (uint64_t i = 0; i < nparams; ++i) {
    uint32_t plen = lw == 4 ? ld<uint32_t>(lens + 4 * i) : ld<uint16_t>(lens + 2 * i);
    if (pos + plen > len)
      throw CaptureError(
          path(), offset + 8 + prefix + hdr + i * lw,
          fmt::format("{} event: parameter {} ({} bytes) runs past the event end", info.name, i, plen));
    if (i < keep) ev.params[i] = {e + pos, plen};
    pos += plen;
  }
  ev.nparams = ev.wire_nparams = keep;
  ev.info = &info;
  ev.raw = e;
  ev.raw_len = len;
  ev.block_type = block_type;
  ev.offset = offset;
  ev.section = section_;
  ev.converted = false;
  if (swap_) swap_params(ev);
  if (opts_.upgrade_old_events) converter_->apply(ev);
  numbering_.assign(ev);
  if (ev.fate == EventFate::kDropped && !opts_.deliver_dropped) {
    ++stats_.dropped_events;
    return false;
  }
  ++stats_.events;
  return true;
}

namespace {

// Rewrites one parameter value from big-endian to little-endian in place.
void swap_value(uint8_t* p, uint32_t len, const ParamInfo& pi) {
  auto sw = [&](uint32_t at, uint32_t width) {
    if (at + width > len) return;
    std::reverse(p + at, p + at + width);
  };
  // Addresses are in network order in every capture; other fixed-size values follow the writer.
  const uint32_t size = fixed_param_size(pi.type);
  if (size > 1 && pi.type != ParamType::Ipv4Addr && pi.type != ParamType::Ipv6Addr) {
    sw(0, size);
    return;
  }
  switch (pi.type) {
    case ParamType::Sockaddr:  // family, address (network order), port (host order)
      if (len >= 7 && p[0] == 2) sw(5, 2);
      if (len >= 19 && p[0] == 10) sw(17, 2);
      return;
    case ParamType::Socktuple:
      if (len >= 13 && p[0] == 2) sw(5, 2), sw(11, 2);
      if (len >= 37 && p[0] == 10) sw(17, 2), sw(35, 2);
      if (len >= 17 && p[0] == 1) sw(1, 8), sw(9, 8);
      return;
    case ParamType::FdList: {
      if (len < 2) return;
      sw(0, 2);
      uint16_t n;
      std::memcpy(&n, p, 2);
      for (uint32_t i = 0; i < n && 2 + 10 * (i + 1) <= len; ++i) sw(2 + 10 * i, 8), sw(10 + 10 * i, 2);
      return;
    }
    case ParamType::Dyn:
      if (len >= 1 && p[0] < pi.dynamic.size()) swap_value(p + 1, len - 1, pi.dynamic[p[0]]);
      return;
    default:
      return;  // strings, byte buffers, IPv4/IPv6 addresses: byte order does not apply
  }
}

}  // namespace

void Reader::swap_params(EventView& ev) {
  size_t total = 0;
  for (uint32_t i = 0; i < ev.nparams; ++i) total += ev.params[i].len;
  swapped_.resize(total);
  size_t at = 0;
  for (uint32_t i = 0; i < ev.nparams; ++i) {
    uint8_t* dst = swapped_.data() + at;
    if (ev.params[i].len) std::memcpy(dst, ev.params[i].data, ev.params[i].len);
    swap_value(dst, ev.params[i].len, ev.info->params[i]);
    ev.params[i].data = dst;
    at += ev.params[i].len;
  }
  ev.converted = true;  // the raw record keeps the writer's byte order
}

bool Reader::event_at(uint64_t offset, uint64_t num, EventView& ev, size_t read_size) {
  if (compression() != Compression::None) return false;
  if (!window_) window_ = std::make_unique<Window>(path());
  if (!window_->hold(offset, 8, read_size, path()))
    throw CaptureError(path(), offset,
                       fmt::format("no event block here: the file has {} bytes", window_->file_size));
  const uint8_t* p = window_->bytes.data() + (offset - window_->at);
  uint32_t type = ld<uint32_t>(p), total = ld<uint32_t>(p + 4);
  if (total < 12 || !window_->hold(offset, total, read_size, path()))
    throw CaptureError(path(), offset, fmt::format("block length {} runs outside the file", total));
  p = window_->bytes.data() + (offset - window_->at);
  const auto& kind = block_kind(type);
  if (kind.family != BlockFamily::Event)
    throw CaptureError(path(), offset,
                       fmt::format("{} block 0x{:08x} where an event was expected", kind.name, type));
  // decode_event numbers the event with numbering_: next() goes on with its own numbering.
  const EventNumbering numbering = numbering_;
  numbering_.restart_at(num);
  converter_->reset();
  bool decoded = decode_event(kind, p + 8, total - 12, offset, ev);
  numbering_ = numbering;
  if (!decoded)
    throw CaptureError(path(), offset, "the event here is of an unknown or unused type, or one libs drop");
  return true;
}

void Reader::seek_event(uint64_t offset, uint64_t num) {
  blocks_->seek(offset);
  numbering_.restart_at(num);
  converter_->reset();
}

void Reader::seek_event(uint64_t offset, uint64_t num, std::string_view converter_state) {
  blocks_->seek(offset);
  numbering_.restart_at(num);
  converter_->restore(converter_state);
}

std::string Reader::converter_state() const {
  return converter_->save();
}

}  // namespace saker::scap
