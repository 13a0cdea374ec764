// "1 rule", "3 rules": a count with the noun that fits it.
#pragma once

#include <QString>

namespace saker::inspector {

inline QString count_of(qsizetype n, const char* one, const char* many) {
  return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

}  // namespace saker::inspector
