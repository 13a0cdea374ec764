// The event list: a table over the event numbers of the current view. Rows hold only the
// event number (4 bytes); cells are rendered from the capture on demand through an
// EventCursor and kept in a small cache, so tens of millions of rows scroll smoothly.
#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>
#include <QStringList>
#include <memory>
#include <string>
#include <vector>

#include "annotation_rows.h"
#include "annotations.h"
#include "capture_scan.h"
#include "capture_store.h"
#include "colour_rules.h"
#include "event_class.h"
#include "saker/query/field.h"

namespace saker::inspector {

inline const QStringList kDefaultColumns = {"evt.num", "evt.time", "proc.name", "thread.tid",
                                            "evt.dir", "evt.type", "fd.name",   "evt.args"};

// How the evt.time column shows an event's time, as Wireshark's View > Time Display Format.
enum class TimeFormat { TimeOfDay, DateAndTime, SinceFirst, SincePrevious, SinceReference };

class EventTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  static constexpr int kEventNumRole = Qt::UserRole + 1;
  static constexpr int kEventClassRole = Qt::UserRole + 2;

  explicit EventTableModel(QObject* parent = nullptr);
  ~EventTableModel() override;

  // A new capture (or none); rows are cleared.
  void setCapture(std::shared_ptr<const CaptureInfo> info);
  std::shared_ptr<const CaptureInfo> capture() const { return info_; }

  // Columns are filter fields ("proc.name", "evt.arg.fd", "proc.aname[2]"). Returns an
  // error naming the bad field, leaving the columns unchanged.
  QString setColumns(const QStringList& fields);
  QStringList columns() const;

  void clearRows();
  // Rows the visibility leaves out (ignored events, unmarked ones) are dropped as they come.
  void appendRows(std::vector<RowNum>&& rows);

  // The analyst's marks, comments and ignored events (owned by the caller; null: none). Marked
  // rows are drawn inverted, commented ones tinted with the comment as tooltip, ignored ones
  // (when shown) greyed. Only the rows drawn are looked up.
  void setAnnotations(const Annotations* notes) { notes_ = notes; }
  void setVisibility(const RowVisibility& v) { visibility_ = v; }
  const RowVisibility& visibility() const { return visibility_; }
  // Event `num`'s annotation changed: its row (if listed) is drawn again.
  void annotationChanged(uint64_t num);
  // Removes the rows of `events` (just ignored); returns how many rows went.
  size_t removeEvents(const std::vector<RowNum>& events);
  const std::vector<RowNum>& rows() const { return rows_; }
  uint64_t eventAt(int row) const {
    return row >= 0 && static_cast<size_t>(row) < rows_.size() ? rows_[row] : 0;
  }
  // The row showing event `num`, or -1.
  int rowOfEvent(uint64_t num) const;

  // Sorting: the same rows in another order (a permutation of rows(); `captureOrder` when it
  // is ascending event numbers again). Views are reset; callers restore the selection.
  void setRowOrder(std::vector<RowNum>&& rows, bool captureOrder);
  bool inCaptureOrder() const { return captureOrder_; }
  // The rows in capture order (a copy, sorted when the view is not).
  std::vector<RowNum> captureOrderRows() const;
  void setDarkColors(bool dark);
  // Colouring rules (owned by the caller; null or empty: rows take their event class's colour).
  // Call again after the rules change: rows are coloured anew.
  void setColourRules(const ColourRuleSet* rules);
  // The colouring rule a row's event matches (index into its rules()), or -1.
  int colourRuleAt(int row) const;

  // The evt.time column's format. SinceFirst counts from the first listed event of the
  // capture, SincePrevious from the row above, SinceReference from the reference event's time.
  void setTimeFormat(TimeFormat format);
  TimeFormat timeFormat() const { return timeFormat_; }
  // Titles shown instead of field names, by field (View > Columns).
  void setColumnTitles(const QHash<QString, QString>& titles);
  QString columnTitle(int section) const;
  void setTimeReference(uint64_t ts) { timeReference_ = ts; }
  // The time of the event on a row (0 when it cannot be read).
  uint64_t timeAt(int row) const;

  // The cursor the model renders with (the detail pane shares it).
  EventCursor* cursor() { return cursor_.get(); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation o, int role) const override;

  static QColor classColor(EventClass c, bool dark);
  // The background and text of marked rows (inverted), the tint of commented ones, the text of
  // ignored ones.
  static QColor markedBackground(bool dark);
  static QColor markedForeground(bool dark);
  static QColor commentedBackground(bool dark);
  static QColor ignoredForeground(bool dark);

 private:
  struct Column {
    QString name;
    query::FieldRef ref;
  };
  struct Cached {
    QStringList cells;
    EventClass cls = EventClass::Other;
    int colourRule = -1;
    uint64_t ts = 0;
  };
  QString timeText(int row, const Cached& c) const;
  const Cached* render(int row) const;

  std::shared_ptr<const CaptureInfo> info_;
  std::unique_ptr<EventCursor> cursor_;
  std::vector<Column> columns_;
  std::vector<RowNum> rows_;
  bool captureOrder_ = true;
  mutable QHash<RowNum, Cached> cache_;
  mutable std::string text_, scratch_;
  bool dark_ = false;
  const Annotations* notes_ = nullptr;
  const ColourRuleSet* colours_ = nullptr;
  RowVisibility visibility_;
  TimeFormat timeFormat_ = TimeFormat::TimeOfDay;
  QHash<QString, QString> titles_;
  uint64_t timeReference_ = 0;
  query::FieldRef datetime_;
};

}  // namespace saker::inspector
