// The syscalls the driver can capture: names, whether Saker encodes them as their own scap
// event (otherwise they become the generic "syscall" event), and the event each produces.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace saker::driver {

// Every syscall name of this architecture.
std::vector<std::string_view> all_syscalls();
bool is_syscall(std::string_view name);
// True when the driver produces a dedicated scap event for it (open, execve, connect, ...).
bool has_dedicated_event(std::string_view name);
// The scap event name a syscall is recorded as ("pread64" -> "pread"; generic -> "syscall").
std::string_view event_name_for(std::string_view syscall);
// The syscalls recorded as scap event `event_name` ("pread" -> {"pread64"}).
std::vector<std::string_view> syscalls_for_event(std::string_view event_name);

// What the state engine needs to stay correct: process lifecycle, fd creation and closing,
// cwd and credential changes.
std::vector<std::string_view> state_syscalls();

}  // namespace saker::driver
