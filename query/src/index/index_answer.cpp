#include "index/index_answer.h"

#include <algorithm>
#include <iterator>

namespace saker::query::index_answer {

namespace {

// Audited one by one: each reads the event alone, the capture's first time stamp (in the
// index's meta), the argument-text answers recorded per event (index_render.h) or a value
// an event_rows column holds exactly as the field's extractor gave it at build time.
constexpr std::string_view kAnswered[] = {
    // the event alone
    "evt.num", "evt.time", "evt.outputtime", "evt.datetime", "evt.rawtime", "evt.rawtime.s", "evt.rawtime.ns",
    "evt.cpu", "evt.type", "evt.rawtype", "evt.dir", "evt.rawarg", "evt.res", "evt.rawres", "evt.failed",
    "evt.offset", "evt.is_open_read", "evt.is_open_write", "evt.is_open_create", "evt.is_open_exec",
    "syscall.type", "evt.is_io", "evt.is_io_read", "evt.is_io_write", "evt.is_wait",
    "thread.tid",
    // the first time stamp (meta first_ts)
    "evt.reltime",
    // argument text: fd descriptions and thread names from render and fd_type, fd_name_id
    "evt.args", "evt.arg",
    // event_rows columns
    "proc.name", "proc.pid", "proc.pname", "user.name", "container.id", "fd.name",
    // fd_type (type and, for sockets, the l4 protocol) with fd_name_id. Not fd.num,
    // fd.typechar, fd.directory: for an fd without an entry they answer from the event and
    // the thread (libsinsp's rules), which the row does not hold.
    "fd.type", "fd.filename"};

bool operand_answered(const ast::Operand& o, std::string& missing) {
  switch (o.kind) {
    case ast::Operand::Kind::Field: {
      FieldRef ref;
      std::string error;
      if (resolve_field(o.text, ref, error) && answers(ref.def->name)) return true;
      missing = o.text;
      return false;
    }
    case ast::Operand::Kind::Transformer:
    case ast::Operand::Kind::List:
      for (const auto& a : o.args)
        if (!operand_answered(a, missing)) return false;
      return true;
    case ast::Operand::Kind::Literal:
      return true;
  }
  return false;
}

bool expr_answered(const ast::Expr& e, std::string& missing) {
  switch (e.kind) {
    case ast::Expr::Kind::And:
    case ast::Expr::Kind::Or:
    case ast::Expr::Kind::Not:
      for (const auto& c : e.children)
        if (!expr_answered(*c, missing)) return false;
      return true;
    case ast::Expr::Kind::Check:
      return operand_answered(e.lhs, missing) && (!e.rhs || operand_answered(*e.rhs, missing));
    case ast::Expr::Kind::Identifier:
      missing = e.name;  // a macro: what it expands to is not known here
      return false;
  }
  return false;
}

}  // namespace

bool answers(std::string_view field) {
  return std::find(std::begin(kAnswered), std::end(kAnswered), field) != std::end(kAnswered);
}

std::string unanswered_field(const ast::Expr* filter, const OutputFormat& format) {
  std::string missing;
  if (filter && !expr_answered(*filter, missing)) return missing;
  for (const auto& f : format.fields())
    if (!answers(f.ref.def->name)) return f.name;
  return {};
}

}  // namespace saker::query::index_answer
