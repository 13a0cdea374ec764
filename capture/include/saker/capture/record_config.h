// `saker record --config FILE`: the recorder's settings in YAML (packaging/record.yaml is a
// commented example). Options given on the command line override the file.
#pragma once

#include <stdexcept>
#include <string>

#include "saker/capture/record_command.h"

namespace saker::capture {

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Fills `opts` from the file. Throws ConfigError naming the file, line and column of an
// unknown key or a bad value.
void load_record_config(const std::string& path, RecordOptions& opts);

}  // namespace saker::capture
