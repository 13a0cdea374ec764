// What the filter bar needs from the filter language: validation with the error's column,
// and the words to complete (field names from the registry, operators, keywords).
#pragma once

#include <QString>
#include <QStringList>

namespace saker::inspector {

struct FilterCheck {
  bool ok = true;
  int column = 0;  // 1-based column of the error
  QString message;
};

FilterCheck check_filter(const QString& text);

// Every registered field name, then the operators and keywords of the language, sorted.
QStringList filter_words();

// The word being typed at `cursor` (field names include dots and brackets): its start and text.
struct WordAt {
  int start = 0;
  QString text;
};
WordAt word_at(const QString& text, int cursor);

// The filter matching a time range, for views that combine it with another filter.
QString and_filters(const QString& a, const QString& b);

}  // namespace saker::inspector
