#include "yaml_documents.h"

#include <algorithm>
#include <sstream>

#include <yaml-cpp/eventhandler.h>

namespace saker::rules {
namespace {

// Remembers where the last document started; the parser is stuck when the next one starts
// at the same place (nothing was consumed).
class DocumentStarts final : public YAML::EventHandler {
 public:
  YAML::Mark last_start = YAML::Mark::null_mark();
  bool stuck = false;

  void OnDocumentStart(const YAML::Mark& mark) override {
    stuck = seen_ && mark.pos == last_start.pos;
    seen_ = true;
    last_start = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
  }
  void OnMapEnd() override {}

 private:
  bool seen_ = false;
};

void check_documents_end(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts starts;
  while (parser.HandleNextDocument(starts)) {
    if (!starts.stuck) continue;
    const auto pos = static_cast<size_t>(std::max(starts.last_start.pos, 0));
    const std::string what = pos < text.size() ? std::string("'") + text[pos] + "'" : "end of input";
    throw YAML::ParserException(starts.last_start, "unexpected " + what + " where a document should start");
  }
}

}  // namespace

std::vector<YAML::Node> load_yaml_documents(const std::string& text) {
  check_documents_end(text);
  return YAML::LoadAll(text);
}

}  // namespace saker::rules
