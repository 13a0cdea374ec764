#include "saker/rules/alert.h"

#include <ctime>
#include <random>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace saker::rules {

namespace {

// Falco's two renderings of an event time: ISO 8601 in UTC for the JSON `time`
// ("2026-11-25T10:00:00.123456789Z"), the local clock for the text line ("10:00:00.123456789").
std::string time_text(uint64_t ns, bool iso_utc) {
  time_t secs = static_cast<time_t>(ns / 1000000000ull);
  struct tm tm;
  if (iso_utc)
    gmtime_r(&secs, &tm);
  else
    localtime_r(&secs, &tm);
  char buf[32];
  strftime(buf, sizeof buf, iso_utc ? "%Y-%m-%dT%H:%M:%S" : "%H:%M:%S", &tm);
  return fmt::format("{}.{:09}{}", buf, ns % 1000000000ull, iso_utc ? "Z" : "");
}

nlohmann::json field_json(const query::EvalContext& ctx, const query::FieldRef& ref, std::string& scratch) {
  query::FieldValue v;
  if (!ref.def->extract(ctx, ref, v, scratch)) return nullptr;
  switch (ref.def->type) {
    case query::FieldType::Int64:
      return v.i;
    case query::FieldType::Bool:
      return v.i != 0;
    case query::FieldType::Uint64:
    case query::FieldType::AbsTime:
    case query::FieldType::RelTime:
      return v.u;
    default: {
      std::string text;
      query::render_field(ctx, ref, text, scratch);
      return text;
    }
  }
}

}  // namespace

void format_alert(const CompiledRule& rule, const query::EvalContext& ctx, const std::string& hostname,
                  bool with_json, AlertText& out, const AlertExtras* extras) {
  std::string body;
  rule.output.render(ctx, body);
  out.output =
      fmt::format("{}: {} {}", time_text(ctx.ev->ts, false), priority_name(rule.rule->priority), body);
  out.json.clear();
  if (!with_json) return;
  nlohmann::ordered_json j;
  j["hostname"] = hostname;
  j["output"] = out.output;
  auto& fields = j["output_fields"] = nlohmann::ordered_json::object();
  fields["evt.time"] = ctx.ev->ts;  // Falco adds the event time to every alert's fields
  std::string scratch;
  for (size_t i = 0; i < rule.output_fields.size(); ++i)
    fields[rule.output_field_names[i]] = field_json(ctx, rule.output_fields[i], scratch);
  if (extras && !extras->capture.empty()) fields["saker.capture"] = extras->capture;
  j["priority"] = std::string(priority_name(rule.rule->priority));
  j["rule"] = rule.rule->name;
  j["source"] = rule.rule->source;
  j["tags"] = rule.rule->tags;
  j["time"] = time_text(ctx.ev->ts, true);
  if (extras && !extras->uuid.empty()) j["uuid"] = extras->uuid;
  out.json = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string new_uuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t hi = rng(), lo = rng();
  hi = (hi & ~0xF000ull) | 0x4000ull;                  // version 4
  lo = (lo & ~(0xC000ull << 48)) | (0x8000ull << 48);  // variant 10
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF,
                     lo >> 48, lo & 0xFFFFFFFFFFFFull);
}

}  // namespace saker::rules
