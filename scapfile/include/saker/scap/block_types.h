// Block type ids of the .scap format (pcapng-style framing).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace saker::scap {

enum class BlockFamily : uint8_t {
  SectionHeader,
  MachineInfo,
  ProcessList,
  FdList,
  InterfaceList,
  UserList,
  Event,
  Unknown,
};

struct BlockKind {
  uint32_t id;
  std::string_view name;
  BlockFamily family;
  uint8_t version;  // layout version within the family (process list 1..9, others 1..2)
  bool has_flags;   // event blocks: a u32 dump-flags word follows the cpu id
  bool v2_event;    // event blocks: 26-byte header with nparams
  bool large;       // event blocks: may exceed 64 KiB
};

inline constexpr uint32_t kSectionHeaderBlock = 0x0A0D0D0A;
inline constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
inline constexpr uint32_t kMachineInfoBlock = 0x201;
inline constexpr uint32_t kProcessListV9Block = 0x215;
inline constexpr uint32_t kFdListV2Block = 0x218;
inline constexpr uint32_t kInterfaceListV2Block = 0x219;
inline constexpr uint32_t kUserListV2Block = 0x220;
inline constexpr uint32_t kEventV2Block = 0x216;
inline constexpr uint32_t kEventFlagsV2Block = 0x217;
inline constexpr uint32_t kEventV2LargeBlock = 0x221;
inline constexpr uint32_t kEventFlagsV2LargeBlock = 0x222;

// Readers keep a 64 KiB buffer for non-LARGE event blocks.
inline constexpr uint32_t kMaxNormalEventBlockBody = 65536;
// Dump flag: apply the event to state but do not show it.
inline constexpr uint32_t kDumpFlagStateOnly = 1;

// The kind of a block id; family Unknown for ids the format does not define.
const BlockKind& block_kind(uint32_t id);
// Dense indexes of the kinds (unknown last), for counting blocks without a map.
size_t block_kind_index(const BlockKind& kind);
size_t block_kind_count();
const BlockKind& block_kind_at(size_t index);

}  // namespace saker::scap
