#include "string_interner.h"

#include <algorithm>
#include <functional>

namespace saker::inspector {

namespace {
size_t hash_of(std::string_view s) {
  return std::hash<std::string_view>{}(s);
}
}  // namespace

size_t StringInterner::memory() const {
  return text_.capacity() + starts_.capacity() * sizeof(uint64_t) + slots_.capacity() * sizeof(uint32_t);
}

void StringInterner::grow() {
  std::vector<uint32_t> slots(slots_.empty() ? 1024 : slots_.size() * 2, 0);
  size_t mask = slots.size() - 1;
  for (uint32_t id = 0; id < starts_.size(); ++id) {
    size_t i = hash_of(at(id)) & mask;
    while (slots[i]) i = (i + 1) & mask;
    slots[i] = id + 1;
  }
  slots_ = std::move(slots);
}

uint32_t StringInterner::intern(std::string_view s) {
  if (slots_.empty()) grow();
  size_t mask = slots_.size() - 1;
  size_t i = hash_of(s) & mask;
  for (; slots_[i]; i = (i + 1) & mask)
    if (at(slots_[i] - 1) == s) return slots_[i] - 1;
  // New: check what the growth it may cause would cost before making it.
  auto grown = [](size_t cap, size_t need) { return need <= cap ? cap : std::max(need, cap * 2); };
  size_t text = grown(text_.capacity(), text_.size() + s.size());
  size_t starts = grown(starts_.capacity(), starts_.size() + 1) * sizeof(uint64_t);
  bool rehash = (starts_.size() + 1) * 2 > slots_.size();
  size_t slots =
      (rehash ? slots_.size() * 3 : slots_.size()) * sizeof(uint32_t);  // old and new during a rehash
  if (text + starts + slots > budget_ || starts_.size() + 1 >= kOverBudget) return kOverBudget;
  uint32_t id = static_cast<uint32_t>(starts_.size());
  starts_.push_back(text_.size());
  text_.insert(text_.end(), s.begin(), s.end());
  slots_[i] = id + 1;
  if (rehash) grow();
  return id;
}

std::vector<uint32_t> StringInterner::ranks() const {
  std::vector<uint32_t> order(starts_.size());
  for (uint32_t id = 0; id < order.size(); ++id) order[id] = id;
  std::sort(order.begin(), order.end(), [this](uint32_t a, uint32_t b) { return at(a) < at(b); });
  std::vector<uint32_t> rank(order.size());
  for (uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
  return rank;
}

}  // namespace saker::inspector
