#include "process_tree_model.h"

#include "alerts_model.h"

namespace saker::inspector {

void ProcessTreeModel::setTree(ProcessTree tree) {
  beginResetModel();
  tree_ = std::move(tree);
  row_in_parent_.assign(tree_.nodes().size(), 0);
  for (size_t i = 0; i < tree_.roots().size(); ++i) row_in_parent_[tree_.roots()[i]] = static_cast<int>(i);
  for (const auto& n : tree_.nodes())
    for (size_t i = 0; i < n.children.size(); ++i) row_in_parent_[n.children[i]] = static_cast<int>(i);
  endResetModel();
}

const std::vector<int>& ProcessTreeModel::children_of(int node) const {
  return node < 0 ? tree_.roots() : tree_.nodes()[node].children;
}

QModelIndex ProcessTreeModel::index(int row, int column, const QModelIndex& parent) const {
  int p = parent.isValid() ? static_cast<int>(parent.internalId()) : -1;
  const auto& kids = children_of(p);
  if (row < 0 || row >= static_cast<int>(kids.size()) || column < 0 || column >= ColumnCount) return {};
  return createIndex(row, column, static_cast<quintptr>(kids[row]));
}

QModelIndex ProcessTreeModel::parent(const QModelIndex& child) const {
  if (!child.isValid()) return {};
  int p = tree_.nodes()[child.internalId()].parent;
  if (p < 0) return {};
  return createIndex(row_in_parent_[p], 0, static_cast<quintptr>(p));
}

int ProcessTreeModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() && parent.column() != 0) return 0;
  return static_cast<int>(children_of(parent.isValid() ? static_cast<int>(parent.internalId()) : -1).size());
}

int ProcessTreeModel::columnCount(const QModelIndex&) const {
  return ColumnCount;
}

QModelIndex ProcessTreeModel::indexOfPid(int64_t pid) const {
  const auto& nodes = tree_.nodes();
  for (size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].pid == pid) return createIndex(row_in_parent_[i], 0, static_cast<quintptr>(i));
  return {};
}

QVariant ProcessTreeModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) return {};
  const ProcessNode& n = tree_.nodes()[index.internalId()];
  if (role == kPidRole) return QVariant::fromValue<qlonglong>(n.pid);
  if (role == Qt::ToolTipRole) {
    QString chain;
    for (const auto& e : n.execs) chain += (chain.isEmpty() ? "" : " → ") + QString::fromStdString(e);
    return chain.isEmpty() ? QString::fromStdString(n.cmdline) : "exec: " + chain;
  }
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Name:
      return QString::fromStdString(n.comm);
    case Pid:
      return QVariant::fromValue<qlonglong>(n.pid);
    case Events:
      return QVariant::fromValue<qulonglong>(n.events);
    case Started:
      return format_time(n.first_ts);
    case Lifetime: {
      uint64_t end = n.exit_ts ? n.exit_ts : n.last_ts;
      double secs = end > n.first_ts ? static_cast<double>(end - n.first_ts) / 1e9 : 0;
      return QStringLiteral("%1 s%2").arg(secs, 0, 'f', 3).arg(n.exit_ts ? "" : " +");
    }
    case Command: {
      QString chain;
      if (n.execs.size() > 1)
        for (const auto& e : n.execs) chain += (chain.isEmpty() ? "" : " → ") + QString::fromStdString(e);
      return chain.isEmpty() ? QString::fromStdString(n.cmdline)
                             : chain + "  |  " + QString::fromStdString(n.cmdline);
    }
  }
  return {};
}

QVariant ProcessTreeModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* kNames[] = {"Process", "PID", "Events", "Started", "Lifetime", "Command"};
  return section >= 0 && section < ColumnCount ? QString(kNames[section]) : QVariant();
}

}  // namespace saker::inspector
