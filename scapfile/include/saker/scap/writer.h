// Writes .scap captures that Falco's libs and sysdig read.
//
// Profiles (docs/scap-profiles.md):
//  - Compat: what sysdig 0.29 and current libs both read correctly: enter/exit pairs (an
//    enter is synthesized from its exit where the input had none), every event with the
//    current table's parameter count, fd types sysdig 0.29 knows.
//  - Current: the layout of libs >= 0.22 drivers: exit events carrying every parameter;
//    enter events only for the syscalls current drivers still emit them for.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "saker/scap/byte_sink.h"
#include "saker/scap/event.h"
#include "saker/scap/metadata.h"

namespace saker::scap {

enum class WriterProfile { Compat, Current };

struct WriterOptions {
  WriterProfile profile = WriterProfile::Compat;
  Compression compression = Compression::None;
  int level = 0;
  FileCreation creation = FileCreation::Replace;
};

struct WriteStats {
  uint64_t events = 0;
  uint64_t synthesized_enters = 0;
  uint64_t dropped_enters = 0;
  uint64_t large_blocks = 0;
};

class Writer {
 public:
  Writer(const std::string& path, WriterOptions options = {});
  // A writer that writes nothing: it hands each event it would write, as a reader will find it
  // in the file, to `emitted` (StreamNumbering follows the profile with it). Only write_event
  // applies.
  Writer(WriterOptions options, std::function<void(EventView&)> emitted);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Starts a section: section header then machine, interface, user, process and fd lists.
  void begin_section(const Metadata& meta);
  // Appends an event (a view from a Reader, the driver or built with EventBuilder).
  void write_event(const EventView& ev);
  // Writes any block verbatim (a custom metadata block, say). Only valid before events.
  void write_block(uint32_t type, const void* body, size_t len);
  void flush();
  void close();

  const WriteStats& stats() const { return stats_; }
  uint64_t bytes_written() const { return sink_ ? sink_->written() : 0; }
  const std::string& path() const;

 private:
  void emit_event(uint16_t type, uint64_t ts, uint64_t tid, uint16_t cpu, uint32_t dump_flags,
                  const Param* params, uint32_t nparams);
  void synthesize_enter(const EventView& exit);
  void write_compat(const EventView& ev);
  // Writes framed_ (8 bytes reserved for the header, then the body) as one block.
  void emit_framed(uint32_t type);

  WriterOptions opts_;
  std::unique_ptr<ByteSink> sink_;                    // null for a writer that writes nothing
  std::function<void(EventView&)> emitted_;           // that writer's consumer
  std::vector<uint8_t> block_;                        // a metadata block's body
  std::vector<uint8_t> framed_;                       // the block being written, header to trailer
  std::unordered_map<uint64_t, uint16_t> last_type_;  // compat: last event type written per thread
  WriteStats stats_;
};

// Builds events from values, for tests, the driver and synthetic captures.
class EventBuilder {
 public:
  EventBuilder& begin(EventType type, uint64_t ts, uint64_t tid, uint16_t cpu = 0) {
    return begin(type_id(type), ts, tid, cpu);
  }
  EventBuilder& begin(uint16_t type, uint64_t ts, uint64_t tid, uint16_t cpu = 0);  // any id, even unknown
  template <typename T>
  EventBuilder& num(T v) {
    return bytes(&v, sizeof v);
  }
  EventBuilder& str(std::string_view s);  // CHARBUF with its NUL
  EventBuilder& bytes(const void* p, size_t n);
  EventBuilder& empty() { return bytes(nullptr, 0); }
  // The event; valid until the builder changes.
  const EventView& view();

 private:
  EventView ev_;
  std::vector<uint8_t> data_;
  std::vector<std::pair<size_t, uint32_t>> spans_;
};

}  // namespace saker::scap
