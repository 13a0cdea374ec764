#pragma once

#include <string>
#include <string_view>

namespace saker::replay {

// Joins a relative path to a directory and normalises "." and ".." components and
// repeated slashes, as libsinsp's concatenate_paths. An absolute `path` ignores `dir`.
std::string resolve_path(std::string_view dir, std::string_view path);

}  // namespace saker::replay
