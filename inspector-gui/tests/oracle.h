// The test oracle: `saker print` (run_print) and `saker replay` (run_replay) output as lines,
// an independent path through the same libraries the inspector uses.
#pragma once

#include <arpa/inet.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

#include "captured_output.h"
#include "saker/query/field.h"
#include "saker/query/print_command.h"
#include "saker/rules/commands.h"

namespace saker::inspector::test {

inline std::vector<std::string> print_lines(const std::string& capture, const std::string& filter,
                                            const std::string& format) {
  query::PrintOptions o;
  o.capture = capture;
  o.filter = filter;
  // Records end in a mark of their own: argument text may hold line breaks, as libs prints it.
  o.format = format + "\x1e";
  auto r = saker::test::capture_output(
      [&](std::FILE* out, std::FILE* err) { return query::run_print(o, out, err); });
  std::vector<std::string> records;
  for (size_t at = 0, end; (end = r.out.find("\x1e\n", at)) != std::string::npos; at = end + 2)
    records.push_back(r.out.substr(at, end - at));
  return records;
}

// The event numbers `saker print` lists for `filter`, ordered by `field` from the text print
// shows for `print_field` (the column's field, or its raw form: evt.rawtime for evt.time):
// numbers numerically, addresses numerically, text bytewise; <NA> (no value) first ascending,
// last descending; ties in capture order (std::stable_sort).
inline std::vector<uint32_t> print_sorted(const std::string& capture, const std::string& filter,
                                          const std::string& field, const std::string& print_field,
                                          bool descending) {
  query::FieldRef ref;
  std::string err;
  if (!query::resolve_field(field, ref, err)) return {};
  struct Row {
    uint32_t num = 0;
    bool has = false;
    int64_t i = 0;
    uint64_t u = 0;
    std::string s;
  };
  std::vector<Row> rows;
  for (const std::string& line : print_lines(capture, filter, "*%evt.num\t%" + print_field)) {
    Row r;
    size_t tab = line.find('\t');
    r.num = static_cast<uint32_t>(std::stoul(line.substr(0, tab)));
    std::string v = line.substr(tab + 1);
    r.has = v != "<NA>";
    if (r.has) switch (ref.def->type) {
        case query::FieldType::Int64:
          r.i = std::stoll(v);
          break;
        case query::FieldType::Bool:
          r.i = v == "true";
          break;
        case query::FieldType::Uint64:
        case query::FieldType::AbsTime:
        case query::FieldType::RelTime:
          r.u = std::stoull(v);
          break;
        case query::FieldType::IpAddr:
        case query::FieldType::IpNet: {
          unsigned char a[16] = {};
          unsigned char v4[4];
          if (inet_pton(AF_INET, v.c_str(), v4) == 1) {
            a[10] = a[11] = 0xff;
            std::memcpy(a + 12, v4, 4);
          } else {
            inet_pton(AF_INET6, v.c_str(), a);
          }
          r.s.assign(reinterpret_cast<const char*>(a), 16);
          break;
        }
        default:
          r.s = v;
      }
    rows.push_back(std::move(r));
  }
  auto less = [&](const Row& a, const Row& b) {  // a before b ascending
    if (a.has != b.has) return !a.has;
    if (!a.has) return false;
    switch (ref.def->type) {
      case query::FieldType::Int64:
      case query::FieldType::Bool:
        return a.i < b.i;
      case query::FieldType::Uint64:
      case query::FieldType::AbsTime:
      case query::FieldType::RelTime:
        return a.u < b.u;
      default:
        return a.s < b.s;
    }
  };
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const Row& a, const Row& b) { return descending ? less(b, a) : less(a, b); });
  std::vector<uint32_t> out;
  for (const Row& r : rows) out.push_back(r.num);
  return out;
}

inline std::vector<std::string> replay_lines(const std::string& capture,
                                             const std::vector<std::string>& rule_paths = {}) {
  rules::ReplayOptions o;
  o.captures = {capture};
  o.rule_paths = rule_paths;
  o.quiet = true;
  auto r = saker::test::capture_output(
      [&](std::FILE* out, std::FILE* err) { return rules::run_replay(o, out, err); });
  return saker::test::split_lines(r.out);
}

}  // namespace saker::inspector::test
