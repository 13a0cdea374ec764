#include "event_table_model.h"

#include <algorithm>

#include "row_order.h"

namespace saker::inspector {

namespace {
constexpr int kCacheLimit = 20000;
constexpr int kPrefetch = 48;  // rows rendered per miss: about a screen
}  // namespace

EventTableModel::EventTableModel(QObject* parent) : QAbstractTableModel(parent) {
  setColumns(kDefaultColumns);
  std::string err;
  query::resolve_field("evt.datetime", datetime_, err);
}

EventTableModel::~EventTableModel() = default;

void EventTableModel::setCapture(std::shared_ptr<const CaptureInfo> info) {
  beginResetModel();
  info_ = std::move(info);
  cursor_ = info_ ? std::make_unique<EventCursor>(info_) : nullptr;
  rows_.clear();
  rows_.shrink_to_fit();
  captureOrder_ = true;
  cache_.clear();
  endResetModel();
}

QString EventTableModel::setColumns(const QStringList& fields) {
  std::vector<Column> cols;
  for (const QString& f : fields) {
    Column c;
    c.name = f.trimmed();
    std::string err;
    if (!query::resolve_field(c.name.toStdString(), c.ref, err))
      return QStringLiteral("%1: %2").arg(c.name, QString::fromStdString(err));
    cols.push_back(std::move(c));
  }
  if (cols.empty()) return QStringLiteral("at least one column is needed");
  beginResetModel();
  columns_ = std::move(cols);
  cache_.clear();
  endResetModel();
  return {};
}

QStringList EventTableModel::columns() const {
  QStringList out;
  for (const auto& c : columns_) out << c.name;
  return out;
}

void EventTableModel::clearRows() {
  beginResetModel();
  rows_.clear();
  captureOrder_ = true;
  cache_.clear();
  endResetModel();
}

void EventTableModel::appendRows(std::vector<RowNum>&& rows) {
  if (notes_) drop_hidden_rows(rows, *notes_, visibility_);
  if (rows.empty()) return;
  size_t room = static_cast<size_t>(INT32_MAX) - rows_.size();  // a view holds at most INT_MAX rows
  if (rows.size() > room) rows.resize(room);
  if (rows.empty()) return;
  int first = static_cast<int>(rows_.size());
  beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
  rows_.insert(rows_.end(), rows.begin(), rows.end());
  endInsertRows();
}

int EventTableModel::rowOfEvent(uint64_t num) const {
  auto it = captureOrder_ ? std::lower_bound(rows_.begin(), rows_.end(), num)
                          : std::find(rows_.begin(), rows_.end(), num);
  if (it == rows_.end() || *it != num) return -1;
  return static_cast<int>(it - rows_.begin());
}

void EventTableModel::setRowOrder(std::vector<RowNum>&& rows, bool captureOrder) {
  if (notes_) drop_hidden_rows(rows, *notes_, visibility_);  // ignored while the sort ran
  beginResetModel();
  rows_ = std::move(rows);
  captureOrder_ = captureOrder;
  endResetModel();
}

void EventTableModel::annotationChanged(uint64_t num) {
  const int row = num <= UINT32_MAX ? rowOfEvent(num) : -1;
  if (row >= 0) emit dataChanged(index(row, 0), index(row, columnCount() - 1));
}

size_t EventTableModel::removeEvents(const std::vector<RowNum>& events) {
  if (events.size() <= 16) {  // a few rows: removed one by one, the view keeps its place
    size_t n = 0;
    for (RowNum num : events) {
      const int row = rowOfEvent(num);
      if (row < 0) continue;
      beginRemoveRows({}, row, row);
      rows_.erase(rows_.begin() + row);
      endRemoveRows();
      ++n;
    }
    return n;
  }
  std::vector<RowNum> gone = events;
  std::sort(gone.begin(), gone.end());
  const size_t before = rows_.size();
  beginResetModel();
  rows_.erase(std::remove_if(rows_.begin(), rows_.end(),
                             [&](RowNum n) { return std::binary_search(gone.begin(), gone.end(), n); }),
              rows_.end());
  endResetModel();
  return before - rows_.size();
}

std::vector<RowNum> EventTableModel::captureOrderRows() const {
  std::vector<RowNum> out = rows_;
  if (!captureOrder_) restore_capture_order(out);
  return out;
}

void EventTableModel::setDarkColors(bool dark) {
  dark_ = dark;
  if (!rows_.empty())
    emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1),
                     {Qt::BackgroundRole, Qt::ForegroundRole});
}

void EventTableModel::setColourRules(const ColourRuleSet* rules) {
  colours_ = rules && !rules->empty() ? rules : nullptr;
  cache_.clear();
  if (!rows_.empty())
    emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1),
                     {Qt::BackgroundRole, Qt::ForegroundRole});
}

int EventTableModel::colourRuleAt(int row) const {
  if (row < 0 || row >= rowCount()) return -1;
  const Cached* c = render(row);
  return c ? c->colourRule : -1;
}

int EventTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int EventTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(columns_.size());
}

const EventTableModel::Cached* EventTableModel::render(int row) const {
  RowNum num = rows_[row];
  auto it = cache_.constFind(num);
  if (it != cache_.constEnd()) return &*it;
  if (!cursor_) return nullptr;
  if (cache_.size() > kCacheLimit) cache_.clear();
  // A screenful is rendered in capture order: in a sorted view, rows near each other in the
  // capture then share one checkpoint restore.
  int last = std::min<int>(row + kPrefetch, static_cast<int>(rows_.size()));
  RowNum screen[kPrefetch];
  int count = 0;
  for (int r = row; r < last; ++r)
    if (!cache_.contains(rows_[r])) screen[count++] = rows_[r];
  if (!captureOrder_) std::sort(screen, screen + count);
  for (int k = 0; k < count; ++k) {
    RowNum n = screen[k];
    Cached c;
    if (!cursor_->seek(n)) {
      c.cells.fill(QString(), static_cast<int>(columns_.size()));
      if (!c.cells.isEmpty())
        c.cells[0] = QStringLiteral("<unreadable: %1>").arg(QString::fromStdString(cursor_->error()));
      cache_.insert(n, c);
      break;
    }
    const auto& ctx = cursor_->context();
    c.cls = classify_event(cursor_->event(), cursor_->state().current_fd());
    if (colours_) c.colourRule = colours_->match(ctx);
    c.ts = cursor_->event().ts;
    c.cells.reserve(static_cast<int>(columns_.size()));
    for (const auto& col : columns_) {
      text_.clear();
      const query::FieldRef& ref =
          timeFormat_ == TimeFormat::DateAndTime && col.name == QLatin1String("evt.time") ? datetime_
                                                                                          : col.ref;
      if (!query::render_field(ctx, ref, text_, scratch_)) text_.clear();  // no value: an empty cell
      c.cells << QString::fromUtf8(text_.data(), static_cast<qsizetype>(text_.size()));
    }
    cache_.insert(n, std::move(c));
  }
  it = cache_.constFind(num);
  return it == cache_.constEnd() ? nullptr : &*it;
}

void EventTableModel::setTimeFormat(TimeFormat format) {
  beginResetModel();
  timeFormat_ = format;
  cache_.clear();  // the date-and-time text is rendered into the cells
  endResetModel();
}

uint64_t EventTableModel::timeAt(int row) const {
  if (row < 0 || row >= rowCount()) return 0;
  const Cached* c = render(row);
  return c ? c->ts : 0;
}

namespace {
// Seconds with nanoseconds, signed: "0.000120345", "-1.500000000".
QString seconds(uint64_t ts, uint64_t base) {
  const bool negative = ts < base;
  const uint64_t d = negative ? base - ts : ts - base;
  return QStringLiteral("%1%2.%3")
      .arg(negative ? "-" : "")
      .arg(d / 1000000000u)
      .arg(d % 1000000000u, 9, 10, QLatin1Char('0'));
}
}  // namespace

QString EventTableModel::timeText(int row, const Cached& c) const {
  switch (timeFormat_) {
    case TimeFormat::SinceFirst:
      return seconds(c.ts, info_ ? info_->listed_first_ts : 0);
    case TimeFormat::SincePrevious:
      return seconds(c.ts, row > 0 ? timeAt(row - 1) : c.ts);
    case TimeFormat::SinceReference:
      return seconds(c.ts, timeReference_);
    default:
      return {};
  }
}

QColor EventTableModel::classColor(EventClass c, bool dark) {
  switch (c) {
    case EventClass::Process:
      return dark ? QColor(0x4a, 0x2f, 0x5e) : QColor(0xee, 0xe3, 0xf7);
    case EventClass::File:
      return dark ? QColor(0x24, 0x40, 0x5c) : QColor(0xe1, 0xee, 0xfa);
    case EventClass::Network:
      return dark ? QColor(0x26, 0x4d, 0x36) : QColor(0xe0, 0xf4, 0xe6);
    default:
      return dark ? QColor(0x2b, 0x2b, 0x2b) : QColor(0xfa, 0xfa, 0xfa);
  }
}

QColor EventTableModel::markedBackground(bool dark) {
  return dark ? QColor(0xe8, 0xe8, 0xe8) : QColor(0x10, 0x10, 0x10);
}

QColor EventTableModel::markedForeground(bool dark) {
  return dark ? QColor(0x10, 0x10, 0x10) : QColor(0xff, 0xff, 0xff);
}

QColor EventTableModel::commentedBackground(bool dark) {
  return dark ? QColor(0x5c, 0x50, 0x1e) : QColor(0xff, 0xf3, 0xb0);
}

QColor EventTableModel::ignoredForeground(bool dark) {
  return dark ? QColor(0x70, 0x70, 0x70) : QColor(0xa0, 0xa0, 0xa0);
}

QVariant EventTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) return {};
  if (role == kEventNumRole) return QVariant::fromValue<qulonglong>(rows_[index.row()]);
  if (role != Qt::DisplayRole && role != Qt::BackgroundRole && role != kEventClassRole &&
      role != Qt::ToolTipRole && role != Qt::ForegroundRole)
    return {};
  // One lookup for the rows drawn, none while the capture has no annotations.
  const Annotation* note = notes_ ? notes_->find(rows_[index.row()]) : nullptr;
  if (note && role == Qt::ForegroundRole) {
    if (note->marked) return markedForeground(dark_);
    if (note->ignored) return ignoredForeground(dark_);
    return {};
  }
  if (role == Qt::ForegroundRole && !colours_) return {};
  if (note && role == Qt::BackgroundRole) {
    if (note->marked) return markedBackground(dark_);
    if (!note->comment.isEmpty()) return commentedBackground(dark_);
  }
  const Cached* c = render(index.row());
  if (!c) return {};
  const ColourRule* rule = c->colourRule >= 0 ? &colours_->rules()[size_t(c->colourRule)] : nullptr;
  if (role == Qt::ForegroundRole)
    return rule && rule->foreground.isValid() ? QVariant(rule->foreground) : QVariant();
  if (note && role == Qt::ToolTipRole) {
    QStringList tip;
    if (!note->comment.isEmpty()) tip << tr("Comment: %1").arg(note->comment);
    if (note->marked) tip << tr("Marked");
    if (note->ignored) tip << tr("Ignored");
    if (index.column() < c->cells.size() && c->cells[index.column()].size() > 60)
      tip << c->cells[index.column()];
    return tip.join('\n');
  }
  switch (role) {
    case Qt::DisplayRole:
      if (timeFormat_ >= TimeFormat::SinceFirst && index.column() < static_cast<int>(columns_.size()) &&
          columns_[index.column()].name == QLatin1String("evt.time")) {
        const Cached copy = *c;  // timeText may render other rows, which can clear the cache
        return timeText(index.row(), copy);
      }
      return index.column() < c->cells.size() ? c->cells[index.column()] : QString();
    case Qt::ToolTipRole:
      return index.column() < c->cells.size() && c->cells[index.column()].size() > 60
                 ? c->cells[index.column()]
                 : QVariant();
    case Qt::BackgroundRole:
      if (rule && rule->background.isValid()) return rule->background;
      return classColor(c->cls, dark_);
    case kEventClassRole:
      return static_cast<int>(c->cls);
    default:
      return {};
  }
}

QVariant EventTableModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal || section < 0 || section >= columnCount()) return {};
  if (role == Qt::ToolTipRole)
    return tr("%1: click to sort ascending, again for descending, a third time for capture order")
        .arg(columns_[section].name);
  if (role != Qt::DisplayRole) return {};
  if (auto t = titles_.find(columns_[section].name); t != titles_.end() && !t->isEmpty()) return *t;
  if (columns_[section].name == QLatin1String("evt.time")) {
    switch (timeFormat_) {
      case TimeFormat::DateAndTime:
        return tr("evt.time (date)");
      case TimeFormat::SinceFirst:
        return tr("evt.time (s since first)");
      case TimeFormat::SincePrevious:
        return tr("evt.time (s since previous)");
      case TimeFormat::SinceReference:
        return tr("evt.time (s since reference)");
      default:
        break;
    }
  }
  return columns_[section].name;
}

void EventTableModel::setColumnTitles(const QHash<QString, QString>& titles) {
  titles_ = titles;
  if (columnCount() > 0) emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
}

QString EventTableModel::columnTitle(int section) const {
  return headerData(section, Qt::Horizontal, Qt::DisplayRole).toString();
}

}  // namespace saker::inspector
