#include "string_interner.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace saker::inspector {

namespace {
// Text chunks: 1 MiB, smaller for small budgets.
size_t chunk_size(size_t budget) {
  return std::clamp<size_t>(budget / 64, 4096, size_t{1} << 20);
}
constexpr size_t kFirstSlots = 1024;

size_t hash_of(std::string_view s) {
  return std::hash<std::string_view>{}(s);
}

// A vector's capacity after adding one element.
size_t grown(size_t size, size_t cap) {
  return size < cap ? cap : std::max<size_t>(1, cap * 2);
}
}  // namespace

size_t StringInterner::memory() const {
  return chunk_bytes_ + ptrs_.capacity() * sizeof(const char*) + lens_.capacity() * sizeof(uint32_t) +
         slots_.capacity() * sizeof(uint32_t);
}

void StringInterner::rehash(size_t count) {
  std::vector<uint32_t> slots(count, 0);
  size_t mask = count - 1;
  for (uint32_t id = 0; id < ptrs_.size(); ++id) {
    size_t i = hash_of(at(id)) & mask;
    while (slots[i]) i = (i + 1) & mask;
    slots[i] = id + 1;
  }
  slots_ = std::move(slots);
}

uint32_t StringInterner::intern(std::string_view s) {
  if (slots_.empty()) rehash(kFirstSlots);
  size_t mask = slots_.size() - 1;
  size_t i = hash_of(s) & mask;
  for (; slots_[i]; i = (i + 1) & mask)
    if (at(slots_[i] - 1) == s) return slots_[i] - 1;
  // New: what it would hold afterwards, the old and new tables of a growth counted together.
  const size_t n = ptrs_.size();
  const bool new_chunk = s.size() > chunk_free_;
  const size_t chunk = new_chunk ? std::max(chunk_size(budget_), s.size()) : 0;
  const bool more_slots = (n + 1) * 2 > slots_.size();
  size_t after = chunk_bytes_ + chunk;
  after += grown(n, ptrs_.capacity()) * sizeof(const char*) +
           (n == ptrs_.capacity() ? n * sizeof(const char*) : 0);
  after += grown(n, lens_.capacity()) * sizeof(uint32_t) + (n == lens_.capacity() ? n * sizeof(uint32_t) : 0);
  after += slots_.size() * sizeof(uint32_t) * (more_slots ? 3 : 1);
  if (after > budget_ || n + 1 >= kOverBudget || s.size() > UINT32_MAX) return kOverBudget;
  if (new_chunk) {
    chunks_.push_back(std::make_unique<char[]>(chunk));
    chunk_bytes_ += chunk;
    next_ = chunks_.back().get();
    chunk_free_ = chunk;
  }
  if (!s.empty()) std::memcpy(next_, s.data(), s.size());
  ptrs_.push_back(next_);
  lens_.push_back(static_cast<uint32_t>(s.size()));
  next_ += s.size();
  chunk_free_ -= s.size();
  slots_[i] = static_cast<uint32_t>(n) + 1;
  if (more_slots) rehash(slots_.size() * 2);
  return static_cast<uint32_t>(n);
}

std::vector<uint32_t> StringInterner::ranks() const {
  std::vector<uint32_t> order(ptrs_.size());
  for (uint32_t id = 0; id < order.size(); ++id) order[id] = id;
  std::sort(order.begin(), order.end(), [this](uint32_t a, uint32_t b) { return at(a) < at(b); });
  std::vector<uint32_t> rank(order.size());
  for (uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
  return rank;
}

}  // namespace saker::inspector
