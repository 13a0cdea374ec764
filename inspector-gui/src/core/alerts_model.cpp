#include "alerts_model.h"

#include <QColor>
#include <QDateTime>
#include <QTimeZone>
#include <algorithm>

namespace saker::inspector {

QString format_time(uint64_t ts, bool with_date) {
  QDateTime t = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ts / 1000000), Qt::UTC);
  QString s = t.toString(with_date ? "yyyy-MM-dd HH:mm:ss" : "HH:mm:ss");
  return s + QStringLiteral(".%1").arg(ts % 1000000000, 9, 10, QChar('0'));
}

void AlertsModel::setAlerts(std::vector<AlertRecord> alerts) {
  beginResetModel();
  alerts_ = std::move(alerts);
  std::stable_sort(alerts_.begin(), alerts_.end(), [](const AlertRecord& a, const AlertRecord& b) {
    if (a.priority != b.priority) return a.priority < b.priority;
    if (a.rule != b.rule) return a.rule < b.rule;
    return a.num < b.num;
  });
  endResetModel();
}

int AlertsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(alerts_.size());
}

int AlertsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QColor AlertsModel::priorityColor(rules::Priority p) {
  switch (p) {
    case rules::Priority::Emergency:
    case rules::Priority::Alert:
    case rules::Priority::Critical:
      return QColor(0xd3, 0x2f, 0x2f);
    case rules::Priority::Error:
      return QColor(0xf5, 0x7c, 0x00);
    case rules::Priority::Warning:
      return QColor(0xfb, 0xc0, 0x2d);
    case rules::Priority::Notice:
      return QColor(0x19, 0x76, 0xd2);
    default:
      return QColor(0x78, 0x90, 0x9c);
  }
}

QVariant AlertsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const AlertRecord& a = alerts_[index.row()];
  if (role == kEventNumRole) return QVariant::fromValue<qulonglong>(a.num);
  if (role == Qt::DecorationRole && index.column() == Priority) return priorityColor(a.priority);
  if (role == Qt::ToolTipRole) return QString::fromStdString(a.output);
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Priority: {
      auto n = rules::priority_name(a.priority);
      return QString::fromUtf8(n.data(), static_cast<qsizetype>(n.size()));
    }
    case Rule:
      return QString::fromStdString(a.rule);
    case Event:
      return QVariant::fromValue<qulonglong>(a.num);
    case Time:
      return format_time(a.ts);
    case Output:
      return QString::fromStdString(a.output);
  }
  return {};
}

QVariant AlertsModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* kNames[] = {"Priority", "Rule", "Event", "Time", "Output"};
  return section >= 0 && section < ColumnCount ? QString(kNames[section]) : QVariant();
}

}  // namespace saker::inspector
