#include "annotations.h"

#include <algorithm>

namespace saker::inspector {

bool Annotations::marked(uint64_t num) const {
  const Annotation* a = find(num);
  return a && a->marked;
}

bool Annotations::ignored(uint64_t num) const {
  const Annotation* a = find(num);
  return a && a->ignored;
}

QString Annotations::comment(uint64_t num) const {
  const Annotation* a = find(num);
  return a ? a->comment : QString();
}

void Annotations::count(const Annotation& a, int sign) {
  marked_ += a.marked ? sign : 0;
  ignored_ += a.ignored ? sign : 0;
  comments_ += a.comment.isEmpty() ? 0 : sign;
}

void Annotations::set(uint64_t num, const Annotation& a) {
  auto it = map_.find(num);
  if (it != map_.end()) {
    count(it->second, -1);
    if (a.empty()) {
      map_.erase(it);
      return;
    }
    it->second = a;
  } else {
    if (a.empty()) return;
    map_.emplace(num, a);
  }
  count(a, +1);
}

void Annotations::setMarked(uint64_t num, bool on) {
  const Annotation* cur = find(num);
  Annotation a = cur ? *cur : Annotation{};
  a.marked = on;
  set(num, a);
}

void Annotations::setIgnored(uint64_t num, bool on) {
  const Annotation* cur = find(num);
  Annotation a = cur ? *cur : Annotation{};
  a.ignored = on;
  set(num, a);
}

void Annotations::setComment(uint64_t num, const QString& comment) {
  const Annotation* cur = find(num);
  Annotation a = cur ? *cur : Annotation{};
  a.comment = comment;
  set(num, a);
}

void Annotations::merge(const Annotations& other) {
  for (const auto& entry : other.map_) set(entry.first, entry.second);
}

size_t Annotations::clearIgnored() {
  const size_t n = ignored_;
  if (n == 0) return 0;
  for (uint64_t num : events())
    if (ignored(num)) setIgnored(num, false);
  return n;
}

void Annotations::clear() {
  map_.clear();
  marked_ = ignored_ = comments_ = 0;
}

std::vector<uint64_t> Annotations::events() const {
  std::vector<uint64_t> out;
  out.reserve(map_.size());
  for (const auto& entry : map_) out.push_back(entry.first);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<uint64_t> Annotations::markedEvents() const {
  std::vector<uint64_t> out;
  out.reserve(marked_);
  for (const auto& entry : map_)
    if (entry.second.marked) out.push_back(entry.first);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace saker::inspector
