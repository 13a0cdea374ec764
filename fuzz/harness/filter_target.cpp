// Filter and output-format harness: parse, compile, evaluate over the sample capture.
#include <map>
#include <memory>
#include <string>

#include "harness.h"
#include "saker/query/filter.h"
#include "saker/query/filter_parser.h"
#include "saker/query/output_format.h"
#include "support.h"

namespace saker::fuzz {

namespace {

struct Env {
  std::map<std::string, std::unique_ptr<query::ast::Expr>, std::less<>> macros;
  std::map<std::string, std::vector<std::string>, std::less<>> lists;
  query::FilterEnv env;
  Env() {
    for (auto [name, text] :
         {std::pair{"spawned_process", "evt.type in (execve, execveat) and evt.dir=<"},
          std::pair{"open_write", "evt.type in (open, openat) and evt.is_open_write=true"},
          std::pair{"shell_procs", "proc.name in (shell_binaries)"},
          std::pair{"self_loop", "self_loop or evt.type=close"}, std::pair{"ping", "pong and fd.num >= 0"},
          std::pair{"pong", "ping"}})
      macros.emplace(name, query::parse_filter(text));
    lists["shell_binaries"] = {"bash", "sh", "zsh", "dash"};
    lists["ports"] = {"22", "80", "443"};
    lists["nets"] = {"10.0.0.0/8", "192.168.0.0/16", "::1/128"};
    env.macro = [this](std::string_view n) -> const query::ast::Expr* {
      auto it = macros.find(n);
      return it == macros.end() ? nullptr : it->second.get();
    };
    env.list = [this](std::string_view n) -> const std::vector<std::string>* {
      auto it = lists.find(n);
      return it == lists.end() ? nullptr : &it->second;
    };
  }
};

}  // namespace

int filter_text(const uint8_t* data, size_t size) {
  static Env env;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  query::Filter filter;
  query::OutputFormat format;
  bool have_filter = false, have_format = false;
  try {
    filter = query::Filter::compile(text, &env.env);
    have_filter = true;
  } catch (const query::SyntaxError&) {
  }
  try {
    format = query::OutputFormat::compile(text);
    have_format = true;
  } catch (const query::SyntaxError&) {
  }
  if (!have_filter && !have_format) return 0;
  std::string line;
  replay_sample([&](const query::EvalContext& ctx) {
    if (have_filter) (void)filter.matches(ctx);
    if (have_format) {
      line.clear();
      format.render(ctx, line);
    }
  });
  return 0;
}

}  // namespace saker::fuzz
