// What the argument text of an event needs from the state (scap::RenderContext: fd
// descriptions and thread names), recorded at index build and replayed by a search that
// reads no state (docs/index.md, `event_rows.render`).
//
// Most events ask for nothing, or for the description of the event's own fd, which the row
// already holds (fd_type, fd_name_id): those store nothing. Every other event stores the
// list of answers, in the order scap::for_each_resolution enumerates the questions:
//   entry := flags (bits 0-1 and 3: the Resolution kind, its bit 2 in bit 3; bit 2: answered)
//            varint(zigzag(value))
//            [varint(length) text, when answered]
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "saker/query/field.h"
#include "saker/scap/param_format.h"

namespace saker::query::index_render {

// The answer a row gives without a stored list: its own fd's description.
bool implicit_answer(const IndexedValues& row, const scap::Resolution& r, std::string& out);

// Build side: the list to store for an event (empty: the row answers every question).
class Recorder {
 public:
  // `row` holds the event's fd values as stored; `state` answers as print would.
  const std::string& record(const scap::EventView& ev, const IndexedValues& row,
                            const scap::RenderContext& state);

 private:
  std::string list_, actual_, implied_;
};

// Search side: answers from a row and its stored list.
class Replayer final : public scap::RenderContext {
 public:
  // Takes the event's row and stored list (copied). False for a malformed list.
  bool load(const IndexedValues* row, std::string_view list);
  bool describe_fd(const scap::EventView& ev, int64_t fd, std::string& out) const override;
  bool thread_name(int64_t tid, std::string& out) const override;
  bool user_name(uint32_t uid, std::string& out) const override;
  bool group_name(uint32_t gid, std::string& out) const override;
  bool resolve_path(const scap::EventView& ev, uint32_t index, std::string& out) const override;
  bool fd_typechar(const scap::EventView& ev, int64_t fd, std::string& out) const override;

 private:
  struct Entry {
    scap::Resolution r;
    bool answered;
    uint32_t at, len;  // in text_
  };
  bool find(scap::Resolution::Kind kind, int64_t value, std::string& out) const;
  const IndexedValues* row_ = nullptr;
  std::string text_;
  std::vector<Entry> entries_;
};

}  // namespace saker::query::index_render
