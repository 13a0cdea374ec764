// A compiled filter as a flat program: checks and event-type tests that set one boolean, and
// jumps that skip the rest of an `and` once it is false or of an `or` once it is true. Run
// by one loop over a switch, so no virtual call per node of the condition.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "filter/check.h"
#include "saker/scap/event_table.h"
#include "saker/query/filter.h"

namespace saker::query::filter {

struct Instr {
  enum class Code : uint8_t {
    Check,        // acc = checks[arg]
    EventType,    // acc = type_tests[arg]
    Not,          // acc = !acc
    JumpIfFalse,  // to arg
    JumpIfTrue,   // to arg
  };
  Code code;
  uint32_t arg = 0;
};

// `evt.type =/in/!= ...`: a bit test on the event type; the generic syscall events (types 0
// and 1, named after their syscall) still compare names through a check.
struct EventTypeTest {
  EventTypeSet named;
  bool negate = false;
  uint32_t by_name = 0;  // index in checks
};

class Program {
 public:
  bool run(const EvalContext& ctx) const {
    bool acc = true;
    const size_t n = code_.size();
    for (size_t pc = 0; pc < n; ++pc) {
      const Instr in = code_[pc];
      switch (in.code) {
        case Instr::Code::Check:
          acc = checks_[in.arg].eval(ctx);
          break;
        case Instr::Code::EventType: {
          const EventTypeTest& t = type_tests_[in.arg];
          acc = !scap::is_generic_syscall(ctx.ev->event_type()) ? t.named.test(ctx.ev->type) != t.negate
                                                                 : checks_[t.by_name].eval(ctx);
          break;
        }
        case Instr::Code::Not:
          acc = !acc;
          break;
        case Instr::Code::JumpIfFalse:
          if (!acc) pc = in.arg - 1;
          break;
        case Instr::Code::JumpIfTrue:
          if (acc) pc = in.arg - 1;
          break;
      }
    }
    return acc;
  }

  // Building (the binder): each returns the index of what it added.
  size_t emit(Instr::Code code, uint32_t arg = 0);
  uint32_t add_check(Check c);
  uint32_t add_type_test(EventTypeTest t);
  void patch(size_t at, uint32_t target) { code_[at].arg = target; }
  size_t size() const { return code_.size(); }
  // Jumps that land on a jump of the same sense (or on one the value cannot take) go straight
  // to where that one leads.
  void thread_jumps();

  std::vector<Check>& checks() { return checks_; }
  const std::vector<Check>& checks() const { return checks_; }

  // One instruction a line, as Wireshark's dftest prints its bytecode.
  std::string dump() const;

 private:
  std::vector<Instr> code_;
  std::vector<Check> checks_;
  std::vector<EventTypeTest> type_tests_;
};

// "execve, open, ...": the names of the types in the set, each once.
std::string event_type_names(const EventTypeSet& set);

}  // namespace saker::query::filter
