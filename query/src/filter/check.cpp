#include "filter/check.h"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include <fmt/format.h>
#include <re2/re2.h>

#include "filter/bind_error.h"

namespace saker::query::filter {

namespace {

bool is_numeric(FieldType t) {
  return t == FieldType::Int64 || t == FieldType::Uint64 || t == FieldType::AbsTime ||
         t == FieldType::RelTime;
}

bool in_network(std::string_view addr, const std::string& net, int prefix) {
  if (addr.size() != net.size()) return false;
  int full = prefix / 8, rest = prefix % 8;
  if (std::memcmp(addr.data(), net.data(), static_cast<size_t>(full)) != 0) return false;
  if (rest == 0) return true;
  auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
  return (static_cast<unsigned char>(addr[full]) & mask) == (static_cast<unsigned char>(net[full]) & mask);
}

// An operand as written, unambiguously: kind, text and arguments, each delimited.
void append_operand_key(std::string& out, const ast::Operand& o) {
  out += static_cast<char>('0' + static_cast<int>(o.kind));
  out += std::to_string(o.text.size());
  out += ':';
  out += o.text;
  out += '(';
  for (const auto& a : o.args) append_operand_key(out, a);
  out += ')';
}

std::string check_key(const ast::Expr& e, const std::vector<Literal>& items) {
  std::string key;
  append_operand_key(key, e.lhs);
  key += e.op;
  key += '|';
  key += e.modifier;
  key += e.list ? "|L" : "|S";
  if (e.rhs) {
    key += "|R";
    append_operand_key(key, *e.rhs);
  }
  for (const auto& item : items) {
    key += '|';
    key += std::to_string(item.text.size());
    key += ':';
    key += item.text;
  }
  return key;
}

}  // namespace

Check::Check(const ast::Expr& e, Op op, const std::vector<Literal>& items) : lhs_(e.lhs), op_(op) {
  key_ = check_key(e, items);
  type_ = lhs_.type();
  all_ = e.modifier == "allof";
  modifier_ = e.modifier;
  list_ = e.list;
  for (const auto& item : items) shown_.push_back(item.text);
  if (lhs_.multi() && op_ != Op::In && op_ != Op::Intersects && op_ != Op::Exists)
    fail(e.pos, fmt::format("{} gives several values: compare it with 'intersects' or 'in'", e.lhs.text));
  if (op_ == Op::Exists) return;
  // libs' evt.around[T] = D: the event lies within D ms of T (the field is that distance).
  if (e.lhs.kind == ast::Operand::Kind::Field && e.lhs.text.starts_with("evt.around")) {
    if (op_ != Op::Eq) fail(e.pos + e.lhs.text.size(), "evt.around supports only the '=' operator");
    op_ = Op::Le;
  }
  if (e.rhs) {
    rhs_ = std::make_unique<Operand>(*e.rhs);
    if (is_numeric(type_) != is_numeric(rhs_->type()))
      fail(e.rhs->pos, fmt::format("cannot compare {} ({}) with {} ({})", e.lhs.text, field_type_name(type_),
                                   e.rhs->text, field_type_name(rhs_->type())));
    return;
  }
  bool ordering = op_ == Op::Lt || op_ == Op::Le || op_ == Op::Gt || op_ == Op::Ge;
  bool string_op = !(op_ == Op::Eq || op_ == Op::Ne || ordering || op_ == Op::In || op_ == Op::Intersects);
  if (is_numeric(type_) || type_ == FieldType::Bool) {
    if (string_op)
      fail(e.pos + e.lhs.text.size(), fmt::format("operator '{}' is not supported for {} ({})", e.op,
                                                  e.lhs.text, field_type_name(type_)));
    for (const auto& [text, pos] : items) {
      i128 n;
      if (type_ == FieldType::Bool) {
        if (text == "true")
          n = 1;
        else if (text == "false")
          n = 0;
        else
          fail(pos, fmt::format("'{}' is not a boolean (true or false) for {}", text, e.lhs.text),
               text.size());
      } else if (!parse_int(text, n)) {
        fail(pos, fmt::format("'{}' is not a number, and {} is {}", text, e.lhs.text, field_type_name(type_)),
             text.size());
      }
      nums_.push_back(n);
    }
  } else if (type_ == FieldType::IpAddr || type_ == FieldType::IpNet) {
    if (string_op || ordering)
      fail(e.pos, fmt::format("operator '{}' is not supported for {} ({})", e.op, e.lhs.text,
                              field_type_name(type_)));
    for (const auto& [text, pos] : items) {
      std::string_view t = text;
      int prefix = -1;
      if (auto slash = t.find('/'); slash != std::string_view::npos) {
        // As libs: networks are values of the network fields (fd.net, fd.cnet, ...) only.
        if (type_ == FieldType::IpAddr)
          fail(pos,
               fmt::format("unrecognized IP address '{}': {} takes addresses; compare networks with {}", text,
                           e.lhs.text, "fd.net, fd.cnet, fd.snet, fd.lnet or fd.rnet"),
               text.size());
        auto [p, ec] = std::from_chars(t.data() + slash + 1, t.data() + t.size(), prefix);
        if (ec != std::errc() || p != t.data() + t.size() || prefix < 0)
          fail(pos, fmt::format("'{}' is not a network (address/prefix)", text), text.size());
        t = t.substr(0, slash);
      }
      std::string ip;
      if (!parse_ip(t, ip)) fail(pos, fmt::format("'{}' is not an IP address or network", text), text.size());
      if (prefix < 0 || prefix > static_cast<int>(ip.size() * 8)) prefix = static_cast<int>(ip.size() * 8);
      strs_.push_back(ip);
      prefixes_.push_back(prefix);
    }
    net_ = true;
  } else {
    for (const auto& [text, pos] : items) {
      if (ordering) {
        i128 n;
        if (!parse_int(text, n))
          fail(pos, fmt::format("'{}' is not a number for operator '{}'", text, e.op), text.size());
        nums_.push_back(n);
      } else if (op_ == Op::BContains || op_ == Op::BStartsWith) {
        strs_.push_back(decode_hex(text, pos));
      } else if (op_ == Op::IContains || op_ == Op::IGlob) {
        strs_.push_back(lower(text));
      } else if (op_ == Op::Regex) {
        auto re = std::make_unique<re2::RE2>(text, re2::RE2::POSIX);
        if (!re->ok())
          fail(pos, fmt::format("bad regular expression '{}': {}", text, re->error()), text.size());
        regexes_.push_back(std::move(re));
        strs_.push_back(text);
      } else if (op_ == Op::PMatch) {
        std::string p = text;
        while (p.size() > 1 && p.back() == '/') p.pop_back();
        pmatch_root_ |= p == "/";
        strs_.push_back(p);
      } else {
        strs_.push_back(text);
      }
    }
  }
  if ((op_ == Op::In || op_ == Op::Intersects || op_ == Op::PMatch) && !is_numeric(type_) &&
      type_ != FieldType::Bool && !net_)
    set_ = StringSet(strs_);
  if (strs_.empty() && nums_.empty() && op_ != Op::In && op_ != Op::Intersects && op_ != Op::PMatch)
    fail(e.pos, "missing value");
}

Check::Check(Check&&) noexcept = default;
Check& Check::operator=(Check&&) noexcept = default;
Check::~Check() = default;

bool Check::evaluate(const EvalContext& ctx) const {
  FieldValue v;
  if (!lhs_.get(ctx, v)) return false;
  if (op_ == Op::Exists) return true;
  if (rhs_) return compare_operands(ctx, v);
  if (is_numeric(type_) || type_ == FieldType::Bool) {
    i128 x = (type_ == FieldType::Int64 || type_ == FieldType::Bool) ? static_cast<i128>(v.i)
                                                                     : static_cast<i128>(v.u);
    return any_num(x);
  }
  if (lhs_.multi()) return match_multi(v.s);
  if (net_) {
    bool in = false;
    for (size_t i = 0; i < strs_.size() && !in; ++i) in = in_network(v.s, strs_[i], prefixes_[i]);
    return op_ == Op::Ne ? !in : in;
  }
  return match_string(v.s);
}

// Several NUL-separated values: any of them in the set (intersects), or all of them (in).
bool Check::match_multi(std::string_view values) const {
  if (values.empty()) return false;
  bool any = false, all = true;
  for (size_t start = 0;;) {
    size_t cut = values.find('\0', start);
    bool hit = set_.contains(values.substr(start, cut == std::string_view::npos ? cut : cut - start));
    any |= hit;
    all &= hit;
    if (cut == std::string_view::npos) break;
    start = cut + 1;
  }
  return op_ == Op::Intersects ? any : all;
}

// `s` is a pattern, or a pattern is a directory above it: look up each of s's parent paths
// instead of comparing every pattern.
bool Check::pmatch(std::string_view s) const {
  if (set_.contains(s)) return true;
  if (pmatch_root_ && s.size() > 1 && s[0] == '/') return true;
  for (size_t i = s.find('/'); i != std::string_view::npos; i = s.find('/', i + 1))
    if (set_.contains(s.substr(0, i))) return true;
  return false;
}

bool Check::any_num(i128 x) const {
  switch (op_) {
    case Op::Eq:
    case Op::In:
    case Op::Intersects:
      return std::find(nums_.begin(), nums_.end(), x) != nums_.end();
    case Op::Ne:
      return std::find(nums_.begin(), nums_.end(), x) == nums_.end();
    case Op::Lt:
      return x < nums_[0];
    case Op::Le:
      return x <= nums_[0];
    case Op::Gt:
      return x > nums_[0];
    case Op::Ge:
      return x >= nums_[0];
    default:
      return false;
  }
}

bool Check::one(std::string_view s, size_t i) const {
  const std::string& c = strs_[i];
  switch (op_) {
    case Op::Eq:
      return s == c;
    case Op::Contains:
    case Op::BContains:
      return s.find(c) != std::string_view::npos;
    case Op::IContains:
      return icontains(s, c);
    case Op::StartsWith:
    case Op::BStartsWith:
      return s.substr(0, c.size()) == c;
    case Op::EndsWith:
      return s.size() >= c.size() && s.substr(s.size() - c.size()) == c;
    case Op::Glob:
    case Op::IGlob: {
      scratch_.assign(s);
      return fnmatch(c.c_str(), scratch_.c_str(), op_ == Op::IGlob ? FNM_CASEFOLD : 0) == 0;
    }
    case Op::Regex:
      return regexes_[i]->Match(re2::StringPiece(s.data(), s.size()), 0, s.size(), re2::RE2::ANCHOR_BOTH,
                                nullptr, 0);
    case Op::PMatch:
      return s == c ||
             (s.size() > c.size() && s.substr(0, c.size()) == c && (c == "/" || s[c.size()] == '/'));
    default:
      return false;
  }
}

bool Check::match_string(std::string_view s) const {
  switch (op_) {
    case Op::Eq:
      if (strs_.size() == 1) return s == strs_[0];  // the usual case, without the loop below
      break;
    case Op::Ne:
      return s != strs_[0];
    case Op::In:
    case Op::Intersects:
      return set_.contains(s);
    case Op::PMatch:
      if (!all_) return pmatch(s);
      break;
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge: {
      i128 x;
      return parse_int(s, x) && any_num(x);
    }
    default:
      break;
  }
  if (all_) {
    for (size_t i = 0; i < strs_.size(); ++i)
      if (!one(s, i)) return false;
    return !strs_.empty();
  }
  for (size_t i = 0; i < strs_.size(); ++i)
    if (one(s, i)) return true;
  return false;
}

bool Check::compare_operands(const EvalContext& ctx, const FieldValue& a) const {
  FieldValue b;
  if (!rhs_->get(ctx, b)) return false;
  if (is_numeric(type_)) {
    i128 x = type_ == FieldType::Int64 ? static_cast<i128>(a.i) : static_cast<i128>(a.u);
    i128 y = rhs_->type() == FieldType::Int64 ? static_cast<i128>(b.i) : static_cast<i128>(b.u);
    switch (op_) {
      case Op::Eq:
        return x == y;
      case Op::Ne:
        return x != y;
      case Op::Lt:
        return x < y;
      case Op::Le:
        return x <= y;
      case Op::Gt:
        return x > y;
      case Op::Ge:
        return x >= y;
      default:
        return false;
    }
  }
  std::string_view s = a.s, c = b.s;
  switch (op_) {
    case Op::Eq:
    case Op::In:
      return s == c;
    case Op::Ne:
      return s != c;
    case Op::Contains:
      return s.find(c) != std::string_view::npos;
    case Op::IContains:
      scratch_.assign(c);  // lowered in place: no allocation once warm
      for (auto& ch : scratch_) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      return icontains(s, scratch_);
    case Op::StartsWith:
      return s.substr(0, c.size()) == c;
    case Op::EndsWith:
      return s.size() >= c.size() && s.substr(s.size() - c.size()) == c;
    default:
      return false;
  }
}

std::string Check::describe() const {
  std::string out = lhs_.text() + " " + std::string(op_text(op_));
  if (!modifier_.empty()) out += " " + modifier_;
  if (op_ == Op::Exists) return out;
  if (rhs_) return out + " " + rhs_->text();
  constexpr size_t kShown = 12;
  out += list_ ? " (" : " ";
  for (size_t i = 0; i < shown_.size() && i < kShown; ++i) out += (i ? ", " : "") + shown_[i];
  if (shown_.size() > kShown) out += fmt::format(", ... {} more", shown_.size() - kShown);
  if (list_) out += ")";
  if (is_numeric(type_) || type_ == FieldType::Bool)
    out += " [numbers]";
  else if (net_)
    out += " [networks]";
  else if (op_ == Op::PMatch)
    out += fmt::format(" [{} paths, {}, parents looked up]", set_.size(),
                       set_.hashed() ? "hashed" : "by length");
  else if (op_ == Op::In || op_ == Op::Intersects)
    out += fmt::format(" [{} strings, {}]", set_.size(), set_.hashed() ? "hashed" : "by length");
  else if (op_ == Op::Regex)
    out += " [RE2]";
  return out;
}

}  // namespace saker::query::filter
