#include "saker/scap/block_types.h"

#include <array>

namespace saker::scap {

namespace {
using F = BlockFamily;
constexpr std::array kKinds{
    BlockKind{kSectionHeaderBlock, "SHB", F::SectionHeader, 1, false, false, false},
    BlockKind{0x201, "MI", F::MachineInfo, 1, false, false, false},
    BlockKind{0x8002ABCD, "MI_INT", F::MachineInfo, 1, false, false, false},
    BlockKind{0x202, "PL_V1", F::ProcessList, 1, false, false, false},
    BlockKind{0x8000ABCD, "PL_V1_INT", F::ProcessList, 1, false, false, false},
    BlockKind{0x207, "PL_V2", F::ProcessList, 2, false, false, false},
    BlockKind{0x8013ABCD, "PL_V2_INT", F::ProcessList, 2, false, false, false},
    BlockKind{0x209, "PL_V3", F::ProcessList, 3, false, false, false},
    BlockKind{0x8014ABCD, "PL_V3_INT", F::ProcessList, 3, false, false, false},
    BlockKind{0x210, "PL_V4", F::ProcessList, 4, false, false, false},
    BlockKind{0x211, "PL_V5", F::ProcessList, 5, false, false, false},
    BlockKind{0x212, "PL_V6", F::ProcessList, 6, false, false, false},
    BlockKind{0x213, "PL_V7", F::ProcessList, 7, false, false, false},
    BlockKind{0x214, "PL_V8", F::ProcessList, 8, false, false, false},
    BlockKind{0x215, "PL_V9", F::ProcessList, 9, false, false, false},
    BlockKind{0x203, "FDL", F::FdList, 1, false, false, false},
    BlockKind{0x8001ABCD, "FDL_INT", F::FdList, 1, false, false, false},
    BlockKind{0x218, "FDL_V2", F::FdList, 2, false, false, false},
    BlockKind{0x205, "IL", F::InterfaceList, 1, false, false, false},
    BlockKind{0x8011ABCD, "IL_INT", F::InterfaceList, 1, false, false, false},
    BlockKind{0x219, "IL_V2", F::InterfaceList, 2, false, false, false},
    BlockKind{0x206, "UL", F::UserList, 1, false, false, false},
    BlockKind{0x8012ABCD, "UL_INT", F::UserList, 1, false, false, false},
    BlockKind{0x220, "UL_V2", F::UserList, 2, false, false, false},
    BlockKind{0x204, "EV", F::Event, 1, false, false, false},
    BlockKind{0x8010ABCD, "EV_INT", F::Event, 1, false, false, false},
    BlockKind{0x208, "EVF", F::Event, 1, true, false, false},
    BlockKind{0x216, "EV_V2", F::Event, 2, false, true, false},
    BlockKind{0x217, "EVF_V2", F::Event, 2, true, true, false},
    BlockKind{0x221, "EV_V2_LARGE", F::Event, 2, false, true, true},
    BlockKind{0x222, "EVF_V2_LARGE", F::Event, 2, true, true, true},
};
constexpr BlockKind kUnknown{0, "unknown", F::Unknown, 0, false, false, false};
static_assert(kKinds[27].id == kEventV2Block && kKinds[28].id == kEventFlagsV2Block &&
              kKinds[29].id == kEventV2LargeBlock && kKinds[30].id == kEventFlagsV2LargeBlock);
}  // namespace

const BlockKind& block_kind(uint32_t id) {
  // Event blocks first: this runs once per event.
  switch (id) {
    case kEventV2Block:
      return kKinds[27];
    case kEventFlagsV2Block:
      return kKinds[28];
    case kEventV2LargeBlock:
      return kKinds[29];
    case kEventFlagsV2LargeBlock:
      return kKinds[30];
    default:
      break;
  }
  for (const auto& k : kKinds)
    if (k.id == id) return k;
  return kUnknown;
}

size_t block_kind_index(const BlockKind& kind) {
  return &kind == &kUnknown ? kKinds.size() : static_cast<size_t>(&kind - kKinds.data());
}

size_t block_kind_count() {
  return kKinds.size() + 1;
}

const BlockKind& block_kind_at(size_t index) {
  return index < kKinds.size() ? kKinds[index] : kUnknown;
}

}  // namespace saker::scap
