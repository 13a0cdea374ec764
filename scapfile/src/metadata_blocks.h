// Readers and writers of the metadata block bodies, one file per block family.
// Readers take a cursor over the block body (without framing) and throw FormatError.
#pragma once

#include <cstdint>
#include <vector>

#include "cursor.h"
#include "saker/scap/metadata.h"

namespace saker::scap::detail {

void read_machine_info(Cursor& c, MachineInfo& out);
void write_machine_info(std::vector<uint8_t>& body, const MachineInfo& mi);

void read_interface_list(Cursor& c, uint8_t version, std::vector<Interface>& out);
void write_interface_list(std::vector<uint8_t>& body, const std::vector<Interface>& list);  // IL_V2

void read_user_list(Cursor& c, uint8_t version, std::vector<User>& users, std::vector<Group>& groups);
void write_user_list(std::vector<uint8_t>& body, const std::vector<User>& users,
                     const std::vector<Group>& groups);  // UL_V2

// The list readers stop once `out` holds `limit` entries and return false if any were left.
bool read_process_list(Cursor& c, uint8_t version, std::vector<ThreadEntry>& out, size_t limit);
void write_process_list(std::vector<uint8_t>& body, const std::vector<ThreadEntry>& threads);  // PL_V9

bool read_fd_list(Cursor& c, uint8_t version, FdTable& out, size_t limit);
// FDL_V2. With `compat`, fd types 17..21 (unknown to sysdig 0.29) are written as Unsupported.
void write_fd_list(std::vector<uint8_t>& body, const FdTable& table, bool compat);

}  // namespace saker::scap::detail
