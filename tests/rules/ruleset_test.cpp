#include <gtest/gtest.h>

#include "saker/replay/state.h"
#include "saker/rules/engine.h"
#include "saker/rules/ruleset.h"
#include "saker/scap/event_table.h"
#include "saker/scap/writer.h"

namespace saker::rules {
namespace {

RuleSet load(const std::string& yaml) {
  RuleSet rs;
  rs.load_text(yaml, "test.yaml");
  rs.compile();
  return rs;
}

const LoadMessage* find(const RuleSet& rs, const std::string& code) {
  for (const auto& m : rs.messages())
    if (m.code == code) return &m;
  return nullptr;
}

const Rule& rule(const RuleSet& rs, const std::string& name) {
  for (const auto& r : rs.rules())
    if (r.name == name) return r;
  throw std::runtime_error("no rule " + name);
}

constexpr const char* kBase = R"(
- list: shells
  items: [bash, sh]
- macro: spawned
  condition: evt.type = execve and evt.dir = <
- rule: Shell spawned
  desc: a shell
  condition: spawned and proc.name in (shells)
  output: shell %proc.name
  priority: WARNING
  tags: [process]
)";

TEST(RuleSet, LoadsListsMacrosAndRules) {
  auto rs = load(kBase);
  ASSERT_TRUE(rs.ok());
  ASSERT_EQ(rs.compiled().size(), 1u);
  EXPECT_EQ(rs.compiled()[0].rule->priority, Priority::Warning);
  EXPECT_TRUE(rs.compiled()[0].filter.event_types().test(scap::type_id(scap::EventType::SyscallExecve_19X)));
  EXPECT_FALSE(rs.compiled()[0].filter.event_types().test(scap::type_id(scap::EventType::SyscallOpenX)));
}

TEST(RuleSet, AppendAndOverride) {
  auto rs = load(std::string(kBase) + R"(
- list: shells
  items: [zsh]
  append: true
- macro: spawned
  condition: and evt.rawres = 0
  append: true
- rule: Shell spawned
  condition: and not user.name = root
  append: true
- rule: Shell spawned
  output: replaced %proc.name
  priority: ERROR
  override:
    output: replace
    priority: replace
)");
  ASSERT_TRUE(rs.ok()) << rs.messages().front().message;
  const auto& r = rule(rs, "Shell spawned");
  EXPECT_EQ(r.condition, "spawned and proc.name in (shells) and not user.name = root");
  EXPECT_EQ(r.output, "replaced %proc.name");
  EXPECT_EQ(r.priority, Priority::Error);
}

TEST(RuleSet, EnabledToggleAndLaterFilesWin) {
  RuleSet rs;
  rs.load_text(kBase, "a.yaml");
  rs.load_text("- rule: Shell spawned\n  enabled: false\n", "b.yaml");
  rs.compile();
  EXPECT_TRUE(rs.ok());
  EXPECT_TRUE(rs.compiled().empty());
}

TEST(RuleSet, ExceptionsBecomeConditions) {
  auto rs = load(std::string(kBase) + R"(
- rule: Shell spawned
  exceptions:
    - name: known_parents
      fields: [proc.pname, user.name]
      comps: [=, in]
      values:
        - [sshd, [alice, bob]]
  append: true
)");
  ASSERT_TRUE(rs.ok()) << (rs.messages().empty() ? "" : rs.messages().front().message);
  ASSERT_EQ(rs.compiled().size(), 1u);
  EXPECT_EQ(rule(rs, "Shell spawned").exceptions.size(), 1u);
}

// Fires `rs` on an openat of `path` by a process named `comm` (parent sshd, user alice).
std::vector<std::string> fire(const RuleSet& rs, const std::string& comm, const std::string& path) {
  scap::Metadata m;
  scap::ThreadEntry sshd, p;
  sshd.tid = sshd.pid = 10;
  sshd.comm = "sshd";
  p.tid = p.pid = 20;
  p.ptid = 10;
  p.comm = comm;
  p.uid = 1000;
  m.threads = {sshd, p};
  m.users = {{1000, 1000, "alice", "/home/alice", "/bin/bash"}};
  replay::State state;
  state.load(m);
  scap::EventBuilder b;
  const auto& ev = b.begin(scap::EventType::SyscallOpenat_2X, 1, 20)
                       .num<int64_t>(3)
                       .num<int64_t>(-100)
                       .str(path)
                       .num<uint32_t>(1)
                       .num<uint32_t>(0)
                       .num<uint32_t>(0)
                       .num<uint64_t>(0)
                       .view();
  state.apply(ev);
  query::EvalContext ctx;
  ctx.ev = &ev;
  ctx.state = &state;
  std::vector<std::string> out;
  Engine(rs).evaluate(ctx, [&](const CompiledRule& r) { out.push_back(r.rule->name); });
  return out;
}

constexpr const char* kShadowRule = R"(
- list: readers
  items: [cat, less]
- rule: Shadow read
  desc: d
  condition: evt.type = openat and evt.dir = < and fd.name = /etc/shadow
  output: "%proc.name read %fd.name"
  priority: WARNING
)";

TEST(RuleSet, ExceptionsSuppressMatchingEvents) {
  auto rs = load(std::string(kShadowRule) + R"(
- rule: Shadow read
  exceptions:
    - name: allowed
      fields: [proc.name, proc.pname, user.name]
      comps: [in, =, =]
      values:
        - [readers, sshd, alice]
  append: true
- rule: Shadow read
  exceptions:
    - name: single_field
      fields: proc.name
      comps: in
      values: [vipw, "grep"]
  append: true
)");
  ASSERT_TRUE(rs.ok()) << (rs.messages().empty() ? "" : rs.messages().front().message);
  EXPECT_TRUE(fire(rs, "cat", "/etc/shadow").empty());   // first exception: a listed reader
  EXPECT_TRUE(fire(rs, "grep", "/etc/shadow").empty());  // second exception, one field
  EXPECT_EQ(fire(rs, "vim", "/etc/shadow"), std::vector<std::string>{"Shadow read"});
  EXPECT_TRUE(fire(rs, "vim", "/etc/passwd").empty());
}

TEST(RuleSet, LaterFilesOverrideInOrder) {
  RuleSet rs;
  rs.load_text(kShadowRule, "base.yaml");
  rs.load_text(R"(
- rule: Shadow read
  condition: and proc.name in (readers)
  append: true
- list: readers
  items: [vim]
  override:
    items: replace
)",
               "local.yaml");
  rs.compile();
  ASSERT_TRUE(rs.ok()) << (rs.messages().empty() ? "" : rs.messages().front().message);
  // The list was replaced after the append: only vim counts now.
  EXPECT_EQ(fire(rs, "vim", "/etc/shadow"), std::vector<std::string>{"Shadow read"});
  EXPECT_TRUE(fire(rs, "cat", "/etc/shadow").empty());
  RuleSet off;
  off.load_text(kShadowRule, "base.yaml");
  off.load_text("- rule: Shadow read\n  enabled: false\n", "disable.yaml");
  off.load_text("- rule: Shadow read\n  enabled: true\n", "enable.yaml");
  off.compile();
  EXPECT_EQ(fire(off, "vim", "/etc/shadow"), std::vector<std::string>{"Shadow read"});
}

TEST(RuleSet, ErrorsCarryCodesAndPositions) {
  {
    auto rs = load("- rule: x\n  desc: d\n  condition: evt.type = open and\n  output: o\n  priority: INFO\n");
    const auto* m = find(rs, "LOAD_ERR_COMPILE_CONDITION");
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->item_type, "rule");
    EXPECT_EQ(m->item_name, "x");
    EXPECT_EQ(m->pos.line, 3u);           // the condition's line
    EXPECT_EQ(m->pos.column, 14u + 19u);  // the condition's column plus the error's, just past "and"
  }
  {
    auto rs = load(
        "- rule: x\n  desc: d\n  condition: evt.type = open and undefined_macro\n  output: o\n  priority: "
        "INFO\n");
    const auto* m = find(rs, "LOAD_ERR_VALIDATE");  // as Falco: an undefined macro
    ASSERT_NE(m, nullptr);
    EXPECT_NE(m->message.find("undefined_macro"), std::string::npos);
  }
  {
    auto rs = load(
        "- rule: x\n  desc: d\n  condition: evt.type = open\n  output: o %proc.nosuch\n  priority: INFO\n");
    EXPECT_NE(find(rs, "LOAD_ERR_COMPILE_OUTPUT"), nullptr);
  }
  {
    auto rs = load("- rule: x\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: LOUD\n");
    EXPECT_NE(find(rs, "LOAD_ERR_YAML_VALIDATE"), nullptr);
  }
  {
    auto rs = load("- rule: x\n  desc: [unclosed\n");
    const auto* m = find(rs, "LOAD_ERR_YAML_PARSE");
    ASSERT_NE(m, nullptr);
    EXPECT_GT(m->pos.line, 0u);
  }
  {
    auto rs = load("- macro: m\n  condition: evt.num > 1\n  append: true\n");
    EXPECT_NE(find(rs, "LOAD_ERR_VALIDATE"), nullptr);  // dangling append
  }
  {
    auto rs = load(R"(
- macro: a
  condition: b
- macro: b
  condition: a
- rule: loop
  desc: d
  condition: evt.type = open and a
  output: o
  priority: INFO
)");
    // As Falco: a macro sees only the macros defined before it, so `a` cannot name `b`.
    const auto* m = find(rs, "LOAD_ERR_VALIDATE");
    ASSERT_NE(m, nullptr);
    EXPECT_NE(m->message.find("Undefined macro 'b'"), std::string::npos) << m->message;
  }
}

TEST(RuleSet, Warnings) {
  auto rs = load(std::string(kBase) + R"(
- macro: unused_macro
  condition: evt.num > 0
- list: unused_list
  items: [a]
- rule: Everything
  desc: d
  condition: evt.num > 0
  output: o
  priority: DEBUG
- rule: Other source
  desc: d
  condition: ka.verb = get
  output: o
  priority: DEBUG
  source: k8s_audit
- required_plugin_versions:
    - name: container
      version: 0.4.0
    - name: k8saudit
      version: 0.1.0
- unknown_thing: 3
)");
  EXPECT_TRUE(rs.ok());
  EXPECT_NE(find(rs, "LOAD_UNUSED_MACRO"), nullptr);
  EXPECT_NE(find(rs, "LOAD_UNUSED_LIST"), nullptr);
  EXPECT_NE(find(rs, "LOAD_NO_EVTTYPE"), nullptr);
  EXPECT_NE(find(rs, "LOAD_UNKNOWN_SOURCE"), nullptr);
  EXPECT_NE(find(rs, "LOAD_UNKNOWN_ITEM"), nullptr);
  const auto* plugin = find(rs, "LOAD_UNKNOWN_PLUGIN");
  ASSERT_NE(plugin, nullptr);
  EXPECT_EQ(plugin->item_name, "k8saudit");  // the container plugin is Saker's own
}

TEST(RuleSet, PriorityNamesAndAliases) {
  EXPECT_EQ(parse_priority("WARNING"), Priority::Warning);
  EXPECT_EQ(parse_priority("info"), Priority::Informational);
  EXPECT_EQ(parse_priority("Informational"), Priority::Informational);
  EXPECT_EQ(parse_priority("emergency"), Priority::Emergency);
  EXPECT_FALSE(parse_priority("loud").has_value());
  EXPECT_EQ(priority_name(Priority::Critical), "Critical");
}

TEST(Engine, EvaluatesOnlyRulesForTheEventType) {
  auto rs = load(std::string(kBase) + R"(
- rule: Shadow opened
  desc: d
  condition: evt.type = openat and evt.arg.name = /etc/shadow
  output: o
  priority: ERROR
)");
  ASSERT_TRUE(rs.ok());
  Engine engine(rs);
  scap::EventBuilder b;
  auto ev = b.begin(scap::EventType::SyscallOpenat_2X, 1, 42)
                .num<int64_t>(3)
                .num<int64_t>(-100)
                .str("/etc/shadow")
                .num<uint32_t>(1)
                .num<uint32_t>(0)
                .num<uint32_t>(0)
                .num<uint64_t>(0)
                .view();
  query::EvalContext ctx;
  ctx.ev = &ev;
  std::vector<std::string> fired;
  engine.evaluate(ctx, [&](const CompiledRule& r) { fired.push_back(r.rule->name); });
  EXPECT_EQ(fired, std::vector<std::string>{"Shadow opened"});
  Engine critical_only(rs, Priority::Critical);
  fired.clear();
  critical_only.evaluate(ctx, [&](const CompiledRule& r) { fired.push_back(r.rule->name); });
  EXPECT_TRUE(fired.empty());
}

}  // namespace
}  // namespace saker::rules
