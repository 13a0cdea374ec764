// Distinct strings, each kept once and numbered in order of first sight, for sorting a text
// column: rows keep a 4-byte id, and ids are ranked once the pass is done. Memory is the
// text of the distinct values plus about 16 bytes each, and a budget bounds it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace saker::inspector {

class StringInterner {
 public:
  static constexpr uint32_t kOverBudget = UINT32_MAX;

  explicit StringInterner(size_t budget_bytes) : budget_(budget_bytes) {}

  // The id of `s`, adding it when new; kOverBudget when adding it would pass the budget.
  uint32_t intern(std::string_view s);

  size_t size() const { return starts_.size(); }
  std::string_view at(uint32_t id) const {
    size_t begin = starts_[id], end = id + 1 < starts_.size() ? starts_[id + 1] : text_.size();
    return {text_.data() + begin, end - begin};
  }
  // Bytes held now (text, offsets, hash slots).
  size_t memory() const;
  // rank[id]: the position of string `id` among all, in byte order (distinct strings, distinct ranks).
  std::vector<uint32_t> ranks() const;

 private:
  void grow();

  std::vector<char> text_;
  std::vector<uint64_t> starts_;  // where each id's text begins in text_
  std::vector<uint32_t> slots_;   // open addressing: id + 1, 0 when empty
  size_t budget_;
};

}  // namespace saker::inspector
