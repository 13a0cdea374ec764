#pragma once

#include <string>
#include <string_view>

#include "saker/replay/resolve_path.h"

namespace saker::replay {

struct ThreadInfo;
// Sets a thread's executable path without the " (deleted)" that /proc appends to the link
// of a removed file, as libsinsp does.
void set_exepath(ThreadInfo& t, std::string_view exepath);

}  // namespace saker::replay
