// The process tree pane's model: processes under their parents, with their exec chains,
// lifetimes and event counts.
#pragma once

#include <QAbstractItemModel>

#include "process_tree.h"

namespace saker::inspector {

class ProcessTreeModel : public QAbstractItemModel {
  Q_OBJECT
 public:
  static constexpr int kPidRole = Qt::UserRole + 1;
  enum Column { Name, Pid, Events, Started, Lifetime, Command, ColumnCount };

  explicit ProcessTreeModel(QObject* parent = nullptr) : QAbstractItemModel(parent) {}
  void setTree(ProcessTree tree);
  const ProcessTree& tree() const { return tree_; }
  // The index of the first node of `pid`, or invalid.
  QModelIndex indexOfPid(int64_t pid) const;

  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation o, int role) const override;

 private:
  const std::vector<int>& children_of(int node) const;
  ProcessTree tree_;
  std::vector<int> row_in_parent_;
};

}  // namespace saker::inspector
