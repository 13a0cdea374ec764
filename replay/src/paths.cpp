#include "paths.h"

#include <vector>

#include "saker/replay/thread.h"

namespace saker::replay {

std::string resolve_path(std::string_view dir, std::string_view path) {
  std::string joined;
  if (!path.empty() && path[0] == '/') {
    joined = path;
  } else {
    joined = dir;
    if (joined.empty() || joined.back() != '/') joined += '/';
    joined += path;
  }
  std::vector<std::string_view> parts;
  size_t i = 0;
  std::string_view s(joined);
  while (i < s.size()) {
    size_t j = s.find('/', i);
    if (j == std::string_view::npos) j = s.size();
    std::string_view comp = s.substr(i, j - i);
    if (comp == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!comp.empty() && comp != ".") {
      parts.push_back(comp);
    }
    i = j + 1;
  }
  std::string out;
  for (auto p : parts) {
    out += '/';
    out += p;
  }
  if (out.empty()) out = "/";
  return out;
}

void set_exepath(ThreadInfo& t, std::string_view exepath) {
  constexpr std::string_view kDeleted = " (deleted)";
  if (exepath.size() > kDeleted.size() && exepath.ends_with(kDeleted)) exepath.remove_suffix(kDeleted.size());
  t.exepath.assign(exepath);
}

}  // namespace saker::replay
