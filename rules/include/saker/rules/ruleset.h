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

// The Falco engine version whose rule language and loader Saker implements (Falco's
// FALCO_ENGINE_VERSION; `required_engine_version` is compared with it as Falco does).
inline constexpr unsigned kEngineVersionMajor = 0, kEngineVersionMinor = 63, kEngineVersionPatch = 0;
std::string engine_version();  // "0.63.0"

struct Position {
  std::string file;
  size_t line = 0, column = 0;  // 1-based; 0 when unknown
  size_t offset = 0;            // 0-based byte offset in the file
};

struct LoadMessage {
  enum class Severity { Error, Warning };
  Severity severity = Severity::Error;
  std::string code;       // LOAD_ERR_YAML_PARSE, LOAD_UNUSED_MACRO, ...
  std::string item_type;  // rule, macro, list, exception, required_plugin_versions, ...
  std::string item_name;
  std::string message;
  Position pos;
  std::string origin;  // the file being loaded (or compiled after) when this was reported
};

// An exception's `fields`, `comps` or one of its `values`: a string or a (nested) list.
struct ExceptionEntry {
  bool valid = false;  // the key was present
  bool is_list = false;
  std::string item;
  std::vector<ExceptionEntry> items;
};

struct Exception {
  std::string name;
  ExceptionEntry fields, comps;
  std::vector<ExceptionEntry> values;
  Position pos;
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
  bool unknown_source = false;
  Position pos;
  Position condition_pos, output_pos;
};

// index: when the item was first defined; visibility: when it was last defined or appended
// to. As in Falco, a macro sees the macros, and a list the lists, whose index is lower than its
// visibility (those defined before it).
struct Macro {
  std::string name, condition;
  Position pos;  // the item
  Position condition_pos;
  size_t index = 0, visibility = 0;
  bool used = false;
};

struct List {
  std::string name;
  std::vector<std::string> items;
  Position pos;
  size_t index = 0, visibility = 0;
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

  // Compiles every list, macro and rule of the `syscall` source as Falco's engine does
  // (stopping at the first error); the enabled rules become compiled(). Records compile
  // errors and unused warnings. May be called after each file (as `falco -V A -V B` does).
  void compile();

  // Falco compiles a macro only where a rule uses it, so an unused macro naming an unknown
  // field is only an unused-macro warning. Strict (`rules validate --strict`): an error.
  void set_strict(bool strict) { strict_ = strict; }

  bool ok() const;  // no errors
  const std::vector<LoadMessage>& messages() const { return messages_; }
  const std::vector<Rule>& rules() const { return rules_; }
  const std::vector<CompiledRule>& compiled() const { return compiled_; }
  // How many distinct checks the compiled rules share (the size of an engine's CheckCache).
  size_t shared_checks() const { return shared_checks_; }
  const std::vector<std::string>& files() const { return files_; }

 private:
  struct Loader;
  friend struct Loader;
  void share_checks();
  void error(std::string code, std::string item_type, std::string item_name, std::string message,
             Position pos);
  void warn(std::string code, std::string item_type, std::string item_name, std::string message,
            Position pos);

  std::vector<Rule> rules_;
  std::map<std::string, size_t> rule_index_;
  std::vector<Macro> macros_;  // in definition order
  std::map<std::string, size_t> macro_index_;
  std::vector<List> lists_;  // in definition order
  std::map<std::string, size_t> list_index_;
  size_t next_index_ = 0;  // Falco's collector counter: one per definition or append
  std::map<std::string, std::unique_ptr<query::ast::Expr>> macro_ast_;
  std::string origin_;
  std::vector<CompiledRule> compiled_;
  std::vector<LoadMessage> messages_;
  std::vector<std::string> files_;
  // A file read since the last compile() had an error: as Falco's engine, which compiles only
  // after a file was read without errors, compile() then compiles nothing and warns nothing.
  bool read_failed_ = false;
  bool strict_ = false;
  size_t shared_checks_ = 0;
};

}  // namespace saker::rules
