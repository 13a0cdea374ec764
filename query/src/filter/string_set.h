// The constant strings of an `in`, `intersects` or `pmatch` list, looked up by string_view with
// no allocation. Small sets compare lengths, then bytes; larger ones use a flat open-addressed
// table hashed over the length and a few 8-byte words, with a tag per slot so a miss seldom
// touches the strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace saker::query::filter {

class StringSet {
 public:
  // Up to this many strings are compared one by one.
  static constexpr size_t kLinearMax = 8;

  StringSet() = default;
  explicit StringSet(std::vector<std::string> items);

  bool contains(std::string_view s) const {
    if (slots_.empty()) {
      for (size_t i = 0; i < items_.size(); ++i)
        if (items_[i].size() == s.size() &&
            std::char_traits<char>::compare(items_[i].data(), s.data(), s.size()) == 0)
          return true;
      return false;
    }
    return find_hashed(s);
  }
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  bool hashed() const { return !slots_.empty(); }
  // Distinct items, in their first order.
  const std::vector<std::string>& items() const { return items_; }

 private:
  struct Slot {
    uint32_t item = 0;  // index + 1; 0 for an empty slot
    uint32_t tag = 0;   // the hash's high half
  };
  static uint64_t hash(std::string_view s);
  bool find_hashed(std::string_view s) const;

  std::vector<std::string> items_;
  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
};

}  // namespace saker::query::filter
