#include "filter_support.h"

#include <algorithm>

#include "saker/query/field.h"
#include "saker/query/filter.h"

namespace saker::inspector {

FilterCheck check_filter(const QString& text) {
  FilterCheck c;
  if (text.trimmed().isEmpty()) return c;
  try {
    query::Filter::compile(text.toStdString());
  } catch (const query::SyntaxError& e) {
    c.ok = false;
    c.column = static_cast<int>(e.column());
    c.message = QString::fromStdString(e.message());
  }
  return c;
}

QStringList filter_words() {
  QStringList words;
  for (const query::FieldDef* f : query::all_fields())
    words << QString::fromUtf8(f->name.data(), static_cast<qsizetype>(f->name.size()));
  words << "and"
        << "or"
        << "not"
        << "in"
        << "intersects"
        << "pmatch"
        << "contains"
        << "icontains"
        << "bcontains"
        << "startswith"
        << "bstartswith"
        << "endswith"
        << "glob"
        << "iglob"
        << "exists"
        << "regex";
  words.removeDuplicates();
  std::sort(words.begin(), words.end());
  return words;
}

WordAt word_at(const QString& text, int cursor) {
  cursor = std::clamp(cursor, 0, static_cast<int>(text.size()));
  int start = cursor;
  auto part = [](QChar ch) {
    return ch.isLetterOrNumber() || ch == '.' || ch == '_' || ch == '[' || ch == ']';
  };
  while (start > 0 && part(text[start - 1])) --start;
  return {start, text.mid(start, cursor - start)};
}

QString and_filters(const QString& a, const QString& b) {
  QString x = a.trimmed(), y = b.trimmed();
  if (x.isEmpty()) return y;
  if (y.isEmpty()) return x;
  return QStringLiteral("(%1) and (%2)").arg(x, y);
}

}  // namespace saker::inspector
