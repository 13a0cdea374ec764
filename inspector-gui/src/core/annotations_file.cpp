#include "annotations_file.h"

#include <QFile>
#include <QSaveFile>
#include <nlohmann/json.hpp>
#include <unordered_set>

namespace saker::inspector {

namespace {

constexpr const char* kFormatKey = "saker_inspector_annotations";

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

// Line and column (both from 1) of byte `offset` (0-based) of `text`.
std::pair<size_t, size_t> line_column(const std::string& text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1, start = 0;
  for (size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++line;
      start = i + 1;
    }
  return {line, offset - start + 1};
}

}  // namespace

std::string annotations_json(const CaptureIdentity& capture, const Annotations& annotations) {
  nlohmann::ordered_json doc;
  doc[kFormatKey] = kAnnotationsFormatVersion;
  doc["capture"] = {{"path", capture.path.toStdString()},
                    {"size", capture.size},
                    {"hash", capture.hash.toStdString()},
                    {"hash_method", kIdentityHashMethod}};
  auto events = nlohmann::ordered_json::array();
  for (uint64_t num : annotations.events()) {
    const Annotation* a = annotations.find(num);
    events.push_back({{"num", num},
                      {"marked", a->marked},
                      {"ignored", a->ignored},
                      {"comment", a->comment.toStdString()}});
  }
  doc["events"] = std::move(events);
  return doc.dump(1) + "\n";
}

AnnotationsRead parse_annotations(const QString& name, const std::string& text, uint64_t max_event) {
  AnnotationsRead r;
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is the 1-based position of the byte where parsing failed.
    const auto lc = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string what = e.what();
    if (auto at = what.find("parse error at line"); at != std::string::npos) {
      if (auto colon = what.find(": ", at); colon != std::string::npos) what = what.substr(colon + 2);
    }
    r.error = QStringLiteral("%1:%2:%3: not JSON: %4").arg(name).arg(lc.first).arg(lc.second).arg(qs(what));
    return r;
  }
  auto fail = [&](const QString& message) {
    r.error = QStringLiteral("%1: %2").arg(name, message);
    r.annotations.clear();
    return r;
  };
  if (!doc.is_object() || !doc.contains(kFormatKey))
    return fail(QStringLiteral("not a saker-inspector annotations file (no \"%1\" key)").arg(kFormatKey));
  if (!doc[kFormatKey].is_number_integer() || doc[kFormatKey].get<int64_t>() != kAnnotationsFormatVersion)
    return fail(QStringLiteral("format version %1 is not one this inspector reads (%2)")
                    .arg(qs(doc[kFormatKey].dump()))
                    .arg(kAnnotationsFormatVersion));
  const auto& cap = doc.value("capture", nlohmann::json());
  if (!cap.is_object() || !cap.contains("path") || !cap["path"].is_string() || !cap.contains("size") ||
      !cap["size"].is_number_unsigned() || !cap.contains("hash") || !cap["hash"].is_string())
    return fail(
        QStringLiteral("\"capture\" must hold \"path\" (text), \"size\" (a number) and \"hash\" (text)"));
  r.capture.path = qs(cap["path"].get<std::string>());
  r.capture.size = static_cast<qint64>(cap["size"].get<uint64_t>());
  r.capture.hash = qs(cap["hash"].get<std::string>());
  if (cap.contains("hash_method") && cap["hash_method"] != kIdentityHashMethod)
    return fail(QStringLiteral("the capture's hash is made as %1, not as %2")
                    .arg(qs(cap["hash_method"].dump()), kIdentityHashMethod));
  const auto& events = doc.value("events", nlohmann::json());
  if (!events.is_array()) return fail(QStringLiteral("\"events\" must be a list"));
  std::unordered_set<uint64_t> seen;
  for (size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    const QString where = QStringLiteral("events[%1]").arg(i);
    if (!e.is_object() || !e.contains("num") || !e["num"].is_number_unsigned())
      return fail(QStringLiteral("%1: \"num\" must be an event number").arg(where));
    const uint64_t num = e["num"].get<uint64_t>();
    if (num == 0 || num > max_event)
      return fail(QStringLiteral("%1: event %2 is not in the capture (events 1 to %3)")
                      .arg(where)
                      .arg(num)
                      .arg(max_event));
    Annotation a;
    for (const char* key : {"marked", "ignored"}) {
      if (!e.contains(key)) continue;
      if (!e[key].is_boolean())
        return fail(QStringLiteral("%1: \"%2\" must be true or false").arg(where, QLatin1String(key)));
      (std::string_view(key) == "marked" ? a.marked : a.ignored) = e[key].get<bool>();
    }
    if (e.contains("comment")) {
      if (!e["comment"].is_string()) return fail(QStringLiteral("%1: \"comment\" must be text").arg(where));
      a.comment = qs(e["comment"].get<std::string>());
    }
    if (!seen.insert(num).second)
      return fail(QStringLiteral("%1: event %2 is listed twice").arg(where).arg(num));
    r.annotations.set(num, a);
  }
  return r;
}

AnnotationsRead read_annotations_file(const QString& path, uint64_t max_event) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    AnnotationsRead r;
    r.error = QStringLiteral("%1: %2").arg(path, f.errorString());
    return r;
  }
  return parse_annotations(path, f.readAll().toStdString(), max_event);
}

QString write_annotations_file(const QString& path, const CaptureIdentity& capture,
                               const Annotations& annotations) {
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
  const std::string text = annotations_json(capture, annotations);
  f.write(text.data(), static_cast<qint64>(text.size()));
  if (!f.commit()) return QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
  return {};
}

}  // namespace saker::inspector
