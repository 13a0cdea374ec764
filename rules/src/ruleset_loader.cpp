// Reads rule files: YAML items into lists, macros and rules, with Falco's append and
// override semantics. Compilation is in ruleset_compile.cpp.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "saker/rules/ruleset.h"

namespace saker::rules {

namespace {

// Plugins whose fields Saker provides itself.
bool builtin_plugin(const std::string& name) {
  return name == "container";
}

// Missing keys give invalid nodes; test them before asking their type.
std::string scalar(const YAML::Node& n) {
  return n && n.IsScalar() ? n.Scalar() : std::string();
}

std::vector<std::string> string_list(const YAML::Node& n) {
  std::vector<std::string> out;
  if (!n) return out;
  if (n.IsSequence())
    for (const auto& e : n) out.push_back(e.IsScalar() ? e.Scalar() : YAML::Dump(e));
  else if (n.IsScalar())
    out.push_back(n.Scalar());
  return out;
}

bool as_bool(const YAML::Node& n, bool dflt) {
  if (!n || !n.IsScalar()) return dflt;
  auto s = n.Scalar();
  if (s == "true" || s == "True" || s == "yes") return true;
  if (s == "false" || s == "False" || s == "no") return false;
  return dflt;
}

}  // namespace

struct RuleSet::Loader {
  RuleSet& rs;
  std::string file;

  Position pos_of(const YAML::Node& n) const {
    auto m = n.Mark();
    if (m.line < 0) return {file, 0, 0};
    return {file, static_cast<size_t>(m.line) + 1, static_cast<size_t>(m.column) + 1};
  }

  void validate_keys(const YAML::Node& item, const std::string& type, const std::string& name,
                     std::initializer_list<const char*> allowed) {
    for (const auto& kv : item) {
      std::string key = scalar(kv.first);
      if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }) ==
          allowed.end())
        rs.warn("LOAD_UNKNOWN_KEY", type, name, fmt::format("unknown key '{}'", key), pos_of(kv.first));
    }
  }

  // Which keys an `override:` map asks to append or replace.
  struct Override {
    std::map<std::string, std::string> how;  // key -> "append" / "replace"
    std::string of(const std::string& key) const {
      auto it = how.find(key);
      return it == how.end() ? std::string() : it->second;
    }
  };
  bool read_override(const YAML::Node& item, const std::string& type, const std::string& name, Override& o) {
    const YAML::Node ov = item["override"];
    if (!ov) return true;
    if (!ov.IsMap()) {
      rs.error("LOAD_ERR_YAML_VALIDATE", type, name, "'override' must be a map of key: append|replace",
               pos_of(ov));
      return false;
    }
    for (const auto& kv : ov) {
      std::string how = scalar(kv.second);
      if (how != "append" && how != "replace") {
        rs.error(
            "LOAD_ERR_YAML_VALIDATE", type, name,
            fmt::format("override for '{}' must be 'append' or 'replace', not '{}'", scalar(kv.first), how),
            pos_of(kv.second));
        return false;
      }
      o.how[scalar(kv.first)] = how;
    }
    return true;
  }

  void load_list(const YAML::Node& item) {
    std::string name = scalar(item["list"]);
    Position pos = pos_of(item);
    validate_keys(item, "list", name, {"list", "items", "append", "override"});
    if (name.empty())
      return rs.error("LOAD_ERR_YAML_VALIDATE", "list", name, "list name must be a string", pos);
    const YAML::Node items = item["items"];
    if (!items || !items.IsSequence())
      return rs.error("LOAD_ERR_YAML_VALIDATE", "list", name, "'items' must be a sequence", pos);
    Override o;
    if (!read_override(item, "list", name, o)) return;
    bool append = as_bool(item["append"], false) || o.of("items") == "append";
    auto values = string_list(items);
    auto it = rs.lists_.find(name);
    if (append || !o.of("items").empty()) {
      if (it == rs.lists_.end())
        return rs.error("LOAD_ERR_VALIDATE", "list", name,
                        fmt::format("list '{}' is appended to or overridden but was never defined", name),
                        pos);
      if (append)
        it->second.items.insert(it->second.items.end(), values.begin(), values.end());
      else
        it->second.items = values;
      return;
    }
    rs.lists_[name] = List{name, values, pos, false};
  }

  void load_macro(const YAML::Node& item) {
    std::string name = scalar(item["macro"]);
    Position pos = pos_of(item);
    validate_keys(item, "macro", name, {"macro", "condition", "append", "override"});
    if (name.empty())
      return rs.error("LOAD_ERR_YAML_VALIDATE", "macro", name, "macro name must be a string", pos);
    const YAML::Node cond = item["condition"];
    if (!cond || !cond.IsScalar())
      return rs.error("LOAD_ERR_YAML_VALIDATE", "macro", name, "'condition' must be a string", pos);
    Override o;
    if (!read_override(item, "macro", name, o)) return;
    bool append = as_bool(item["append"], false) || o.of("condition") == "append";
    auto it = rs.macros_.find(name);
    if (append || !o.of("condition").empty()) {
      if (it == rs.macros_.end())
        return rs.error("LOAD_ERR_VALIDATE", "macro", name,
                        fmt::format("macro '{}' is appended to or overridden but was never defined", name),
                        pos);
      if (append)
        it->second.condition += " " + cond.Scalar();
      else
        it->second.condition = cond.Scalar();
      return;
    }
    rs.macros_[name] = Macro{name, cond.Scalar(), pos_of(cond), false};
  }

  bool read_exceptions(const YAML::Node& n, const std::string& rule, std::vector<Exception>& out) {
    if (!n.IsSequence()) {
      rs.error("LOAD_ERR_YAML_VALIDATE", "rule", rule, "'exceptions' must be a sequence", pos_of(n));
      return false;
    }
    for (const auto& e : n) {
      Exception x;
      x.name = scalar(e["name"]);
      if (x.name.empty()) {
        rs.error("LOAD_ERR_YAML_VALIDATE", "exception", rule, "exception without a name", pos_of(e));
        return false;
      }
      const YAML::Node fields = e["fields"];
      x.fields_is_list = !fields || fields.IsSequence();
      x.fields = string_list(fields);
      x.comps = string_list(e["comps"]);
      if (const YAML::Node values = e["values"]; values && values.IsSequence()) {
        for (const auto& tuple : values) {
          std::vector<std::vector<std::string>> t;
          if (x.fields_is_list && tuple.IsSequence()) {
            for (const auto& v : tuple) t.push_back(string_list(v));
          } else {
            t.push_back(string_list(tuple));
          }
          x.values.push_back(std::move(t));
        }
      }
      out.push_back(std::move(x));
    }
    return true;
  }

  void load_rule(const YAML::Node& item) {
    std::string name = scalar(item["rule"]);
    Position pos = pos_of(item);
    validate_keys(
        item, "rule", name,
        {"rule", "desc", "condition", "output", "priority", "tags", "enabled", "source", "exceptions",
         "append", "override", "warn_evttypes", "skip-if-unknown-filter", "capture", "capture_duration"});
    if (name.empty())
      return rs.error("LOAD_ERR_YAML_VALIDATE", "rule", name, "rule name must be a string", pos);
    Override o;
    if (!read_override(item, "rule", name, o)) return;
    bool append = as_bool(item["append"], false);
    auto existing = rs.rule_index_.find(name);

    if (append || !o.how.empty()) {
      if (existing == rs.rule_index_.end())
        return rs.error("LOAD_ERR_VALIDATE", "rule", name,
                        fmt::format("rule '{}' is appended to or overridden but was never defined", name),
                        pos);
      Rule& r = rs.rules_[existing->second];
      auto mode = [&](const char* key) -> std::string {
        if (!item[key]) return "";
        if (append) return "append";
        auto it = o.how.find(key);
        return it == o.how.end() ? "" : it->second;
      };
      if (auto m = mode("condition"); !m.empty())
        r.condition =
            m == "append" ? r.condition + " " + scalar(item["condition"]) : scalar(item["condition"]);
      if (auto m = mode("output"); !m.empty())
        r.output = m == "append" ? r.output + " " + scalar(item["output"]) : scalar(item["output"]);
      if (auto m = mode("desc"); !m.empty())
        r.desc = m == "append" ? r.desc + " " + scalar(item["desc"]) : scalar(item["desc"]);
      if (auto m = mode("tags"); !m.empty()) {
        auto t = string_list(item["tags"]);
        if (m == "replace") r.tags.clear();
        r.tags.insert(r.tags.end(), t.begin(), t.end());
      }
      if (auto m = mode("exceptions"); !m.empty()) {
        std::vector<Exception> ex;
        if (!read_exceptions(item["exceptions"], name, ex)) return;
        if (m == "replace") r.exceptions.clear();
        for (auto& e : ex) {
          // Appending to an exception of the same name adds its values.
          auto same = std::find_if(r.exceptions.begin(), r.exceptions.end(),
                                   [&](auto& x) { return x.name == e.name; });
          if (same != r.exceptions.end() && m == "append")
            same->values.insert(same->values.end(), e.values.begin(), e.values.end());
          else
            r.exceptions.push_back(std::move(e));
        }
      }
      if (auto m = mode("priority"); !m.empty()) {
        auto p = parse_priority(scalar(item["priority"]));
        if (!p)
          return rs.error("LOAD_ERR_YAML_VALIDATE", "rule", name, "invalid priority",
                          pos_of(item["priority"]));
        r.priority = *p;
      }
      if (mode("enabled") == "replace" || (append && item["enabled"]))
        r.enabled = as_bool(item["enabled"], r.enabled);
      return;
    }

    // `- rule: X` with only `enabled:` toggles an existing rule, as in Falco.
    bool only_enabled = item.size() == 2 && item["enabled"];
    if (only_enabled) {
      if (existing == rs.rule_index_.end())
        return rs.error("LOAD_ERR_VALIDATE", "rule", name,
                        fmt::format("rule '{}' is enabled or disabled but was never defined", name), pos);
      rs.rules_[existing->second].enabled = as_bool(item["enabled"], true);
      return;
    }

    Rule r;
    r.name = name;
    r.pos = pos;
    for (const char* key : {"condition", "output", "desc", "priority"}) {
      if (!item[key] || !item[key].IsScalar())
        return rs.error("LOAD_ERR_YAML_VALIDATE", "rule", name, fmt::format("rule has no '{}' string", key),
                        pos);
    }
    r.condition = scalar(item["condition"]);
    r.condition_pos = pos_of(item["condition"]);
    r.output = scalar(item["output"]);
    r.output_pos = pos_of(item["output"]);
    r.desc = scalar(item["desc"]);
    auto p = parse_priority(scalar(item["priority"]));
    if (!p)
      return rs.error("LOAD_ERR_YAML_VALIDATE", "rule", name,
                      fmt::format("invalid priority '{}'", scalar(item["priority"])),
                      pos_of(item["priority"]));
    r.priority = *p;
    r.tags = string_list(item["tags"]);
    r.enabled = as_bool(item["enabled"], true);
    if (item["source"]) r.source = scalar(item["source"]);
    r.warn_evttypes = as_bool(item["warn_evttypes"], true);
    r.skip_if_unknown_filter = as_bool(item["skip-if-unknown-filter"], false);
    r.capture = as_bool(item["capture"], false);
    if (item["capture_duration"]) {
      try {
        r.capture_duration_ms = item["capture_duration"].as<uint64_t>();
      } catch (const YAML::Exception&) {
        return rs.error("LOAD_ERR_YAML_VALIDATE", "rule", name,
                        "capture_duration must be a number of milliseconds",
                        pos_of(item["capture_duration"]));
      }
    }
    if (item["exceptions"] && !read_exceptions(item["exceptions"], name, r.exceptions)) return;
    if (existing != rs.rule_index_.end()) {
      rs.rules_[existing->second] = std::move(r);  // a later definition replaces the earlier one
    } else {
      rs.rule_index_[name] = rs.rules_.size();
      rs.rules_.push_back(std::move(r));
    }
  }

  void load(const std::string& text) {
    YAML::Node doc;
    try {
      doc = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
      return rs.error("LOAD_ERR_YAML_PARSE", "file", file, e.msg,
                      {file, static_cast<size_t>(e.mark.line) + 1, static_cast<size_t>(e.mark.column) + 1});
    }
    if (doc.IsNull()) return;
    if (!doc.IsSequence())
      return rs.error("LOAD_ERR_YAML_VALIDATE", "file", file, "a rules file must be a sequence of items",
                      pos_of(doc));
    for (const auto& item : doc) {
      if (!item.IsMap()) {
        rs.error("LOAD_ERR_YAML_VALIDATE", "item", "", "each item must be a map", pos_of(item));
        continue;
      }
      try {
        if (item["rule"]) {
          load_rule(item);
        } else if (item["macro"]) {
          load_macro(item);
        } else if (item["list"]) {
          load_list(item);
        } else if (item["required_engine_version"]) {
          // Saker implements the current engine's language; any version is accepted.
        } else if (item["required_plugin_versions"]) {
          for (const auto& p : item["required_plugin_versions"]) {
            std::string name = scalar(p["name"]);
            if (!builtin_plugin(name))
              rs.warn("LOAD_UNKNOWN_PLUGIN", "required_plugin_versions", name,
                      fmt::format("plugin '{}' is not available; rules needing its fields are skipped", name),
                      pos_of(p));
          }
        } else {
          std::string key = item.begin() != item.end() ? scalar(item.begin()->first) : "";
          rs.warn("LOAD_UNKNOWN_ITEM", key, "", fmt::format("unknown item type '{}'", key), pos_of(item));
        }
      } catch (const YAML::Exception& e) {
        rs.error("LOAD_ERR_YAML_VALIDATE", "item", "", e.msg, pos_of(item));
      }
    }
  }
};

void RuleSet::error(std::string code, std::string item_type, std::string item_name, std::string message,
                    Position pos) {
  messages_.push_back({LoadMessage::Severity::Error, std::move(code), std::move(item_type),
                       std::move(item_name), std::move(message), std::move(pos)});
}

void RuleSet::warn(std::string code, std::string item_type, std::string item_name, std::string message,
                   Position pos) {
  messages_.push_back({LoadMessage::Severity::Warning, std::move(code), std::move(item_type),
                       std::move(item_name), std::move(message), std::move(pos)});
}

bool RuleSet::ok() const {
  return std::none_of(messages_.begin(), messages_.end(),
                      [](const LoadMessage& m) { return m.severity == LoadMessage::Severity::Error; });
}

void RuleSet::load_text(const std::string& text, const std::string& name) {
  files_.push_back(name);
  Loader{*this, name}.load(text);
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
    error("LOAD_ERR_YAML_PARSE", "file", path, "cannot open the file", {path, 0, 0});
    return;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  load_text(ss.str(), path);
}

}  // namespace saker::rules
