// Reads rule files as Falco's rule loader does (falcosecurity/falco, userspace/engine:
// rule_loader_reader.cpp and rule_loader_collector.cpp): every YAML document of a file, item by
// item, into lists, macros and rules, with append and override, exceptions checked when they
// are defined, and required versions. As in Falco, reading a file stops at its first error.
// Compilation is in ruleset_compile.cpp.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "ruleset_support.h"
#include "saker/rules/ruleset.h"
#include "yaml_documents.h"

namespace saker::rules {

std::string engine_version() {
  return fmt::format("{}.{}.{}", kEngineVersionMajor, kEngineVersionMinor, kEngineVersionPatch);
}

namespace {

// Falco's name checks, without std::regex (compiling and running those cost 15 M instructions,
// 3 ms, on every load of Falco's rules). List names: ([^()"'[:space:]=,]+).
bool valid_list_name(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (c == '(' || c == ')' || c == '"' || c == '\'' || c == '=' || c == ',' || std::isspace(c))
      return false;
  return true;
}

// Macro names: ([a-zA-Z]+[a-zA-Z0-9_]*).
bool valid_macro_name(std::string_view s) {
  auto letter = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (s.empty() || !letter(static_cast<unsigned char>(s[0]))) return false;
  for (unsigned char c : s.substr(1))
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '_') return false;
  return true;
}

// Plugins whose fields Saker provides itself.
bool builtin_plugin(const std::string& name) {
  return name == "container";
}

// "x.y.z" (Falco's semver check: three dot-separated numbers).
std::optional<std::array<unsigned long, 3>> parse_semver(const std::string& s) {
  std::array<unsigned long, 3> v{};
  size_t at = 0;
  for (size_t i = 0; i < 3; ++i) {
    size_t end = at;
    while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
    if (end == at) return std::nullopt;
    v[i] = std::stoul(s.substr(at, end - at));
    if (i < 2) {
      if (end >= s.size() || s[end] != '.') return std::nullopt;
      at = end + 1;
    } else if (end != s.size()) {
      return std::nullopt;
    }
  }
  return v;
}

const std::set<std::string> kListKeys = {"list", "items", "append", "override"};
const std::set<std::string> kMacroKeys = {"macro", "condition", "append", "override"};
const std::set<std::string> kRuleKeys = {"rule",
                                         "condition",
                                         "output",
                                         "desc",
                                         "priority",
                                         "source",
                                         "enabled",
                                         "capture",
                                         "capture_duration",
                                         "warn_evttypes",
                                         "skip-if-unknown-filter",
                                         "tags",
                                         "exceptions",
                                         "override",
                                         "append"};
const std::set<std::string> kRuleAppendable = {"condition", "output", "desc", "tags", "exceptions"};
const std::set<std::string> kRuleReplaceable = {"condition",
                                                "output",
                                                "desc",
                                                "priority",
                                                "capture",
                                                "capture_duration",
                                                "tags",
                                                "exceptions",
                                                "enabled",
                                                "warn_evttypes",
                                                "skip-if-unknown-filter"};
const char* const kWarnAppend =
    "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' "
    "instead.";

}  // namespace

struct RuleSet::Loader {
  RuleSet& rs;
  std::string file;

  // The first error of a file: it ends the file's reading.
  struct Fail {
    std::string code, item_type, item_name, message;
    Position pos;
  };
  // The item being read, for the errors about it.
  std::string item_type = "rules content item", item_name;

  Position pos_of(const YAML::Node& n) const {
    auto m = n.Mark();
    if (m.line < 0) return {file, 0, 0, 0};
    return {file, static_cast<size_t>(m.line) + 1, static_cast<size_t>(m.column) + 1,
            static_cast<size_t>(m.pos)};
  }
  [[noreturn]] void fail(const std::string& message, const YAML::Node& at,
                         const char* code = "LOAD_ERR_YAML_VALIDATE") const {
    throw Fail{code, item_type, item_name, message, pos_of(at)};
  }
  void check(bool ok, const std::string& message, const YAML::Node& at) const {
    if (!ok) fail(message, at);
  }
  void warn(const char* code, const std::string& message, const YAML::Node& at) {
    rs.warn(code, item_type, item_name, message, pos_of(at));
  }

  // Falco's decode_val: the key must be present, a non-empty scalar, and decode to T.
  template <typename T>
  bool decode(const YAML::Node& item, const char* key, T& out, bool optional = false,
              bool can_be_empty = false) {
    const YAML::Node v = item[key];
    if (!v.IsDefined() && optional) return false;
    check(v.IsDefined(), fmt::format("Item has no mapping for key '{}'", key), item);
    if (v.IsNull() && can_be_empty) return false;
    check(!v.IsNull(), fmt::format("Mapping for key '{}' is empty", key), item);
    check(v.IsScalar(), "Value is not a scalar value", v);
    if (v.Scalar().empty() && can_be_empty) return false;
    check(!v.Scalar().empty(), "Value must be non-empty", v);
    check(YAML::convert<T>::decode(v, out), "Can't decode YAML scalar value", v);
    return true;
  }

  std::vector<std::string> decode_seq(const YAML::Node& item, const char* key, bool optional) {
    std::vector<std::string> out;
    const YAML::Node v = item[key];
    if (!v.IsDefined() && optional) return out;
    check(v.IsDefined(), fmt::format("Item has no mapping for key '{}'", key), item);
    check(v.IsSequence(), "Value is not a sequence", v);
    for (const auto& e : v) {
      check(e.IsScalar(), "sequence value is not scalar", e);
      out.push_back(e.Scalar());
    }
    return out;
  }

  void warn_unknown_keys(const YAML::Node& item, const std::set<std::string>& keys) {
    for (const auto& kv : item) {
      std::string key = kv.first.IsScalar() ? kv.first.Scalar() : YAML::Dump(kv.first);
      if (!keys.count(key))
        warn("LOAD_UNKNOWN_KEY", fmt::format("Unknown key '{}'. The key will be ignored.", key), kv.first);
    }
  }

  // The `override:` map: which keys are appended and which replaced.
  void decode_overrides(const YAML::Node& item, const std::set<std::string>& appendable,
                        const std::set<std::string>& replaceable, std::set<std::string>& append,
                        std::set<std::string>& replace) {
    const YAML::Node ov = item["override"];
    if (!ov.IsDefined()) return;
    check(ov.IsMap(), "Value of 'override' must be a mapping", ov);
    for (const auto& kv : ov) {
      check(kv.first.IsScalar() && kv.second.IsScalar(), "Override entries must be 'key: append|replace'",
            kv.first);
      std::string key = kv.first.Scalar(), op = kv.second.Scalar();
      if (op == "append") {
        check(appendable.count(key) != 0,
              fmt::format("Key '{}' cannot be appended to, use 'replace' instead", key), kv.first);
        append.insert(key);
      } else if (op == "replace") {
        check(replaceable.count(key) != 0, fmt::format("Key '{}' cannot be replaced", key), kv.first);
        replace.insert(key);
      } else {
        std::string allowed =
            std::string(appendable.count(key) ? "append " : "") + (replaceable.count(key) ? "replace " : "");
        fail(fmt::format("Invalid override operation for key '{}': '{}'. Allowed values are: {}", key, op,
                         allowed),
             kv.second);
      }
    }
  }

  ExceptionEntry decode_entry(const YAML::Node& v) {
    ExceptionEntry e;
    e.valid = true;
    if (v.IsScalar()) {
      check(!v.Scalar().empty(), "Value must be non-empty", v);
      e.item = v.Scalar();
    } else if (v.IsSequence()) {
      e.is_list = true;
      for (const auto& x : v) e.items.push_back(decode_entry(x));
    } else {
      e.valid = !v.IsMap();
      check(!v.IsMap(), "Value must be a string or a list", v);
    }
    return e;
  }

  std::vector<Exception> read_exceptions(const YAML::Node& item, bool append) {
    std::vector<Exception> out;
    const YAML::Node exs = item["exceptions"];
    if (!exs.IsDefined() || exs.IsNull()) return out;
    check(exs.IsSequence(), "Rule exceptions must be a sequence", exs);
    for (const auto& ex : exs) {
      check(ex.IsMap(), "Rule exception must be a mapping", ex);
      Exception x;
      decode(ex, "name", x.name);
      x.pos = pos_of(ex);
      for (const auto& prev : out)
        if (prev.name == x.name)
          warn("LOAD_EXCEPTION_NAME_NOT_UNIQUE",
               fmt::format("Multiple definitions of exception '{}' in the same rule", x.name), ex);
      if (ex["fields"].IsDefined())
        x.fields = decode_entry(ex["fields"]);
      else
        check(append, "Item has no mapping for key 'fields'", ex);
      if (ex["comps"].IsDefined()) x.comps = decode_entry(ex["comps"]);
      if (const YAML::Node vals = ex["values"]; vals.IsDefined()) {
        check(vals.IsSequence(), "Rule exception values must be a sequence", vals);
        for (const auto& v : vals) x.values.push_back(decode_entry(v));
      } else if (append) {
        warn("LOAD_APPEND_NO_VALUES", "Overriding/appending exception with no values", ex);
      }
      out.push_back(std::move(x));
    }
    return out;
  }

  // Falco's collector checks: LOAD_ERR_VALIDATE.
  void validate(bool ok, const std::string& message, const Position& at) const {
    if (!ok) throw Fail{"LOAD_ERR_VALIDATE", item_type, item_name, message, at};
  }

  void validate_exception(Exception& ex, const YAML::Node& item) {
    std::string why;
    if (!check_exception(ex, why)) validate(false, why, ex.pos);
    (void)item;
  }

  void read_list(const YAML::Node& item) {
    item_type = "list";
    item_name.clear();
    decode(item, "list", item_name);
    if (!valid_list_name(item_name))
      warn("LOAD_INVALID_LIST_NAME",
           "List has an invalid name. List names should match a regular expression: "
           "([^()\"'[:space:]=,]+)",
           item);
    List l;
    l.name = item_name;
    l.pos = pos_of(item);
    l.items = decode_seq(item, "items", false);
    bool append = false;
    decode(item, "append", append, true);
    if (append) warn("LOAD_DEPRECATED_ITEM", kWarnAppend, item);
    std::set<std::string> ov_append, ov_replace;
    decode_overrides(item, {"items"}, {"items"}, ov_append, ov_replace);
    check(!(append && (!ov_append.empty() || !ov_replace.empty())),
          "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. "
          "'condition: append') under 'override' instead.",
          item);
    append = append || ov_append.count("items");
    auto it = rs.list_index_.find(l.name);
    if (append) {
      validate(it != rs.list_index_.end(),
               "List uses 'append' or 'override.items: append' but no list by that name already exists",
               l.pos);
      List& prev = rs.lists_[it->second];
      prev.items.insert(prev.items.end(), l.items.begin(), l.items.end());
      prev.visibility = rs.next_index_++;
    } else if (it != rs.list_index_.end()) {
      l.index = rs.lists_[it->second].index;
      l.visibility = rs.next_index_++;
      rs.lists_[it->second] = std::move(l);
    } else {
      l.index = l.visibility = rs.next_index_++;
      rs.list_index_[l.name] = rs.lists_.size();
      rs.lists_.push_back(std::move(l));
    }
    warn_unknown_keys(item, kListKeys);
  }

  void read_macro(const YAML::Node& item) {
    item_type = "macro";
    item_name.clear();
    decode(item, "macro", item_name);
    if (!valid_macro_name(item_name))
      warn("LOAD_INVALID_MACRO_NAME",
           "Macro has an invalid name. Macro names should match a regular expression: "
           "([a-zA-Z]+[a-zA-Z0-9_]*)",
           item);
    Macro m;
    m.name = item_name;
    m.pos = pos_of(item);
    decode(item, "condition", m.condition);
    m.condition_pos = pos_of(item["condition"]);
    bool append = false;
    decode(item, "append", append, true);
    if (append) warn("LOAD_DEPRECATED_ITEM", kWarnAppend, item);
    std::set<std::string> ov_append, ov_replace;
    decode_overrides(item, {"condition"}, {"condition"}, ov_append, ov_replace);
    check(!(append && (!ov_append.empty() || !ov_replace.empty())),
          "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. "
          "'condition: append') under 'override' instead.",
          item);
    append = append || ov_append.count("condition");
    auto it = rs.macro_index_.find(m.name);
    if (append) {
      validate(it != rs.macro_index_.end(),
               "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists",
               m.pos);
      Macro& prev = rs.macros_[it->second];
      prev.condition += " " + m.condition;
      prev.visibility = rs.next_index_++;
    } else if (it != rs.macro_index_.end()) {
      m.index = rs.macros_[it->second].index;
      m.visibility = rs.next_index_++;
      rs.macros_[it->second] = std::move(m);
    } else {
      m.index = m.visibility = rs.next_index_++;
      rs.macro_index_[m.name] = rs.macros_.size();
      rs.macros_.push_back(std::move(m));
    }
    warn_unknown_keys(item, kMacroKeys);
  }

  Rule* previous_rule(const std::string& source, const Position& at) {
    auto it = rs.rule_index_.find(item_name);
    if (it == rs.rule_index_.end()) return nullptr;
    Rule& prev = rs.rules_[it->second];
    validate(prev.source.empty() || source.empty() || prev.source == source,
             "Rule has been re-defined with a different source", at);
    return &prev;
  }

  Priority decode_priority(const YAML::Node& item) {
    std::string text;
    decode(item, "priority", text);
    auto p = parse_priority(text);
    check(p.has_value(), "Invalid priority", item["priority"]);
    return *p;
  }

  // Appends or replaces the keys an update names (Falco's rule_update_info).
  void update_rule(const YAML::Node& item, const std::set<std::string>& keys, bool append,
                   const std::string& source) {
    Position at = pos_of(item);
    Rule* prev = previous_rule(source, at);
    validate(prev != nullptr,
             append ? "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists"
                    : "An 'override.<key>: replace' to a rule was requested but no rule by that name already "
                      "exists",
             at);
    validate(!keys.empty(),
             append ? "Appended rule must have exceptions or condition property"
                    : "The rule must have at least one field that can be replaced",
             at);
    auto join = [&](std::string& to, const char* key) {
      std::string v;
      decode(item, key, v);
      if (!append)
        to = v;
      else if (!v.empty())
        to += " " + v;
    };
    if (keys.count("condition")) join(prev->condition, "condition");
    if (keys.count("output")) join(prev->output, "output");
    if (keys.count("desc")) join(prev->desc, "desc");
    if (keys.count("tags")) {
      auto tags = decode_seq(item, "tags", true);
      if (!append) prev->tags.clear();
      for (auto& t : tags)
        if (std::find(prev->tags.begin(), prev->tags.end(), t) == prev->tags.end()) prev->tags.push_back(t);
    }
    if (keys.count("exceptions")) {
      auto exs = read_exceptions(item, append);
      if (!append) {
        for (auto& ex : exs) validate_exception(ex, item);
        prev->exceptions = std::move(exs);
      } else {
        for (auto& ex : exs) {
          auto same = std::find_if(prev->exceptions.begin(), prev->exceptions.end(),
                                   [&](const Exception& e) { return e.name == ex.name; });
          if (same == prev->exceptions.end()) {
            validate(ex.fields.valid, "Rule exception must have fields property with a list of fields",
                     ex.pos);
            validate(!ex.values.empty(), "Rule exception must have values property with a list of values",
                     ex.pos);
            validate_exception(ex, item);
            prev->exceptions.push_back(std::move(ex));
          } else {
            validate(!ex.fields.valid, "Can not append exception fields to existing exception, only values",
                     ex.pos);
            validate(!ex.comps.valid, "Can not append exception comps to existing exception, only values",
                     ex.pos);
            same->values.insert(same->values.end(), ex.values.begin(), ex.values.end());
          }
        }
      }
    }
    if (keys.count("priority")) prev->priority = decode_priority(item);
    if (keys.count("capture")) decode(item, "capture", prev->capture);
    if (keys.count("capture_duration")) decode(item, "capture_duration", prev->capture_duration_ms);
    if (keys.count("enabled")) decode(item, "enabled", prev->enabled);
    if (keys.count("warn_evttypes")) decode(item, "warn_evttypes", prev->warn_evttypes);
    if (keys.count("skip-if-unknown-filter"))
      decode(item, "skip-if-unknown-filter", prev->skip_if_unknown_filter);
    if (keys.count("condition")) prev->condition_pos = pos_of(item["condition"]);
  }

  void read_rule(const YAML::Node& item) {
    item_type = "rule";
    item_name.clear();
    decode(item, "rule", item_name);
    std::string source;
    decode(item, "source", source, true, true);
    bool append_flag = false;
    decode(item, "append", append_flag, true);
    if (append_flag) warn("LOAD_DEPRECATED_ITEM", kWarnAppend, item);
    std::set<std::string> ov_append, ov_replace;
    decode_overrides(item, kRuleAppendable, kRuleReplaceable, ov_append, ov_replace);
    bool overrides = !ov_append.empty() || !ov_replace.empty();
    check(!(append_flag && overrides),
          "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. "
          "'condition: append') under 'override' instead.",
          item);
    if (overrides) {
      // Every appendable or replaceable key present must be named under `override`.
      std::set<std::string> expected;
      for (const auto* keys : {&kRuleAppendable, &kRuleReplaceable})
        for (const auto& k : *keys)
          if (item[k].IsDefined()) expected.insert(k);
      auto take = [&](const std::set<std::string>& requested, const char* how) {
        std::set<std::string> keys;
        for (const auto& k : requested) {
          check(expected.count(k) != 0,
                fmt::format("An {} override for '{}' was specified but '{}' is not defined", how, k, k),
                item);
          expected.erase(k);
          keys.insert(k);
        }
        return keys;
      };
      auto append_keys = take(ov_append, "append");
      auto replace_keys = take(ov_replace, "replace");
      if (!append_keys.empty()) update_rule(item, append_keys, true, source);
      if (!replace_keys.empty()) update_rule(item, replace_keys, false, source);
      for (const auto& k : expected)
        fail(fmt::format("Unexpected key '{}': no corresponding entry under 'override' is defined.", k),
             item[k]);
    } else if (append_flag) {
      std::set<std::string> keys;
      if (item["condition"].IsDefined()) keys.insert("condition");
      if (item["exceptions"].IsDefined()) keys.insert("exceptions");
      update_rule(item, keys, true, source);
    } else if (!item["condition"].IsDefined() && !item["output"].IsDefined() && !item["desc"].IsDefined() &&
               !item["priority"].IsDefined()) {
      // `- rule: X` with only `enabled:` turns an earlier rule on or off (deprecated in Falco).
      bool enabled = true;
      decode(item, "enabled", enabled);
      warn("LOAD_DEPRECATED_ITEM",
           "The standalone 'enabled' key usage is deprecated. The correct approach requires also a "
           "'replace' entry under the 'override' key (i.e. 'enabled: replace').",
           item);
      auto it = rs.rule_index_.find(item_name);
      validate(it != rs.rule_index_.end(), "Rule has 'enabled' key but no rule by that name already exists",
               pos_of(item));
      rs.rules_[it->second].enabled = enabled;
    } else {
      Rule r;
      r.name = item_name;
      r.pos = pos_of(item);
      decode(item, "condition", r.condition);
      r.condition_pos = pos_of(item["condition"]);
      decode(item, "output", r.output);
      r.output_pos = pos_of(item["output"]);
      decode(item, "desc", r.desc);
      r.priority = decode_priority(item);
      while (!r.output.empty() && std::isspace(static_cast<unsigned char>(r.output.back())))
        r.output.pop_back();
      while (!r.output.empty() && std::isspace(static_cast<unsigned char>(r.output.front())))
        r.output.erase(r.output.begin());
      r.source = "syscall";
      decode(item, "source", r.source, true);
      decode(item, "enabled", r.enabled, true);
      decode(item, "capture", r.capture, true);
      decode(item, "capture_duration", r.capture_duration_ms, true);
      decode(item, "warn_evttypes", r.warn_evttypes, true);
      decode(item, "skip-if-unknown-filter", r.skip_if_unknown_filter, true);
      for (auto& t : decode_seq(item, "tags", true))
        if (std::find(r.tags.begin(), r.tags.end(), t) == r.tags.end()) r.tags.push_back(t);
      std::sort(r.tags.begin(), r.tags.end());  // Falco keeps tags in a std::set
      r.exceptions = read_exceptions(item, false);
      previous_rule(r.source, r.pos);
      if (r.source != "syscall") {
        r.unknown_source = true;
        warn("LOAD_UNKNOWN_SOURCE", fmt::format("Unknown source {}, skipping", r.source), item);
      }
      for (auto& ex : r.exceptions) {
        validate(ex.fields.valid, "Rule exception item must have fields property with a list of fields",
                 ex.pos);
        if (!r.unknown_source) validate_exception(ex, item);
      }
      auto it = rs.rule_index_.find(r.name);
      if (it != rs.rule_index_.end()) {
        rs.rules_[it->second] = std::move(r);  // a later definition replaces the earlier one in place
      } else {
        rs.rule_index_[r.name] = rs.rules_.size();
        rs.rules_.push_back(std::move(r));
      }
      ++rs.next_index_;
    }
    warn_unknown_keys(item, kRuleKeys);
  }

  void read_engine_version(const YAML::Node& item) {
    item_type = "required_engine_version";
    item_name.clear();
    const YAML::Node v = item["required_engine_version"];
    std::array<unsigned long, 3> want{};
    unsigned int n = 0;
    if (v.IsScalar() && YAML::convert<unsigned int>::decode(v, n)) {
      want = {0, n, 0};  // an old-style number N means 0.N.0
    } else {
      std::string text;
      decode(item, "required_engine_version", text);
      auto parsed = parse_semver(text);
      check(parsed.has_value(),
            fmt::format("Unable to parse engine version '{}' as a semver string. Expected \"x.y.z\" semver "
                        "format.",
                        text),
            v);
      want = *parsed;
    }
    std::array<unsigned long, 3> have{kEngineVersionMajor, kEngineVersionMinor, kEngineVersionPatch};
    bool compatible = have[0] == want[0] && (have[1] > want[1] || (have[1] == want[1] && have[2] >= want[2]));
    validate(compatible,
             fmt::format("Rules require engine version {}.{}.{}, but engine version is {}", want[0], want[1],
                         want[2], engine_version()),
             pos_of(item));
    warn_unknown_keys(item, {"required_engine_version"});
  }

  void read_plugin_versions(const YAML::Node& item) {
    item_type = "required plugin versions";
    item_name.clear();
    const YAML::Node req = item["required_plugin_versions"];
    check(req.IsSequence(), "Value of required_plugin_versions must be a sequence", req);
    for (const auto& p : req) {
      check(p.IsMap(), "Plugin version must be a mapping", p);
      std::string name, version;
      decode(p, "name", name);
      item_type = "required plugin versions entry";
      item_name = name;
      decode(p, "version", version);
      std::set<std::string> names{name};
      validate(parse_semver(version).has_value(),
               fmt::format("Invalid required version '{}' for plugin '{}'", version, name), pos_of(p));
      if (const YAML::Node alts = p["alternatives"]; alts.IsDefined()) {
        check(alts.IsSequence(), "Value of plugin version alternatives must be a sequence", alts);
        for (const auto& a : alts) {
          check(a.IsMap(), "Plugin version alternative must be a mapping", a);
          std::string aname, aversion;
          decode(a, "name", aname);
          decode(a, "version", aversion);
          validate(parse_semver(aversion).has_value(),
                   fmt::format("Invalid required version '{}' for plugin '{}'", aversion, aname), pos_of(a));
          validate(names.insert(aname).second,
                   fmt::format("Defined multiple alternative version requirements for plugin '{}'", aname),
                   pos_of(a));
        }
      }
      if (!builtin_plugin(name))
        warn("LOAD_UNKNOWN_PLUGIN",
             fmt::format("plugin '{}' is not available; rules needing its fields are skipped", name), p);
      item_type = "required plugin versions";
      item_name.clear();
    }
    warn_unknown_keys(item, {"required_plugin_versions"});
  }

  void read_item(const YAML::Node& item) {
    item_type = "rules content item";
    item_name.clear();
    check(item.IsMap(), "Unexpected element type. Each element should be a yaml associative array.", item);
    if (item["required_engine_version"].IsDefined())
      read_engine_version(item);
    else if (item["required_plugin_versions"].IsDefined())
      read_plugin_versions(item);
    else if (item["list"].IsDefined())
      read_list(item);
    else if (item["macro"].IsDefined())
      read_macro(item);
    else if (item["rule"].IsDefined())
      read_rule(item);
    else
      warn("LOAD_UNKNOWN_ITEM", "Unknown top level item", item);
  }

  void load(const std::string& text) {
    std::vector<YAML::Node> docs;
    try {
      docs = load_yaml_documents(text);
    } catch (const YAML::ParserException& e) {
      return rs.error("LOAD_ERR_YAML_PARSE", "rules content", "", e.what(),
                      {file, static_cast<size_t>(e.mark.line) + 1, static_cast<size_t>(e.mark.column) + 1,
                       static_cast<size_t>(std::max(e.mark.pos, 0))});
    } catch (const std::exception& e) {
      return rs.error("LOAD_ERR_YAML_PARSE", "rules content", "", e.what(), {file, 0, 0, 0});
    }
    for (const auto& doc : docs) {
      if (!doc.IsDefined() || doc.IsNull()) continue;
      try {
        item_type = "rules content";
        item_name.clear();
        if (!doc.IsMap() && !doc.IsSequence())
          throw Fail{"LOAD_ERR_YAML_VALIDATE", item_type, "", "Rules content is not yaml", {file, 0, 0, 0}};
        if (!doc.IsSequence())
          throw Fail{"LOAD_ERR_YAML_VALIDATE",
                     item_type,
                     "",
                     "Rules content is not yaml array of objects",
                     {file, 0, 0, 0}};
        for (const auto& item : doc)
          if (!item.IsNull()) read_item(item);
      } catch (const Fail& f) {
        rs.error(f.code, f.item_type, f.item_name, f.message, f.pos);
        return;  // as Falco: the first error ends the file
      } catch (const YAML::Exception& e) {
        rs.error("LOAD_ERR_YAML_VALIDATE", item_type, item_name, e.msg,
                 {file, static_cast<size_t>(e.mark.line) + 1, static_cast<size_t>(e.mark.column) + 1,
                  static_cast<size_t>(std::max(e.mark.pos, 0))});
        return;
      }
    }
  }
};

void RuleSet::error(std::string code, std::string item_type, std::string item_name, std::string message,
                    Position pos) {
  messages_.push_back({LoadMessage::Severity::Error, std::move(code), std::move(item_type),
                       std::move(item_name), std::move(message), std::move(pos), origin_});
}

void RuleSet::warn(std::string code, std::string item_type, std::string item_name, std::string message,
                   Position pos) {
  messages_.push_back({LoadMessage::Severity::Warning, std::move(code), std::move(item_type),
                       std::move(item_name), std::move(message), std::move(pos), origin_});
}

bool RuleSet::ok() const {
  return std::none_of(messages_.begin(), messages_.end(),
                      [](const LoadMessage& m) { return m.severity == LoadMessage::Severity::Error; });
}

void RuleSet::load_text(const std::string& text, const std::string& name) {
  files_.push_back(name);
  origin_ = name;
  size_t first = messages_.size();
  Loader{*this, name}.load(text);
  for (size_t i = first; i < messages_.size(); ++i)
    if (messages_[i].severity == LoadMessage::Severity::Error) read_failed_ = true;
}

void RuleSet::load_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(path, ec))
      if (e.path().extension() == ".yaml" || e.path().extension() == ".yml")
        files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load_path(f);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    origin_ = path;
    read_failed_ = true;
    error("LOAD_ERR_FILE_READ", "rules content", "", "Could not open file for reading", {path, 0, 0, 0});
    return;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  load_text(ss.str(), path);
}

}  // namespace saker::rules
