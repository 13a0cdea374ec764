// The bind stage: a syntax tree becomes a program. Macros are expanded, list names replaced
// by their items, fields and transformers looked up, literals converted and operators checked;
// every error is a SyntaxError at the offending text. The event types the filter can match
// are narrowed on the way.
#pragma once

#include "filter/program.h"
#include "saker/query/filter.h"

namespace saker::query::filter {

struct Bound {
  Program program;
  EventTypeSet types;       // every event type the filter can match
  EventTypeSet rule_types;  // the types Falco's event-type index gives the filter
};

Bound bind(const ast::Expr& expr, const FilterEnv* env);

}  // namespace saker::query::filter
