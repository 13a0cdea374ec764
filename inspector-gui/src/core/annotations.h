// What the analyst noted on a capture's events: marks, comments and ignored events, keyed by
// event number. A hash map holds only the annotated events, so a row shown costs one lookup,
// and none while the capture has no annotations.
#pragma once

#include <QString>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace saker::inspector {

struct Annotation {
  bool marked = false;
  bool ignored = false;
  QString comment;  // empty: none
  bool empty() const { return !marked && !ignored && comment.isEmpty(); }
};

class Annotations {
 public:
  // Null when event `num` has no annotation.
  const Annotation* find(uint64_t num) const {
    if (map_.empty()) return nullptr;
    auto it = map_.find(num);
    return it == map_.end() ? nullptr : &it->second;
  }
  bool marked(uint64_t num) const;
  bool ignored(uint64_t num) const;
  QString comment(uint64_t num) const;

  void setMarked(uint64_t num, bool on);
  void setIgnored(uint64_t num, bool on);
  void setComment(uint64_t num, const QString& comment);  // empty removes it
  // Replaces event `num`'s annotation (an empty one removes it).
  void set(uint64_t num, const Annotation& a);
  // Every annotation of `other` replaces this one's for the same event.
  void merge(const Annotations& other);
  // Unignores every event; returns how many were ignored.
  size_t clearIgnored();
  void clear();

  bool empty() const { return map_.empty(); }
  size_t size() const { return map_.size(); }
  size_t markedCount() const { return marked_; }
  size_t ignoredCount() const { return ignored_; }
  size_t commentCount() const { return comments_; }
  // The annotated events, ascending; the marked ones.
  std::vector<uint64_t> events() const;
  std::vector<uint64_t> markedEvents() const;

 private:
  void count(const Annotation& a, int sign);

  std::unordered_map<uint64_t, Annotation> map_;
  size_t marked_ = 0, ignored_ = 0, comments_ = 0;
};

}  // namespace saker::inspector
