#include "filter/string_set.h"

#include <cstring>
#include <unordered_set>

namespace saker::query::filter {

namespace {

uint64_t word(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

}  // namespace

StringSet::StringSet(std::vector<std::string> items) {
  std::unordered_set<std::string> seen;
  for (auto& s : items)
    if (seen.insert(s).second) items_.push_back(std::move(s));
  if (items_.size() <= kLinearMax) return;
  size_t capacity = 16;
  while (capacity < items_.size() * 2) capacity *= 2;  // at most half full: short probes
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  for (size_t i = 0; i < items_.size(); ++i) {
    uint64_t h = hash(items_[i]);
    for (uint64_t at = h & mask_;; at = (at + 1) & mask_) {
      if (slots_[at].item) continue;
      slots_[at] = Slot{static_cast<uint32_t>(i + 1), static_cast<uint32_t>(h >> 32)};
      break;
    }
  }
}

// The length, the first and last 8 bytes and, for long strings, the middle 8: cheap, and
// paths that share a directory still differ in their last word.
uint64_t StringSet::hash(std::string_view s) {
  const size_t n = s.size();
  uint64_t h = (n + 1) * 0x9E3779B97F4A7C15ULL;
  if (n >= 8) {
    h = mix(h ^ word(s.data()));
    if (n > 16) h = mix(h ^ word(s.data() + n / 2 - 4));
    h ^= word(s.data() + n - 8);
  } else if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, s.data(), n);
    h ^= w;
  }
  return mix(h);
}

bool StringSet::find_hashed(std::string_view s) const {
  uint64_t h = hash(s);
  auto tag = static_cast<uint32_t>(h >> 32);
  for (uint64_t at = h & mask_;; at = (at + 1) & mask_) {
    const Slot& slot = slots_[at];
    if (!slot.item) return false;
    if (slot.tag != tag) continue;
    const std::string& item = items_[slot.item - 1];
    if (item.size() == s.size() && std::char_traits<char>::compare(item.data(), s.data(), s.size()) == 0)
      return true;
  }
}

}  // namespace saker::query::filter
