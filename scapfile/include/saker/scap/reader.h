// Streaming reader of .scap captures (plain, gzip or zstd) with bounded memory.
//
//   saker::scap::Reader reader(path);
//   saker::scap::EventView ev;
//   while (reader.next(ev)) { ... }
//
// next() throws CaptureError at damaged or truncated input, after delivering every
// complete event before the damage. The EventView points into the reader's buffers and
// stays valid until the next call.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "saker/scap/block_types.h"
#include "saker/scap/byte_source.h"
#include "saker/scap/event.h"
#include "saker/scap/event_numbering.h"
#include "saker/scap/metadata.h"

namespace saker::scap {

struct ReaderOptions {
  // Upgrade old event versions to the current layout and merge enter parameters into
  // old short exit events, as current libs do on read.
  bool upgrade_old_events = true;
  // Also deliver the events libs' converter drops (EventFate::kDropped: old enter events whose
  // parameters complete their exit), for callers that need every stored event (convert, slice,
  // info). Their parameters still complete the exits either way.
  bool deliver_dropped = false;
  // Called once per distinct warning (unknown block type, unknown event type, ...).
  std::function<void(const std::string&)> on_warning;
  // Metadata kept per section, so a hostile capture cannot make the reader's memory grow
  // without bound; entries past these are skipped with a warning (docs/security.md).
  size_t max_metadata_threads = size_t{1} << 19;
  size_t max_metadata_fds = size_t{1} << 21;
  // Read and decompress the file on a second thread, ahead of next(): for passes over the
  // whole capture. Seeking restarts the read-ahead, so jumpers leave it off.
  bool read_ahead = false;
};

// Options for a pass over the whole capture: reading ahead on a second thread.
inline ReaderOptions whole_capture_pass() {
  ReaderOptions o;
  o.read_ahead = true;
  return o;
}

struct ReadStats {
  std::map<std::string, uint64_t> blocks;  // by block name, every section (filled by Reader::stats())
  uint64_t events = 0;                     // events delivered
  uint64_t dropped_events = 0;             // events libs' converter drops, not delivered
  uint64_t skipped_events = 0;             // unknown or unused event types
  uint32_t sections = 0;
};

class BlockStream;
class Converter;

class Reader {
 public:
  explicit Reader(const std::string& path, ReaderOptions options = {});
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  const std::string& path() const;
  Compression compression() const;
  // Metadata of the current section (the first one until next() crosses into another).
  const Metadata& metadata() const { return meta_; }
  const ReadStats& stats() const;
  const std::vector<std::string>& warnings() const { return warnings_; }

  bool next(EventView& ev);

  // Random access: continue reading at an event block offset (EventView::offset), giving
  // the next event the number `num`. State-dependent conversions restart from there.
  void seek_event(uint64_t offset, uint64_t num);
  // As seek_event, with the conversion state converter_state() gave at that event, so old
  // short exits get the enter parameters they got the first time.
  void seek_event(uint64_t offset, uint64_t num, std::string_view converter_state);
  std::string converter_state() const;
  // Direct access to the event block at `offset` (EventView::offset) of a plain capture, read
  // with pread into a window of at least `read_size` bytes that later calls reuse: nothing
  // between two events is decoded. The event gets the number `num`; next() goes on numbering
  // where it was, but state-dependent conversions restart (as after seek_event).
  // False when the capture is compressed. Throws CaptureError when no whole event block of a
  // known type lies at `offset`. (Reads, not a memory map: on these virtual machines a page
  // fault costs more than copying the page.)
  bool event_at(uint64_t offset, uint64_t num, EventView& ev, size_t read_size = 8192);
  // True when seek_event() costs at most one compressed frame: plain files and zstd captures
  // with a seek table (what Saker writes). Reads the table on the first call.
  bool random_access();
  // Frames in the seek table of a seekable zstd capture, else 0.
  uint64_t seekable_frames();
  // The uncompressed stream's size when known up front (plain, seekable zstd), else 0.
  uint64_t stream_size();
  // Bytes read from the file so far (compressed bytes for a compressed capture).
  uint64_t file_bytes_read() const;

 private:
  void read_section_header();
  void read_metadata_phase();
  bool decode_event(const BlockKind& kind, const uint8_t* body, uint32_t body_len, uint64_t offset,
                    EventView& ev);
  void warn_once(const std::string& key, const std::string& message);
  void swap_params(EventView& ev);
  template <typename T>
  T ld(const uint8_t* p) const {
    T v;
    std::memcpy(&v, p, sizeof v);
    if (swap_) {
      T out;
      for (size_t i = 0; i < sizeof v; ++i)
        reinterpret_cast<uint8_t*>(&out)[i] = reinterpret_cast<const uint8_t*>(&v)[sizeof v - 1 - i];
      return out;
    }
    return v;
  }

  struct Window;

  ReaderOptions opts_;
  std::unique_ptr<BlockStream> blocks_;
  std::unique_ptr<Window> window_;  // for event_at()
  std::unique_ptr<Converter> converter_;
  Metadata meta_;
  mutable ReadStats stats_;
  std::vector<uint64_t> block_counts_;  // by block_kind_index
  uint32_t last_block_type_ = 0;        // next()'s kind of the block type it met last
  const BlockKind* last_kind_ = &block_kind(0);
  size_t last_kind_index_ = block_kind_index(block_kind(0));
  std::vector<std::string> warnings_;
  std::map<std::string, bool> warned_;
  EventNumbering numbering_;
  uint32_t section_ = 0;
  uint64_t metadata_fds_ = 0;     // fd entries loaded in this section
  bool swap_ = false;             // the current section was written big-endian
  std::vector<uint8_t> swapped_;  // parameters of a big-endian event, made little-endian
};

}  // namespace saker::scap
