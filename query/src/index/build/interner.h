// Strings to small ids for the index build (the `strings` table).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace saker::query::index_build {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Strings to small ids (1-based; 0 means no value). Most lookups repeat a string that sits
// at the same address as last time (a thread's comm, an fd's name), so a direct-mapped cache
// keyed by address, confirmed by comparing the text, answers them without hashing. The slot
// points at the interned text itself (node-based map: it never moves), so a hit reads one
// string, not the id table and the string object first.
class Interner {
 public:
  uint32_t id(std::string_view s) {
    auto& slot = cache_[((reinterpret_cast<uintptr_t>(s.data()) >> 3) ^ s.size()) & (kCache - 1)];
    if (slot.data == s.data() && slot.size == s.size() && slot.id &&
        (s.empty() || std::memcmp(slot.text, s.data(), s.size()) == 0))
      return slot.id;
    uint32_t found = lookup(s);
    slot.data = s.data();
    slot.text = by_id_[found - 1]->data();
    slot.size = s.size();
    slot.id = found;
    return found;
  }
  size_t size() const { return by_id_.size(); }
  const std::string& text(uint32_t id) const { return *by_id_[id - 1]; }

 private:
  uint32_t lookup(std::string_view s) {
    auto it = ids_.find(s);
    if (it != ids_.end()) return it->second;
    uint32_t id = static_cast<uint32_t>(by_id_.size() + 1);
    auto [pos, ok] = ids_.emplace(std::string(s), id);
    by_id_.push_back(&pos->first);
    return id;
  }
  struct Slot {
    const char* data = nullptr;  // where the looked-up text was
    const char* text = nullptr;  // the interned copy
    size_t size = 0;
    uint32_t id = 0;
  };
  static constexpr size_t kCache = 4096;
  std::array<Slot, kCache> cache_{};
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> ids_;
  std::vector<const std::string*> by_id_;
};

}  // namespace saker::query::index_build
