// The fleet window's tree: hosts at the root, each host's shipped captures under it, and under
// a capture its process tree (processes under their parent's image). A capture's processes
// are asked for (processesWanted) when the view first expands it, and arrive with
// setProcesses; the model holds the rows the fleet library returned, nodes are indexes.
#pragma once

#include <QAbstractItemModel>
#include <cstdint>
#include <string>
#include <vector>

#include "saker/fleet/fleet_browse.h"

namespace saker::inspector {

class FleetTreeModel : public QAbstractItemModel {
  Q_OBJECT
 public:
  enum Column { Name, Pid, Started, Ended, Detail, ColumnCount };
  enum class Kind : uint8_t { Host, Capture, Process };
  static constexpr int kProcessIdRole = Qt::UserRole + 1;  // a process row's `id`

  explicit FleetTreeModel(QObject* parent = nullptr) : QAbstractItemModel(parent) {}

  void setHosts(std::vector<fleet::FleetHost> hosts);
  const std::vector<fleet::FleetHost>& hosts() const { return hosts_; }
  // The processes of capture (host, hash) arrived: they become its children. Ignored for a
  // capture the model does not hold (the fleet was reloaded meanwhile).
  void setProcesses(const std::string& host, const std::string& hash, std::vector<fleet::FleetProcess> procs);
  // Asking for them failed: the next expansion asks again.
  void processesFailed(const std::string& host, const std::string& hash);
  bool processesLoaded(const std::string& host, const std::string& hash) const;

  Kind kind(const QModelIndex& index) const;
  // The capture of a capture or process row (nullptr for a host row).
  const fleet::FleetCapture* captureAt(const QModelIndex& index) const;
  // The process of a process row, else nullptr.
  const fleet::FleetProcess* processAt(const QModelIndex& index) const;
  const fleet::FleetCapture* findCapture(const std::string& host, const std::string& hash) const;
  QModelIndex captureIndex(const std::string& host, const std::string& hash) const;

  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  bool hasChildren(const QModelIndex& parent = {}) const override;
  bool canFetchMore(const QModelIndex& parent) const override;
  void fetchMore(const QModelIndex& parent) override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation o, int role) const override;

 signals:
  void processesWanted(const QString& host, const QString& hash);

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Node {
    Kind kind;
    uint32_t parent;  // node index, kNone for a host
    uint32_t row;     // row under the parent
    uint32_t item;    // host index, capture slot or process index in its capture
    uint32_t slot;    // the capture slot of a capture or process node
    std::vector<uint32_t> children;
  };
  enum class Load : uint8_t { No, Asked, Done };
  struct CaptureSlot {
    uint32_t host, capture, node;
    Load load = Load::No;
    std::vector<fleet::FleetProcess> procs;
  };

  uint32_t slotOf(const std::string& host, const std::string& hash) const;
  const std::vector<uint32_t>& childrenOf(const QModelIndex& parent) const;
  const Node& node(const QModelIndex& index) const { return nodes_[index.internalId()]; }

  std::vector<fleet::FleetHost> hosts_;
  std::vector<CaptureSlot> slots_;
  std::vector<Node> nodes_;
  std::vector<uint32_t> roots_;
};

}  // namespace saker::inspector
