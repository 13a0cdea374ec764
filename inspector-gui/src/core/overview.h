// Overview tiles: questions a responder asks first (who typed commands, what changed below
// system directories, which connections and listening ports, what was deleted, privilege
// changes, errors, containers), each a Falco filter counted in one pass with the top values
// of a field. Clicking a tile applies its filter.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "capture_store.h"

namespace saker::inspector {

struct TileDef {
  std::string title;
  std::string filter;
  std::string breakdown;  // field whose values are counted ("proc.name")
};

struct Tile {
  TileDef def;
  uint64_t count = 0;
  std::vector<std::pair<std::string, uint64_t>> top;  // most frequent breakdown values, at most 10
};

const std::vector<TileDef>& default_tiles();

struct OverviewResult {
  std::vector<Tile> tiles;
  std::string error;  // a tile that does not compile, or damage in the capture
  bool cancelled = false;
};

OverviewResult run_overview(const CaptureInfo& info, const std::vector<TileDef>& defs,
                            const std::atomic<bool>& cancel);

}  // namespace saker::inspector
