// Upgrades old event versions to the current layout on read, as current libs do:
// old ids become the current id of the same syscall, and exit events that lack
// parameters get them from the enter event of the same thread (matched by name). Where libs'
// converter writes a default value instead of an empty parameter, so does this one: a parameter
// the enter event would give when that enter is missing, and a few new parameters.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "saker/scap/event.h"

namespace saker::scap {

class Converter {
 public:
  Converter();
  // Rewrites ev's type and parameters in place. Parameters may then point into the
  // converter's own storage, valid until the next call.
  void apply(EventView& ev);
  void reset() {
    exit_layout_.fill(0);
    enters_.clear();
    last_enter_ = nullptr;
  }
  // What conversion depends on (the enters kept for their exits, the exit layouts seen), as
  // bytes, so a reader that seeks back to this point converts the next exits as it did.
  std::string save() const;
  // Takes a save()d state; false (and a reset) for bytes save() did not make.
  bool restore(std::string_view bytes);

 private:
  struct StoredEnter {
    uint16_t type = 0;
    uint32_t nparams = 0;
    std::vector<uint8_t> bytes;
    std::array<uint32_t, kMaxParams> off{}, len{};
  };
  // Where each parameter of the target layout comes from: the event's own parameter of the
  // same name if the event has it, else the stored enter's, else nothing.
  static constexpr int8_t kNone = -1;
  struct Mapping {
    bool built = false;
    std::array<int8_t, kMaxParams> from_event{};
    std::array<bool, kMaxParams> dyn_value{};  // the event's parameter is a Dyn: skip its index byte
    std::array<int8_t, kMaxParams> from_enter{};
    // With neither source: a typed default (zero; uid/gid "none") instead of an empty parameter.
    std::array<bool, kMaxParams> default_when_missing{};
  };

  const Mapping& mapping(uint16_t from, uint16_t to);
  void synthesize_container_json(EventView& ev);

  std::array<uint16_t, kEventTypeCount> target_{};
  // Per exit type: whether the capture's exits of that type have been complete (1) or short
  // (2). Enter events are kept only while their exits may need them.
  std::array<uint8_t, kEventTypeCount> exit_layout_{};
  std::unordered_map<uint32_t, Mapping> mappings_;
  std::unordered_map<uint64_t, StoredEnter> enters_;
  static constexpr size_t kMaxStoredEnters = 131072;
  StoredEnter* last_enter_ = nullptr;  // cache: consecutive events usually share a thread
  uint64_t last_tid_ = 0;
  std::string scratch_;
};

}  // namespace saker::scap
