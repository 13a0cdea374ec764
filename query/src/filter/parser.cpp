#include "saker/query/filter_parser.h"

#include <array>
#include <cctype>

#include <fmt/format.h>

namespace saker::query {

namespace {

bool ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\b';
}

// Operators that need a word boundary after them (the grammar's trailing space).
constexpr std::array<std::string_view, 13> kWordOperators = {
    "bcontains",  "bstartswith", "contains", "endswith",   "glob",   "icontains", "iglob",
    "startswith", "regex",       "in",       "intersects", "pmatch", "exists"};
constexpr std::array<std::string_view, 8> kTransformers = {"tolower", "toupper", "b64",    "basename",
                                                           "len",     "join",    "concat", "getopt"};

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  std::unique_ptr<ast::Expr> parse() {
    skip_ws();
    if (at_end()) fail(pos_, "empty filter");
    auto e = parse_or();
    skip_ws();
    if (!at_end()) fail(pos_, fmt::format("unexpected '{}': expected 'and', 'or' or the end", peek_word()));
    return e;
  }

 private:
  [[noreturn]] void fail(size_t at, const std::string& msg) { throw SyntaxError(at + 1, msg); }

  bool at_end() const { return pos_ >= s_.size(); }
  void skip_ws() {
    while (!at_end() && space(s_[pos_])) ++pos_;
  }
  std::string_view peek_word() const {
    size_t e = pos_;
    while (e < s_.size() && !space(s_[e])) ++e;
    return s_.substr(pos_, std::min<size_t>(e - pos_, 30));
  }
  // Matches a keyword followed by a boundary (space, '(' or end); consumes it.
  bool keyword(std::string_view kw) {
    skip_ws();
    if (s_.substr(pos_, kw.size()) != kw) return false;
    size_t after = pos_ + kw.size();
    if (after < s_.size() && (ident_char(s_[after]) || s_[after] == '.')) return false;
    pos_ = after;
    return true;
  }
  bool symbol(char c) {
    skip_ws();
    if (!at_end() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  struct DepthGuard {
    explicit DepthGuard(Parser& p) : p_(p) {
      if (++p_.depth_ > kMaxFilterDepth)
        p_.fail(p_.pos_, fmt::format("filter nested deeper than {} levels", kMaxFilterDepth));
    }
    ~DepthGuard() { --p_.depth_; }
    Parser& p_;
  };

  // `or` binds looser than `and`: OrExpr ::= AndExpr ('or' AndExpr)*, AndExpr ::= NotExpr ('and' NotExpr)*.
  std::unique_ptr<ast::Expr> parse_or() { return parse_chain(ast::Expr::Kind::Or, "or", &Parser::parse_and); }
  std::unique_ptr<ast::Expr> parse_and() {
    return parse_chain(ast::Expr::Kind::And, "and", &Parser::parse_not);
  }
  std::unique_ptr<ast::Expr> parse_chain(ast::Expr::Kind kind, std::string_view kw,
                                         std::unique_ptr<ast::Expr> (Parser::*operand)()) {
    DepthGuard g(*this);
    size_t start = pos_;
    auto left = (this->*operand)();
    if (!keyword_ahead(kw)) return left;
    auto node = std::make_unique<ast::Expr>();
    node->kind = kind;
    node->pos = start;
    node->children.push_back(std::move(left));
    while (keyword(kw)) node->children.push_back((this->*operand)());
    return node;
  }
  bool keyword_ahead(std::string_view kw) {
    size_t save = pos_;
    bool yes = keyword(kw);
    pos_ = save;
    return yes;
  }
  std::unique_ptr<ast::Expr> parse_not() {
    DepthGuard g(*this);
    skip_ws();
    size_t start = pos_;
    if (keyword("not")) {
      auto node = std::make_unique<ast::Expr>();
      node->kind = ast::Expr::Kind::Not;
      node->pos = start;
      node->children.push_back(parse_not());
      return node;
    }
    return parse_check();
  }

  std::unique_ptr<ast::Expr> parse_check() {
    skip_ws();
    size_t start = pos_;
    if (at_end()) fail(pos_, "unexpected end of filter: expected a condition");
    if (s_[pos_] == '(') {
      ++pos_;
      auto e = parse_or();
      if (!symbol(')')) fail(pos_, "expected ')'");
      return e;
    }
    ast::Operand lhs = parse_operand(false);
    skip_ws();
    if (lhs.kind == ast::Operand::Kind::Field && lhs.text.find('.') == std::string::npos &&
        lhs.text.find('[') == std::string::npos) {
      // A bare identifier: a macro reference.
      if (at_end() || !starts_operator()) {
        auto node = std::make_unique<ast::Expr>();
        node->kind = ast::Expr::Kind::Identifier;
        node->pos = start;
        node->name = lhs.text;
        return node;
      }
    }
    auto node = std::make_unique<ast::Expr>();
    node->kind = ast::Expr::Kind::Check;
    node->pos = start;
    node->lhs = std::move(lhs);
    parse_condition(*node);
    return node;
  }

  bool starts_operator() {
    skip_ws();
    if (at_end()) return false;
    char c = s_[pos_];
    if (c == '=' || c == '!' || c == '<' || c == '>') return true;
    for (auto op : kWordOperators)
      if (keyword_ahead(op)) return true;
    return false;
  }

  void parse_condition(ast::Expr& node) {
    skip_ws();
    size_t at = pos_;
    if (at_end()) fail(pos_, "expected an operator after the field");
    static constexpr std::array<std::string_view, 7> kSymbols = {"==", "!=", "<=", ">=", "=", "<", ">"};
    for (auto op : kSymbols) {
      if (s_.substr(pos_, op.size()) == op) {
        pos_ += op.size();
        node.op = op == "==" ? "=" : std::string(op);
        parse_scalar_value(node, op == "<" || op == "<=" || op == ">" || op == ">=");
        return;
      }
    }
    for (auto op : kWordOperators) {
      if (!keyword(op)) continue;
      node.op = std::string(op);
      if (op == "exists") return;
      if (op == "in" || op == "intersects" || op == "pmatch") {
        parse_list_value(node);
        return;
      }
      for (auto m : {"oneof", "anyof", "allof"}) {
        if (keyword(m)) {
          node.modifier = m;
          parse_list_value(node);
          return;
        }
      }
      parse_scalar_value(node, false);
      return;
    }
    fail(at, fmt::format("expected an operator, found '{}'", peek_word()));
  }

  bool try_rhs_operand(ast::Expr& node) {
    skip_ws();
    if (keyword_ahead("val") && s_.substr(pos_, 4) == "val(") {
      size_t at = pos_;
      pos_ += 4;
      auto field = parse_operand(false);
      if (field.kind != ast::Operand::Kind::Field) fail(at, "val() takes a field");
      if (!symbol(')')) fail(pos_, "expected ')' after the field in val()");
      node.rhs = std::make_unique<ast::Operand>(std::move(field));
      return true;
    }
    for (auto t : kTransformers) {
      if (s_.substr(pos_, t.size()) == t && pos_ + t.size() < s_.size() && s_[pos_ + t.size()] == '(') {
        node.rhs = std::make_unique<ast::Operand>(parse_operand(false));
        return true;
      }
    }
    return false;
  }

  void parse_scalar_value(ast::Expr& node, bool numeric) {
    skip_ws();
    if (at_end()) fail(pos_, "expected a value after the operator");
    if (try_rhs_operand(node)) return;
    node.values.push_back(value(numeric, "a value"));
  }

  // A quoted or bare value at pos_; `what` names it in the error when there is none.
  ast::Expr::Value value(bool numeric, std::string_view what) {
    ast::Expr::Value v;
    v.pos = pos_;
    if (s_[pos_] == '"' || s_[pos_] == '\'') {
      v.text = quoted();
      v.quoted = true;
    } else {
      v.text = bare(numeric);
      if (v.text.empty()) fail(pos_, fmt::format("expected {}, found '{}'", what, s_[pos_]));
    }
    return v;
  }

  void parse_list_value(ast::Expr& node) {
    node.list = true;
    skip_ws();
    if (at_end()) fail(pos_, "expected a list after the operator");
    if (try_rhs_operand(node)) return;
    if (s_[pos_] != '(') {
      // A list name.
      ast::Expr::Value v;
      v.pos = pos_;
      v.text = identifier();
      if (v.text.empty()) fail(pos_, "expected a list: '(' or a list name");
      v.identifier = true;
      node.values.push_back(std::move(v));
      return;
    }
    ++pos_;
    skip_ws();
    if (symbol(')')) return;
    for (;;) {
      skip_ws();
      if (at_end()) fail(pos_, "unterminated list: expected ')'");
      ast::Expr::Value v = value(false, "a list item");
      if (!v.quoted) {
        v.identifier =
            !v.text.empty() && ident_start(v.text[0]) &&
            v.text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
                std::string::npos;
      }
      node.values.push_back(std::move(v));
      if (symbol(',')) continue;
      if (symbol(')')) return;
      fail(pos_, "expected ',' or ')' in the list");
    }
  }

  std::string identifier() {
    size_t start = pos_;
    while (!at_end() && (ident_char(s_[pos_]) || s_[pos_] == '.' || s_[pos_] == '-')) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  std::string quoted() {
    char q = s_[pos_];
    size_t start = pos_++;
    std::string out;
    while (!at_end() && s_[pos_] != q) {
      if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) {
        char n = s_[pos_ + 1];
        switch (n) {
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          case 'r':
            out += '\r';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case '\\':
            out += '\\';
            break;
          case '"':
            out += '"';
            break;
          case '\'':
            out += '\'';
            break;
          default:
            out += '\\';
            out += n;
            break;
        }
        pos_ += 2;
        continue;
      }
      out += s_[pos_++];
    }
    if (at_end()) fail(start, "unterminated string");
    ++pos_;
    return out;
  }

  // BareStr: up to a space, parenthesis, comma, '=' or a quote.
  std::string bare(bool /*numeric*/) {
    size_t start = pos_;
    while (!at_end()) {
      char c = s_[pos_];
      if (space(c) || c == '(' || c == ')' || c == ',' || c == '=' || c == '"' || c == '\'') break;
      ++pos_;
    }
    return std::string(s_.substr(start, pos_ - start));
  }

  // Field ::= name('[' arg ']')? ; transformer '(' args ')' ; inside transformers also literals.
  ast::Operand parse_operand(bool in_transformer) {
    DepthGuard g(*this);  // transformers and lists nest
    skip_ws();
    ast::Operand op;
    op.pos = pos_;
    if (at_end()) fail(pos_, "expected a field");
    if (in_transformer && (s_[pos_] == '"' || s_[pos_] == '\'')) {
      op.kind = ast::Operand::Kind::Literal;
      op.text = quoted();
      return op;
    }
    if (in_transformer && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '-')) {
      op.kind = ast::Operand::Kind::Literal;
      op.text = bare(true);
      return op;
    }
    if (in_transformer && s_[pos_] == '(') {
      ++pos_;
      op.kind = ast::Operand::Kind::List;
      if (!symbol(')')) {
        for (;;) {
          op.args.push_back(parse_operand(true));
          if (symbol(',')) continue;
          if (symbol(')')) break;
          fail(pos_, "expected ',' or ')'");
        }
      }
      return op;
    }
    if (!ident_start(s_[pos_])) fail(pos_, fmt::format("expected a field name, found '{}'", peek_word()));
    size_t start = pos_;
    while (!at_end() && (ident_char(s_[pos_]) || s_[pos_] == '.')) ++pos_;
    std::string name(s_.substr(start, pos_ - start));
    if (!at_end() && s_[pos_] == '(' && name.find('.') == std::string::npos) {
      bool known = false;
      for (auto t : kTransformers) known |= name == t;
      if (!known) fail(start, fmt::format("unknown transformer '{}'", name));
      ++pos_;
      op.kind = ast::Operand::Kind::Transformer;
      op.text = name;
      for (;;) {
        op.args.push_back(parse_operand(true));
        if (symbol(',')) continue;
        if (symbol(')')) break;
        fail(pos_, fmt::format("expected ',' or ')' in {}()", name));
      }
      return op;
    }
    if (!at_end() && s_[pos_] == '[') {
      size_t close = pos_ + 1;
      if (close < s_.size() && (s_[close] == '"' || s_[close] == '\'')) {
        size_t save = pos_;
        pos_ = close;
        std::string arg = quoted();
        if (at_end() || s_[pos_] != ']') fail(save, "expected ']' after the field argument");
        ++pos_;
        name += "[" + arg + "]";
      } else {
        while (close < s_.size() && s_[close] != ']' && !space(s_[close])) ++close;
        if (close >= s_.size() || s_[close] != ']') fail(pos_, "expected ']' after the field argument");
        name += std::string(s_.substr(pos_, close + 1 - pos_));
        pos_ = close + 1;
      }
    }
    op.kind = ast::Operand::Kind::Field;
    op.text = std::move(name);
    return op;
  }

  std::string_view s_;
  size_t pos_ = 0;
  size_t depth_ = 0;
};

}  // namespace

std::unique_ptr<ast::Expr> parse_filter(std::string_view text) {
  return Parser(text).parse();
}

namespace ast {
std::unique_ptr<Expr> clone(const Expr& e) {
  auto c = std::make_unique<Expr>();
  c->kind = e.kind;
  c->pos = e.pos;
  for (const auto& ch : e.children) c->children.push_back(clone(*ch));
  c->lhs = e.lhs;
  c->op = e.op;
  c->modifier = e.modifier;
  c->values = e.values;
  c->list = e.list;
  if (e.rhs) c->rhs = std::make_unique<Operand>(*e.rhs);
  c->name = e.name;
  return c;
}
}  // namespace ast

}  // namespace saker::query
