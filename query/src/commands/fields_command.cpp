#include "saker/query/fields_command.h"

#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "saker/query/field.h"

namespace saker::query {

namespace {

std::string_view arg_name(FieldArg a) {
  switch (a) {
    case FieldArg::None:
      return "none";
    case FieldArg::Index:
      return "index";
    case FieldArg::Name:
      return "name";
    case FieldArg::IndexOrName:
      return "index_or_name";
  }
  return "none";
}

// How the argument is written: "[N]", ".NAME", "[N] or .NAME" (optional ones in parentheses).
std::string arg_form(const FieldDef& f) {
  std::string form;
  switch (f.arg) {
    case FieldArg::None:
      return form;
    case FieldArg::Index:
      form = "[N]";
      break;
    case FieldArg::Name:
      form = "[NAME]";
      break;
    case FieldArg::IndexOrName:
      form = "[N|NAME]";
      break;
  }
  return f.arg_optional || f.arg == FieldArg::Index ? "(" + form + ")" : form;
}

constexpr std::string_view kClasses[] = {"evt", "process", "thread", "user", "group", "fd",
                                         "fdlist", "fs.path", "container", "k8s"};

// The fields to list, grouped by class (in kClasses order, then any other), registry order within.
std::vector<const FieldDef*> listed(std::string_view prefix) {
  std::vector<const FieldDef*> out;
  auto known = [](std::string_view c) {
    for (auto k : kClasses)
      if (k == c) return true;
    return false;
  };
  for (auto cls : kClasses)
    for (const FieldDef* f : all_fields())
      if (field_class(*f) == cls && f->name.starts_with(prefix)) out.push_back(f);
  for (const FieldDef* f : all_fields())
    if (!known(field_class(*f)) && f->name.starts_with(prefix)) out.push_back(f);
  return out;
}

}  // namespace

std::string format_fields(const FieldsOptions& opts) {
  std::string out;
  if (opts.json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const FieldDef* f : listed(opts.prefix)) {
      list.push_back({{"name", f->name},
                      {"type", field_type_name(f->type)},
                      {"desc", f->description},
                      {"arg", arg_name(f->arg)},
                      {"arg_required", f->arg != FieldArg::None && f->arg != FieldArg::Index && !f->arg_optional},
                      {"class", field_class(*f)}});
    }
    out = list.dump(2);
    out += '\n';
    return out;
  }
  std::string_view cls;
  for (const FieldDef* f : listed(opts.prefix)) {
    if (field_class(*f) != cls) {
      cls = field_class(*f);
      fmt::format_to(std::back_inserter(out), "{}Field class: {}\n\n", out.empty() ? "" : "\n", cls);
    }
    std::string name = std::string(f->name) + arg_form(*f);
    fmt::format_to(std::back_inserter(out), "{:<42} {:<8} {}\n", name, field_type_name(f->type), f->description);
  }
  return out;
}

}  // namespace saker::query
