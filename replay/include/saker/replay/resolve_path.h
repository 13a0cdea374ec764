#pragma once

#include <string>
#include <string_view>

namespace saker::replay {

// Joins a relative path to a directory and normalises "." and ".." components and
// repeated slashes, as libsinsp's concatenate_paths. An absolute `path` ignores `dir`.
std::string resolve_path(std::string_view dir, std::string_view path);
// The same, appended to `out` (which keeps its buffer: no allocation once it is large
// enough). Neither view may point into `out`.
void append_resolved_path(std::string& out, std::string_view dir, std::string_view path);

}  // namespace saker::replay
