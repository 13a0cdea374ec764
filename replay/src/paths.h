#pragma once

#include <string>
#include <string_view>

namespace saker::replay {

// Joins a relative path to a directory and normalises "." and ".." components and
// repeated slashes. An absolute `path` ignores `dir`.
std::string resolve_path(std::string_view dir, std::string_view path);

struct ThreadInfo;
// Sets a thread's executable path without the " (deleted)" that /proc appends to the link
// of a removed file, as libsinsp does.
void set_exepath(ThreadInfo& t, std::string_view exepath);

}  // namespace saker::replay
