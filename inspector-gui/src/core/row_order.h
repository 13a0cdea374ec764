// Orders a view's rows by one key per row, the last step of sorting the event list by a
// column. Pure and allocation-light: keys and row numbers are packed into one 64-bit word
// per row (the key's offset from the smallest key above, the event number below), so the
// packed words are unique, an in-place radix sort needs no buffer, and ties come out in
// capture order (a stable sort) in both directions.
#pragma once

#include <cstdint>
#include <vector>

#include "capture_scan.h"

namespace saker::inspector {

// `rows` in capture order (ascending event numbers); keys[i] and present[i] belong to rows[i]
// (present false: the row has no value, sorted before every value ascending, after them
// descending). Returns the same rows reordered; `keys` is used as working space.
std::vector<RowNum> order_rows(std::vector<RowNum> rows, std::vector<uint64_t>&& keys,
                               const std::vector<bool>& present, bool descending);

// Puts rows back in capture order (ascending event numbers; rows are distinct): in linear time
// through a bitmap over their range when it is no larger than the rows, else std::sort.
void restore_capture_order(std::vector<RowNum>& rows);

// Sorts 64-bit words in place (most significant digit first, 8 bits a digit), looking only at
// the low `bits` bits (the others must be 0). Exposed for tests.
void radix_sort_words(uint64_t* words, size_t n, int bits);

}  // namespace saker::inspector
