// Falco rule files: lists, macros and rules, loaded from YAML with Falco's semantics
// (append and override, exceptions, enabled, several files in order), validated with
// Falco's error and warning codes, and compiled to filters.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "saker/query/filter.h"
#include "saker/query/output_format.h"

namespace saker::rules {

enum class Priority : uint8_t { Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug };

std::string_view priority_name(Priority p);  // "Warning", as Falco prints it
// Accepts Falco's names and aliases in any case ("WARNING", "info", "Informational").
std::optional<Priority> parse_priority(std::string_view text);

struct Position {
  std::string file;
  size_t line = 0, column = 0;  // 1-based; 0 when unknown
};

struct LoadMessage {
  enum class Severity { Error, Warning };
  Severity severity = Severity::Error;
  std::string code;       // LOAD_ERR_YAML_PARSE, LOAD_UNUSED_MACRO, ...
  std::string item_type;  // rule, macro, list, exception, required_plugin_versions, ...
  std::string item_name;
  std::string message;
  Position pos;
};

struct Exception {
  std::string name;
  std::vector<std::string> fields;
  std::vector<std::string> comps;
  std::vector<std::vector<std::vector<std::string>>> values;  // tuples of values; a value may be a list
  bool fields_is_list = true;
};

struct Rule {
  std::string name, desc, condition, output, source = "syscall";
  Priority priority = Priority::Debug;
  std::vector<std::string> tags;
  std::vector<Exception> exceptions;
  bool enabled = true;
  bool warn_evttypes = true;
  bool skip_if_unknown_filter = false;
  bool capture = false;
  uint64_t capture_duration_ms = 0;
  Position pos;
  Position condition_pos, output_pos;
};

struct Macro {
  std::string name, condition;
  Position pos;
  bool used = false;
};

struct List {
  std::string name;
  std::vector<std::string> items;
  Position pos;
  bool used = false;
};

// A rule ready to evaluate.
struct CompiledRule {
  const Rule* rule = nullptr;
  query::Filter filter;
  query::OutputFormat output;
  std::vector<query::FieldRef> output_fields;  // every %field in the output, for JSON alerts
  std::vector<std::string> output_field_names;
};

class RuleSet {
 public:
  // Loads one file (or every .yaml/.yml file of a directory, sorted). Later loads change
  // earlier items, as in Falco. Problems are recorded in messages(), never thrown.
  void load_path(const std::string& path);
  void load_text(const std::string& text, const std::string& name);

  // Compiles the enabled rules of the `syscall` source; records compile errors and unused
  // warnings. Call once after loading everything.
  void compile();

  bool ok() const;  // no errors
  const std::vector<LoadMessage>& messages() const { return messages_; }
  const std::vector<Rule>& rules() const { return rules_; }
  const std::vector<CompiledRule>& compiled() const { return compiled_; }
  const std::vector<std::string>& files() const { return files_; }

 private:
  struct Loader;
  friend struct Loader;
  void error(std::string code, std::string item_type, std::string item_name, std::string message,
             Position pos);
  void warn(std::string code, std::string item_type, std::string item_name, std::string message,
            Position pos);
  query::FilterEnv make_env();

  std::vector<Rule> rules_;
  std::map<std::string, size_t> rule_index_;
  std::map<std::string, Macro> macros_;
  std::map<std::string, List> lists_;
  std::map<std::string, std::unique_ptr<query::ast::Expr>> macro_ast_;
  std::map<std::string, std::vector<std::string>> expanded_lists_;
  std::vector<CompiledRule> compiled_;
  std::vector<LoadMessage> messages_;
  std::vector<std::string> files_;
};

}  // namespace saker::rules
