#include "filter/program.h"

#include <fmt/format.h>

#include "saker/scap/event_table.h"

namespace saker::query::filter {

size_t Program::emit(Instr::Code code, uint32_t arg) {
  code_.push_back(Instr{code, arg});
  return code_.size() - 1;
}

uint32_t Program::add_check(Check c) {
  checks_.push_back(std::move(c));
  return static_cast<uint32_t>(checks_.size() - 1);
}

uint32_t Program::add_type_test(EventTypeTest t) {
  type_tests_.push_back(t);
  return static_cast<uint32_t>(type_tests_.size() - 1);
}

void Program::thread_jumps() {
  using C = Instr::Code;
  for (auto& in : code_) {
    if (in.code != C::JumpIfFalse && in.code != C::JumpIfTrue) continue;
    // Following a jump taken on `acc`, the value is still `acc` until an instruction sets it.
    for (size_t hops = 0; in.arg < code_.size() && hops < code_.size(); ++hops) {
      const Instr& to = code_[in.arg];
      if (to.code == in.code)
        in.arg = to.arg;
      else if (to.code == C::JumpIfFalse || to.code == C::JumpIfTrue)
        in.arg += 1;  // the opposite jump is not taken
      else
        break;
    }
  }
}

namespace {

std::string type_names(const EventTypeSet& set) {
  std::string out;
  auto table = scap::event_table();
  std::string_view last;
  for (size_t t = 0; t < table.size() && t < set.size(); ++t) {
    if (!set.test(t) || table[t].name == last) continue;  // enter and exit share a name
    last = table[t].name;
    out += (out.empty() ? "" : ", ") + std::string(last);
  }
  return out;
}

}  // namespace

std::string Program::dump() const {
  std::string out;
  for (size_t pc = 0; pc < code_.size(); ++pc) {
    const Instr& in = code_[pc];
    out += fmt::format("{:04} ", pc);
    switch (in.code) {
      case Instr::Code::Check:
        out += fmt::format("CHECK          {}\n", checks_[in.arg].describe());
        break;
      case Instr::Code::EventType: {
        const EventTypeTest& t = type_tests_[in.arg];
        out += fmt::format("EVENT_TYPE     {}in {{{}}}, generic events by name: {}\n", t.negate ? "not " : "",
                           type_names(t.named), checks_[t.by_name].describe());
        break;
      }
      case Instr::Code::Not:
        out += "NOT\n";
        break;
      case Instr::Code::JumpIfFalse:
        out += fmt::format("JUMP_IF_FALSE  {:04}\n", in.arg);
        break;
      case Instr::Code::JumpIfTrue:
        out += fmt::format("JUMP_IF_TRUE   {:04}\n", in.arg);
        break;
    }
  }
  out += fmt::format("{:04} RETURN\n", code_.size());
  return out;
}

std::string event_type_names(const EventTypeSet& set) {
  return type_names(set);
}

}  // namespace saker::query::filter
