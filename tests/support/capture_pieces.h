// A capture cut into time-contiguous pieces, as a rotating recorder writes them: each piece
// with the original's state tables (the merge keeps the first input's, the original's here).
// For the tests of `saker merge` and the inspector's merged open.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "every_event.h"
#include "saker/scap/reader.h"
#include "saker/scap/writer.h"

namespace saker::test {

// `dir/piece-K.scap`, K from 0; the last pieces may be empty.
inline std::vector<std::string> split_capture(const std::string& in, const std::filesystem::path& dir,
                                              size_t pieces, scap::Compression c = scap::Compression::None) {
  uint64_t total = 0;
  scap::EventView ev;
  {
    scap::Reader r(in, every_event());
    while (r.next(ev)) ++total;
  }
  scap::Reader r(in, every_event());
  std::vector<std::string> out;
  uint64_t n = 0;
  for (size_t k = 0; k < pieces; ++k) {
    out.push_back((dir / ("piece-" + std::to_string(k) + ".scap")).string());
    scap::WriterOptions o;
    o.compression = c;
    scap::Writer w(out.back(), o);
    w.begin_section(r.metadata());
    const uint64_t end = k + 1 == pieces ? total : total * (k + 1) / pieces;
    // A piece ends after an exit: a writer would give an exit whose enter is in the previous
    // piece an enter of its own (the compat profile), which the merge would then hold twice.
    bool enter = false;
    while (n < total && (n < end || enter) && r.next(ev)) {
      w.write_event(ev);
      ++n;
      enter = ev.is_enter();
    }
    w.close();
  }
  return out;
}

}  // namespace saker::test
