// The test process's own memory, for tests that bound what hostile input can make it allocate.
#pragma once

#include <fstream>
#include <string>

namespace saker::test {

// Resident set size now, in KiB (0 where /proc is unreadable).
inline long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      long kib = 0;
      in >> kib;
      return kib;
    }
    in.ignore(1 << 12, '\n');
  }
  return 0;
}

}  // namespace saker::test
