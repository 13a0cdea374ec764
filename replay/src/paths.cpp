#include "paths.h"

#include "saker/replay/thread.h"

namespace saker::replay {

void append_resolved_path(std::string& out, std::string_view dir, std::string_view path) {
  const size_t base = out.size();
  // Each component is appended as "/name"; ".." cuts the last one (never past `base`).
  auto add = [&](std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
      size_t j = s.find('/', i);
      if (j == std::string_view::npos) j = s.size();
      const std::string_view comp = s.substr(i, j - i);
      if (comp == "..") {
        if (out.size() > base) out.resize(out.rfind('/'));
      } else if (!comp.empty() && comp != ".") {
        out += '/';
        out += comp;
      }
      i = j + 1;
    }
  };
  if (path.empty() || path[0] != '/') add(dir);
  add(path);
  if (out.size() == base) out += '/';
}

std::string resolve_path(std::string_view dir, std::string_view path) {
  std::string out;
  append_resolved_path(out, dir, path);
  return out;
}

void set_exepath(ThreadInfo& t, std::string_view exepath) {
  constexpr std::string_view kDeleted = " (deleted)";
  if (exepath.size() > kDeleted.size() && exepath.ends_with(kDeleted)) exepath.remove_suffix(kDeleted.size());
  t.exepath.assign(exepath);
}

}  // namespace saker::replay
