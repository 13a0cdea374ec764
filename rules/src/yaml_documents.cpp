#include "yaml_documents.h"

#include <algorithm>
#include <sstream>
#include <string_view>

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

// True when the text is one block sequence at column 0 from its first entry to its end: every
// line at column 0 is an entry ("- ..." or a lone "-"), a comment or blank, and no line before
// the first entry holds anything else. A token at column 0 starts a line, so each one is an
// entry of that sequence, which therefore ends only with the text (or a parse error): one
// document, and no place where a next one could fail to start. Rule files are written so;
// the check above, a second scan of the text (half the time of loading Falco's rules), is
// left for the others.
bool one_sequence_to_the_end(std::string_view text) {
  if (text.find('\r') != std::string_view::npos) return false;  // line breaks other than '\n'
  bool entered = false;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(at, end - at);
    at = end + 1;
    const size_t first = line.find_first_not_of(' ');
    if (first == std::string_view::npos || line[first] == '#') continue;  // blank or comment
    if (first > 0) {
      if (!entered) return false;  // indented content before the first entry
      continue;
    }
    if (line[0] != '-' || (line.size() > 1 && line[1] != ' ')) return false;
    entered = true;
  }
  return entered;
}

}  // namespace

std::vector<YAML::Node> load_yaml_documents(const std::string& text) {
  if (!one_sequence_to_the_end(text)) check_documents_end(text);
  return YAML::LoadAll(text);
}

}  // namespace saker::rules
