// Distinct strings, each kept once and numbered in order of first sight, for sorting a text
// column: rows keep a 4-byte id, and ids are ranked once the pass is done. The text is kept in
// 1 MiB chunks (no copies as it grows); memory is the distinct values' text plus about 20 bytes
// each, and a budget bounds it.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace saker::inspector {

class StringInterner {
 public:
  static constexpr uint32_t kOverBudget = UINT32_MAX;

  explicit StringInterner(size_t budget_bytes) : budget_(budget_bytes) {}

  // The id of `s`, adding it when new; kOverBudget when adding it would pass the budget.
  uint32_t intern(std::string_view s);

  size_t size() const { return ptrs_.size(); }
  std::string_view at(uint32_t id) const { return {ptrs_[id], lens_[id]}; }
  // Bytes held now (text chunks, the per-value tables, hash slots).
  size_t memory() const;
  // rank[id]: the position of string `id` among all, in byte order (distinct strings, distinct ranks).
  std::vector<uint32_t> ranks() const;

 private:
  void rehash(size_t slots);

  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t chunk_bytes_ = 0;  // allocated in chunks_
  size_t chunk_free_ = 0;   // unused bytes at the end of the last chunk
  char* next_ = nullptr;    // where they begin
  std::vector<const char*> ptrs_;
  std::vector<uint32_t> lens_;
  std::vector<uint32_t> slots_;  // open addressing: id + 1, 0 when empty
  size_t budget_;
};

}  // namespace saker::inspector
