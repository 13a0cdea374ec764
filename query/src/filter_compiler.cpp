// Compiles filter syntax trees into evaluator trees bound to their fields and constants.
#include <arpa/inet.h>
#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <unordered_set>

#include <fmt/format.h>
#include <re2/re2.h>

#include "saker/query/filter.h"
#include "saker/query/filter_parser.h"

namespace saker::query {

namespace detail {

struct Node {
  virtual ~Node() = default;
  virtual bool eval(const EvalContext& ctx) const = 0;
};

}  // namespace detail

namespace {

using detail::Node;
// Wide enough for every int64 and uint64 value and their differences.
__extension__ typedef __int128 i128;

[[noreturn]] void fail(size_t pos, const std::string& msg) {
  throw SyntaxError(pos + 1, msg);
}

bool is_numeric(FieldType t) {
  return t == FieldType::Int64 || t == FieldType::Uint64 || t == FieldType::AbsTime ||
         t == FieldType::RelTime;
}

bool parse_int(std::string_view s, i128& out) {
  if (s.empty()) return false;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || p != s.data() + s.size()) return false;
  out = neg ? -static_cast<i128>(v) : static_cast<i128>(v);
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool icontains(std::string_view hay, std::string_view lowered_needle) {
  if (lowered_needle.size() > hay.size()) return false;
  for (size_t i = 0; i + lowered_needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < lowered_needle.size() && std::tolower(static_cast<unsigned char>(hay[i + k])) ==
                                            static_cast<unsigned char>(lowered_needle[k]))
      ++k;
    if (k == lowered_needle.size()) return true;
  }
  return false;
}

std::string decode_hex(std::string_view s, size_t pos) {
  std::string out;
  if (s.size() % 2) fail(pos, "a byte string needs an even number of hex digits");
  for (size_t i = 0; i < s.size(); i += 2) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(s.data() + i, s.data() + i + 2, v, 16);
    if (ec != std::errc() || p != s.data() + i + 2)
      fail(pos, fmt::format("'{}' is not a hex byte string", s));
    out += static_cast<char>(v);
  }
  return out;
}

bool parse_ip(std::string_view text, std::string& out) {
  std::string t(text);
  unsigned char buf[16];
  if (inet_pton(AF_INET, t.c_str(), buf) == 1) {
    out.assign(reinterpret_cast<char*>(buf), 4);
    return true;
  }
  if (inet_pton(AF_INET6, t.c_str(), buf) == 1) {
    out.assign(reinterpret_cast<char*>(buf), 16);
    return true;
  }
  return false;
}

std::string b64decode(std::string_view in) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    auto idx = kAlphabet.find(c);
    if (idx == std::string_view::npos) return std::string(in);  // not base64: unchanged, like Falco
    acc = (acc << 6) | static_cast<uint32_t>(idx);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

// A field, a literal, or a transformer over operands, evaluated to a typed value.
class OperandEval {
 public:
  OperandEval(const ast::Operand& op, size_t depth = 0) {
    if (depth > 32) fail(op.pos, "transformers nested too deeply");
    switch (op.kind) {
      case ast::Operand::Kind::Field: {
        std::string err;
        if (!resolve_field(op.text, ref_, err)) fail(op.pos, err);
        type_ = ref_.def->type;
        kind_ = Kind::Field;
        break;
      }
      case ast::Operand::Kind::Literal:
        kind_ = Kind::Literal;
        literal_ = op.text;
        type_ = FieldType::String;
        break;
      case ast::Operand::Kind::List:
        fail(op.pos, "a list is only allowed as an argument of join()");
      case ast::Operand::Kind::Transformer: {
        kind_ = Kind::Transformer;
        name_ = op.text;
        if (name_ == "join") {
          if (op.args.size() != 2 || op.args[0].kind != ast::Operand::Kind::Literal ||
              op.args[1].kind != ast::Operand::Kind::List)
            fail(op.pos, "join() takes a separator string and a list: join(\",\", (f1, f2))");
          literal_ = op.args[0].text;
          for (const auto& a : op.args[1].args) args_.emplace_back(a, depth + 1);
        } else if (name_ == "concat") {
          if (op.args.size() < 2) fail(op.pos, "concat() takes two or more arguments");
          for (const auto& a : op.args) args_.emplace_back(a, depth + 1);
        } else if (name_ == "getopt") {
          // getopt((arg, ...), "optstring"): the options and option arguments, as several values.
          if (op.args.size() != 2 || op.args[0].kind != ast::Operand::Kind::List ||
              op.args[1].kind != ast::Operand::Kind::Literal)
            fail(op.pos,
                 "getopt() takes a list of arguments and an option string: getopt((a1, a2), \"lp:\")");
          literal_ = op.args[1].text;
          for (const auto& a : op.args[0].args) args_.emplace_back(a, depth + 1);
          multi_ = true;
        } else {
          if (op.args.size() != 1) fail(op.pos, fmt::format("{}() takes one argument", name_));
          args_.emplace_back(op.args[0], depth + 1);
          FieldType in = args_[0].type();
          if (in != FieldType::String && in != FieldType::Bytes)
            fail(op.pos, fmt::format("{}() needs a string field, {} is {}", name_, op.args[0].text,
                                     field_type_name(in)));
        }
        type_ = name_ == "len" ? FieldType::Uint64 : FieldType::String;
        break;
      }
    }
  }

  FieldType type() const { return type_; }
  // Several values, NUL-separated in FieldValue::s (getopt()).
  bool multi() const { return multi_; }

  bool get(const EvalContext& ctx, FieldValue& v) const {
    switch (kind_) {
      case Kind::Field:
        return ref_.def->extract(ctx, ref_, v, scratch_);
      case Kind::Literal:
        v.s = literal_;
        return true;
      case Kind::Transformer:
        break;
    }
    if (name_ == "getopt") return getopt(ctx, v);
    if (name_ == "join" || name_ == "concat") {
      std::string& out = scratch_;
      out.clear();
      bool first = true;
      for (const auto& a : args_) {
        FieldValue av;
        if (!a.get(ctx, av)) continue;
        if (name_ == "join" && !first) out += literal_;
        first = false;
        append_value(a.type(), av, out);
      }
      v.s = out;
      return true;
    }
    FieldValue in;
    if (!args_[0].get(ctx, in)) return false;
    if (name_ == "len") {
      v.u = in.s.size();
      return true;
    }
    if (name_ == "basename") {
      auto slash = in.s.rfind('/');
      v.s = slash == std::string_view::npos ? in.s : in.s.substr(slash + 1);
      return true;
    }
    std::string& out = scratch_;
    if (name_ == "b64") {
      out = b64decode(in.s);
    } else {
      out.assign(in.s);
      bool up = name_ == "toupper";
      for (auto& c : out)
        c = static_cast<char>(up ? std::toupper(static_cast<unsigned char>(c))
                                 : std::tolower(static_cast<unsigned char>(c)));
    }
    v.s = out;
    return true;
  }

  // POSIX-style option parsing: each option letter (or "?" for one not in the option
  // string), then its argument when the option takes one; "--" ends the options.
  bool getopt(const EvalContext& ctx, FieldValue& v) const {
    std::vector<std::string>& argv = argv_;
    argv.clear();
    for (const auto& a : args_) {
      FieldValue av;
      if (!a.get(ctx, av)) continue;
      std::string text;
      append_value(a.type(), av, text);
      argv.push_back(std::move(text));
    }
    std::string& out = scratch_;
    out.clear();
    auto emit = [&](std::string_view item) {
      if (!out.empty()) out += '\0';
      out += item;
    };
    for (size_t i = 0; i < argv.size(); ++i) {
      const std::string& a = argv[i];
      if (a == "--") break;
      if (a.size() < 2 || a[0] != '-') continue;
      for (size_t j = 1; j < a.size(); ++j) {
        auto at = literal_.find(a[j]);
        if (a[j] == ':' || at == std::string::npos) {
          emit("?");
          continue;
        }
        emit(std::string_view(&a[j], 1));
        if (at + 1 < literal_.size() && literal_[at + 1] == ':') {
          if (j + 1 < a.size())
            emit(std::string_view(a).substr(j + 1));
          else if (i + 1 < argv.size())
            emit(argv[++i]);
          break;
        }
      }
    }
    v.s = out;
    return true;
  }

 private:
  enum class Kind { Field, Literal, Transformer };
  Kind kind_ = Kind::Field;
  FieldRef ref_;
  FieldType type_ = FieldType::String;
  std::string name_, literal_;
  std::vector<OperandEval> args_;
  bool multi_ = false;
  mutable std::string scratch_;
  mutable std::vector<std::string> argv_;
};

enum class Op {
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  Contains,
  IContains,
  BContains,
  StartsWith,
  BStartsWith,
  EndsWith,
  Glob,
  IGlob,
  Regex,
  In,
  Intersects,
  PMatch,
  Exists
};

Op op_of(const std::string& s) {
  static const std::pair<const char*, Op> kOps[] = {{"=", Op::Eq},
                                                    {"!=", Op::Ne},
                                                    {"<", Op::Lt},
                                                    {"<=", Op::Le},
                                                    {">", Op::Gt},
                                                    {">=", Op::Ge},
                                                    {"contains", Op::Contains},
                                                    {"icontains", Op::IContains},
                                                    {"bcontains", Op::BContains},
                                                    {"startswith", Op::StartsWith},
                                                    {"bstartswith", Op::BStartsWith},
                                                    {"endswith", Op::EndsWith},
                                                    {"glob", Op::Glob},
                                                    {"iglob", Op::IGlob},
                                                    {"regex", Op::Regex},
                                                    {"in", Op::In},
                                                    {"intersects", Op::Intersects},
                                                    {"pmatch", Op::PMatch},
                                                    {"exists", Op::Exists}};
  for (const auto& [n, o] : kOps)
    if (s == n) return o;
  return Op::Eq;
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class CheckNode final : public Node {
 public:
  CheckNode(const ast::Expr& e, const FilterEnv* env) : lhs_(e.lhs), op_(op_of(e.op)) {
    type_ = lhs_.type();
    all_ = e.modifier == "allof";
    if (lhs_.multi() && op_ != Op::In && op_ != Op::Intersects && op_ != Op::Exists)
      fail(e.pos, fmt::format("{} gives several values: compare it with 'intersects' or 'in'", e.lhs.text));
    if (op_ == Op::Exists) return;
    if (e.rhs) {
      rhs_ = std::make_unique<OperandEval>(*e.rhs);
      if (is_numeric(type_) != is_numeric(rhs_->type()))
        fail(e.rhs->pos, fmt::format("cannot compare {} ({}) with {} ({})", e.lhs.text,
                                     field_type_name(type_), e.rhs->text, field_type_name(rhs_->type())));
      return;
    }
    // Expand list names into their items.
    std::vector<std::pair<std::string, size_t>> items;
    for (const auto& v : e.values) {
      if (v.identifier && env && env->list) {
        if (const auto* l = env->list(v.text)) {
          for (const auto& item : *l) items.emplace_back(item, v.pos);
          continue;
        }
      }
      // A bare word that names no list is a value, as in Falco: `evt.type in (execve)`.
      items.emplace_back(v.text, v.pos);
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
            fail(pos, fmt::format("'{}' is not a boolean (true or false) for {}", text, e.lhs.text));
        } else if (!parse_int(text, n)) {
          fail(pos,
               fmt::format("'{}' is not a number, and {} is {}", text, e.lhs.text, field_type_name(type_)));
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
            fail(pos, fmt::format("unrecognized IP address '{}': {} takes addresses; compare networks with "
                                  "{}",
                                  text, e.lhs.text, "fd.net, fd.cnet, fd.snet, fd.lnet or fd.rnet"));
          auto [p, ec] = std::from_chars(t.data() + slash + 1, t.data() + t.size(), prefix);
          if (ec != std::errc() || p != t.data() + t.size() || prefix < 0)
            fail(pos, fmt::format("'{}' is not a network (address/prefix)", text));
          t = t.substr(0, slash);
        }
        std::string ip;
        if (!parse_ip(t, ip)) fail(pos, fmt::format("'{}' is not an IP address or network", text));
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
            fail(pos, fmt::format("'{}' is not a number for operator '{}'", text, e.op));
          nums_.push_back(n);
        } else if (op_ == Op::BContains || op_ == Op::BStartsWith) {
          strs_.push_back(decode_hex(text, pos));
        } else if (op_ == Op::IContains || op_ == Op::IGlob) {
          strs_.push_back(lower(text));
        } else if (op_ == Op::Regex) {
          auto re = std::make_unique<re2::RE2>(text, re2::RE2::POSIX);
          if (!re->ok()) fail(pos, fmt::format("bad regular expression '{}': {}", text, re->error()));
          regexes_.push_back(std::move(re));
          strs_.push_back(text);
        } else if (op_ == Op::PMatch) {
          std::string p = text;
          while (p.size() > 1 && p.back() == '/') p.pop_back();
          strs_.push_back(p);
        } else {
          strs_.push_back(text);
        }
      }
    }
    if ((op_ == Op::In || op_ == Op::Intersects) && !is_numeric(type_) && type_ != FieldType::Bool && !net_)
      for (const auto& s : strs_) set_.insert(s);
    if (strs_.empty() && nums_.empty() && op_ != Op::In && op_ != Op::Intersects && op_ != Op::PMatch)
      fail(e.pos, "missing value");
  }

  bool eval(const EvalContext& ctx) const override {
    FieldValue v;
    if (!lhs_.get(ctx, v)) return false;
    if (op_ == Op::Exists) return true;
    if (rhs_) return compare_operands(ctx, v);
    if (is_numeric(type_) || type_ == FieldType::Bool) {
      i128 x = (type_ == FieldType::Int64 || type_ == FieldType::Bool) ? static_cast<i128>(v.i)
                                                                       : static_cast<i128>(v.u);
      return any_num(x);
    }
    if (lhs_.multi()) {
      // Any of the values in the set (intersects); all of them (in).
      if (v.s.empty()) return false;
      bool any = false, all = true;
      for (size_t start = 0;;) {
        size_t cut = v.s.find('\0', start);
        bool hit =
            set_.find(v.s.substr(start, cut == std::string_view::npos ? cut : cut - start)) != set_.end();
        any |= hit;
        all &= hit;
        if (cut == std::string_view::npos) break;
        start = cut + 1;
      }
      return op_ == Op::Intersects ? any : all;
    }
    if (net_) {
      bool in = false;
      for (size_t i = 0; i < strs_.size() && !in; ++i) in = in_network(v.s, strs_[i], prefixes_[i]);
      return op_ == Op::Ne ? !in : in;
    }
    return match_string(v.s);
  }

 private:
  static bool in_network(std::string_view addr, const std::string& net, int prefix) {
    if (addr.size() != net.size()) return false;
    int full = prefix / 8, rest = prefix % 8;
    if (std::memcmp(addr.data(), net.data(), static_cast<size_t>(full)) != 0) return false;
    if (rest == 0) return true;
    auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
    return (static_cast<unsigned char>(addr[full]) & mask) == (static_cast<unsigned char>(net[full]) & mask);
  }

  bool any_num(i128 x) const {
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

  bool one(std::string_view s, size_t i) const {
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

  bool match_string(std::string_view s) const {
    switch (op_) {
      case Op::Ne:
        return s != strs_[0];
      case Op::In:
      case Op::Intersects:
        return set_.find(s) != set_.end();
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

  bool compare_operands(const EvalContext& ctx, const FieldValue& a) const {
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
        return icontains(s, lower(c));
      case Op::StartsWith:
        return s.substr(0, c.size()) == c;
      case Op::EndsWith:
        return s.size() >= c.size() && s.substr(s.size() - c.size()) == c;
      default:
        return false;
    }
  }

  OperandEval lhs_;
  Op op_;
  FieldType type_;
  bool all_ = false;
  std::unique_ptr<OperandEval> rhs_;
  std::vector<std::string> strs_;
  std::vector<i128> nums_;
  std::vector<int> prefixes_;  // IP checks: network prefix length per constant
  bool net_ = false;
  std::vector<std::unique_ptr<re2::RE2>> regexes_;
  std::unordered_set<std::string, StringHash, std::equal_to<>> set_;
  mutable std::string scratch_;
};

class AndNode final : public Node {
 public:
  std::vector<std::unique_ptr<Node>> kids;
  bool eval(const EvalContext& ctx) const override {
    for (const auto& k : kids)
      if (!k->eval(ctx)) return false;
    return true;
  }
};

class OrNode final : public Node {
 public:
  std::vector<std::unique_ptr<Node>> kids;
  bool eval(const EvalContext& ctx) const override {
    for (const auto& k : kids)
      if (k->eval(ctx)) return true;
    return false;
  }
};

class NotNode final : public Node {
 public:
  std::unique_ptr<Node> kid;
  bool eval(const EvalContext& ctx) const override { return !kid->eval(ctx); }
};

struct Compiled {
  std::unique_ptr<Node> node;
  EventTypeSet types;
  bool exact = false;  // `types` is exactly the matching set (so it may be complemented)
};

EventTypeSet all_types() {
  EventTypeSet s;
  s.set();
  return s;
}

// The event types an `evt.type` check can match.
// evt.type =/in/!= checks as a bit test on the event id; generic syscall events (named after
// their syscall) still compare names.
class EventTypeNode final : public Node {
 public:
  EventTypeNode(EventTypeSet named, bool negate, std::unique_ptr<Node> by_name)
      : named_(named), negate_(negate), by_name_(std::move(by_name)) {}
  bool eval(const EvalContext& ctx) const override {
    if (!scap::is_generic_syscall(ctx.ev->event_type())) return named_.test(ctx.ev->type) != negate_;
    return by_name_->eval(ctx);
  }

 private:
  EventTypeSet named_;
  bool negate_;
  std::unique_ptr<Node> by_name_;
};

Compiled narrow_by_type(const ast::Expr& e, const FilterEnv* env, Compiled c) {
  if (e.lhs.kind != ast::Operand::Kind::Field || e.lhs.text != "evt.type" || e.rhs) return c;
  if (e.op != "=" && e.op != "in" && e.op != "!=") return c;
  EventTypeSet named;
  bool generic = false;
  auto add = [&](std::string_view name, size_t pos) {
    bool found = false;
    auto table = scap::event_table();
    for (uint16_t t = 0; t < table.size(); ++t)
      if (table[t].name == name && !(table[t].flags & scap::kUnused)) named.set(t), found = true;
    // Generic events take the syscall's name: any syscall name may also be a generic event.
    generic = true;
    for (uint16_t sc = 0; !found && sc < 1024; ++sc) found = scap::syscall_name(sc) == name;  // 0: "unknown", as libs
    // As libs: a name that is neither an event nor a syscall is an error.
    if (!found) fail(pos, fmt::format("unknown event type '{}'", name));
  };
  for (const auto& v : e.values) {
    const std::vector<std::string>* l = (v.identifier && env && env->list) ? env->list(v.text) : nullptr;
    if (l)
      for (const auto& item : *l) add(item, v.pos);
    else
      add(v.text, v.pos);
  }
  c.node = std::make_unique<EventTypeNode>(named, e.op == "!=", std::move(c.node));
  if (e.op == "!=") {
    c.types = ~named;
    c.exact = false;
  } else {
    c.types = named;
    if (generic) {
      c.types.set(scap::type_id(scap::EventType::GenericE));
      c.types.set(scap::type_id(scap::EventType::GenericX));
    }
    c.exact = !generic;
  }
  return c;
}

// The macros being expanded, innermost last, and how many references were expanded so far.
struct MacroScope {
  std::vector<std::string> stack;
  size_t expansions = 0;
};

Compiled compile_expr(const ast::Expr& e, const FilterEnv* env, MacroScope& macros) {
  switch (e.kind) {
    case ast::Expr::Kind::And:
    case ast::Expr::Kind::Or: {
      bool is_and = e.kind == ast::Expr::Kind::And;
      Compiled out;
      out.types = is_and ? all_types() : EventTypeSet{};
      out.exact = true;
      std::vector<std::unique_ptr<Node>> kids;
      for (const auto& ch : e.children) {
        Compiled c = compile_expr(*ch, env, macros);
        if (is_and)
          out.types &= c.types;
        else
          out.types |= c.types;
        out.exact = out.exact && c.exact;
        kids.push_back(std::move(c.node));
      }
      if (is_and) {
        auto n = std::make_unique<AndNode>();
        n->kids = std::move(kids);
        out.node = std::move(n);
        out.exact = false;  // an intersection of supersets is not exact in general
      } else {
        auto n = std::make_unique<OrNode>();
        n->kids = std::move(kids);
        out.node = std::move(n);
      }
      return out;
    }
    case ast::Expr::Kind::Not: {
      Compiled c = compile_expr(*e.children[0], env, macros);
      Compiled out;
      auto n = std::make_unique<NotNode>();
      n->kid = std::move(c.node);
      out.node = std::move(n);
      out.types = c.exact ? ~c.types : all_types();
      out.exact = c.exact;
      return out;
    }
    case ast::Expr::Kind::Identifier: {
      const ast::Expr* m = nullptr;
      try {
        m = env && env->macro ? env->macro(e.name) : nullptr;
      } catch (const SyntaxError& err) {  // the macro's own text does not parse
        throw SyntaxError(e.pos + 1,
                          fmt::format("in macro '{}': column {}: {}", e.name, err.column(), err.message()));
      }
      if (!m) fail(e.pos, fmt::format("unknown macro or field '{}'", e.name));
      auto& stack = macros.stack;
      if (std::find(stack.begin(), stack.end(), e.name) != stack.end())
        fail(e.pos, fmt::format("macro '{}' refers to itself", e.name));
      // Hostile rule files: chains deep enough to exhaust the stack, or macros naming others
      // twice at every level (exponential expansion), get an error instead.
      if (stack.size() >= kMaxMacroDepth)
        fail(e.pos, fmt::format("macros nested deeper than {} levels at '{}'", kMaxMacroDepth, e.name));
      if (++macros.expansions > kMaxMacroExpansions)
        fail(e.pos, fmt::format("the condition expands more than {} macro references", kMaxMacroExpansions));
      stack.push_back(e.name);
      Compiled c;
      try {
        c = compile_expr(*m, env, macros);
      } catch (const SyntaxError& err) {
        stack.pop_back();
        throw SyntaxError(e.pos + 1, fmt::format("in macro '{}': {}", e.name, err.message()));
      }
      stack.pop_back();
      return c;
    }
    case ast::Expr::Kind::Check: {
      Compiled c;
      c.node = std::make_unique<CheckNode>(e, env);
      c.types = all_types();
      return narrow_by_type(e, env, std::move(c));
    }
  }
  fail(e.pos, "unsupported expression");
}

}  // namespace

Filter::Filter() = default;
Filter::~Filter() = default;
Filter::Filter(Filter&&) noexcept = default;
Filter& Filter::operator=(Filter&&) noexcept = default;

Filter Filter::compile(std::string_view text, const FilterEnv* env) {
  auto tree = parse_filter(text);
  return compile(*tree, env);
}

Filter Filter::compile(const ast::Expr& expr, const FilterEnv* env) {
  MacroScope macros;
  Compiled c = compile_expr(expr, env, macros);
  Filter f;
  f.root_ = std::move(c.node);
  f.types_ = c.types;
  return f;
}

bool Filter::matches(const EvalContext& ctx) const {
  return !root_ || root_->eval(ctx);
}

}  // namespace saker::query
