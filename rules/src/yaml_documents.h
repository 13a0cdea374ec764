#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace saker::rules {

// YAML::LoadAll of yaml-cpp 0.7 (Debian 12) never returns on a stream where a document
// cannot start (a lone ',' at the top level: yaml-cpp issue 1040, fixed upstream by PR 1319
// after 0.8). This reads the stream once with a parser that stops there with a
// YAML::ParserException at that position, then loads the documents. A text that is one
// block sequence from its first line at column 0 to its end (a rule file) cannot have that
// fault and is loaded at once.
std::vector<YAML::Node> load_yaml_documents(const std::string& text);

}  // namespace saker::rules
