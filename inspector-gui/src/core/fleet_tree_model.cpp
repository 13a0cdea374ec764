#include "fleet_tree_model.h"

#include <unordered_map>

#include "alerts_model.h"

namespace saker::inspector {

void FleetTreeModel::setHosts(std::vector<fleet::FleetHost> hosts) {
  beginResetModel();
  hosts_ = std::move(hosts);
  slots_.clear();
  nodes_.clear();
  roots_.clear();
  for (uint32_t h = 0; h < hosts_.size(); ++h) {
    const auto hn = static_cast<uint32_t>(nodes_.size());
    nodes_.push_back({Kind::Host, kNone, h, h, kNone, {}});
    roots_.push_back(hn);
    for (uint32_t c = 0; c < hosts_[h].captures.size(); ++c) {
      const auto cn = static_cast<uint32_t>(nodes_.size());
      const auto slot = static_cast<uint32_t>(slots_.size());
      slots_.push_back({h, c, cn, Load::No, {}});
      nodes_.push_back({Kind::Capture, hn, c, slot, slot, {}});
      nodes_[hn].children.push_back(cn);
    }
  }
  endResetModel();
}

uint32_t FleetTreeModel::slotOf(const std::string& host, const std::string& hash) const {
  for (uint32_t s = 0; s < slots_.size(); ++s) {
    const auto& c = hosts_[slots_[s].host].captures[slots_[s].capture];
    if (c.hash == hash && c.host == host) return s;
  }
  return kNone;
}

void FleetTreeModel::setProcesses(const std::string& host, const std::string& hash,
                                  std::vector<fleet::FleetProcess> procs) {
  const uint32_t s = slotOf(host, hash);
  if (s == kNone || slots_[s].load == Load::Done) return;
  CaptureSlot& slot = slots_[s];
  slot.load = Load::Done;
  slot.procs = std::move(procs);
  const auto n = static_cast<uint32_t>(slot.procs.size());
  if (n == 0) {
    const QModelIndex ci = createIndex(static_cast<int>(nodes_[slot.node].row), 0, slot.node);
    emit dataChanged(ci, ci);
    return;
  }
  // Each process under its parent's image when the capture has it, else under the capture.
  std::unordered_map<int64_t, uint32_t> by_id;
  by_id.reserve(n);
  for (uint32_t i = 0; i < n; ++i) by_id.emplace(slot.procs[i].id, i);
  std::vector<uint32_t> up(n, kNone);
  for (uint32_t i = 0; i < n; ++i) {
    const auto& p = slot.procs[i].parent;
    if (!p) continue;
    auto it = by_id.find(*p);
    if (it != by_id.end() && it->second != i) up[i] = it->second;
  }
  // The rows come from a server: a parent chain that loops is cut where it closes.
  std::vector<uint8_t> state(n, 0);  // 0 not seen, 1 on the current walk, 2 done
  std::vector<uint32_t> walk;
  for (uint32_t i = 0; i < n; ++i) {
    walk.clear();
    uint32_t k = i;
    while (k != kNone && state[k] == 0) {
      state[k] = 1;
      walk.push_back(k);
      k = up[k];
    }
    if (k != kNone && state[k] == 1) up[walk.back()] = kNone;
    for (uint32_t w : walk) state[w] = 2;
  }
  const auto first = static_cast<uint32_t>(nodes_.size());
  nodes_.reserve(nodes_.size() + n);
  for (uint32_t i = 0; i < n; ++i) nodes_.push_back({Kind::Process, kNone, 0, i, s, {}});
  std::vector<uint32_t> top;
  for (uint32_t i = 0; i < n; ++i) {
    Node& nd = nodes_[first + i];
    if (up[i] == kNone) {
      nd.parent = slot.node;
      nd.row = static_cast<uint32_t>(top.size());
      top.push_back(first + i);
    } else {
      Node& parent = nodes_[first + up[i]];
      nd.parent = first + up[i];
      nd.row = static_cast<uint32_t>(parent.children.size());
      parent.children.push_back(first + i);
    }
  }
  const QModelIndex ci = createIndex(static_cast<int>(nodes_[slot.node].row), 0, slot.node);
  beginInsertRows(ci, 0, static_cast<int>(top.size()) - 1);
  nodes_[slot.node].children = std::move(top);
  endInsertRows();
}

void FleetTreeModel::processesFailed(const std::string& host, const std::string& hash) {
  const uint32_t s = slotOf(host, hash);
  if (s != kNone && slots_[s].load == Load::Asked) slots_[s].load = Load::No;
}

bool FleetTreeModel::processesLoaded(const std::string& host, const std::string& hash) const {
  const uint32_t s = slotOf(host, hash);
  return s != kNone && slots_[s].load == Load::Done;
}

FleetTreeModel::Kind FleetTreeModel::kind(const QModelIndex& index) const {
  return index.isValid() ? node(index).kind : Kind::Host;
}

const fleet::FleetCapture* FleetTreeModel::captureAt(const QModelIndex& index) const {
  if (!index.isValid() || node(index).kind == Kind::Host) return nullptr;
  const CaptureSlot& s = slots_[node(index).slot];
  return &hosts_[s.host].captures[s.capture];
}

const fleet::FleetProcess* FleetTreeModel::processAt(const QModelIndex& index) const {
  if (!index.isValid() || node(index).kind != Kind::Process) return nullptr;
  return &slots_[node(index).slot].procs[node(index).item];
}

const fleet::FleetCapture* FleetTreeModel::findCapture(const std::string& host,
                                                       const std::string& hash) const {
  const uint32_t s = slotOf(host, hash);
  return s == kNone ? nullptr : &hosts_[slots_[s].host].captures[slots_[s].capture];
}

QModelIndex FleetTreeModel::captureIndex(const std::string& host, const std::string& hash) const {
  const uint32_t s = slotOf(host, hash);
  if (s == kNone) return {};
  return createIndex(static_cast<int>(nodes_[slots_[s].node].row), 0, slots_[s].node);
}

const std::vector<uint32_t>& FleetTreeModel::childrenOf(const QModelIndex& parent) const {
  return parent.isValid() ? node(parent).children : roots_;
}

QModelIndex FleetTreeModel::index(int row, int column, const QModelIndex& parent) const {
  if (parent.isValid() && parent.column() != 0) return {};
  const auto& kids = childrenOf(parent);
  if (row < 0 || row >= static_cast<int>(kids.size()) || column < 0 || column >= ColumnCount) return {};
  return createIndex(row, column, kids[row]);
}

QModelIndex FleetTreeModel::parent(const QModelIndex& child) const {
  if (!child.isValid()) return {};
  const uint32_t p = node(child).parent;
  if (p == kNone) return {};
  return createIndex(static_cast<int>(nodes_[p].row), 0, p);
}

int FleetTreeModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() && parent.column() != 0) return 0;
  return static_cast<int>(childrenOf(parent).size());
}

int FleetTreeModel::columnCount(const QModelIndex&) const {
  return ColumnCount;
}

bool FleetTreeModel::hasChildren(const QModelIndex& parent) const {
  if (parent.isValid() && parent.column() != 0) return false;
  if (parent.isValid() && node(parent).kind == Kind::Capture) {
    const CaptureSlot& s = slots_[node(parent).slot];
    if (s.load != Load::Done) return hosts_[s.host].captures[s.capture].processes > 0;
  }
  return !childrenOf(parent).empty();
}

bool FleetTreeModel::canFetchMore(const QModelIndex& parent) const {
  return parent.isValid() && parent.column() == 0 && node(parent).kind == Kind::Capture &&
         slots_[node(parent).slot].load == Load::No;
}

void FleetTreeModel::fetchMore(const QModelIndex& parent) {
  if (!canFetchMore(parent)) return;
  CaptureSlot& s = slots_[node(parent).slot];
  s.load = Load::Asked;
  const auto& c = hosts_[s.host].captures[s.capture];
  emit processesWanted(QString::fromStdString(c.host), QString::fromStdString(c.hash));
}

QVariant FleetTreeModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) return {};
  const Node& n = node(index);
  if (n.kind == Kind::Host) {
    const auto& h = hosts_[n.item];
    if (role != Qt::DisplayRole) return {};
    if (index.column() == Name) return QString::fromStdString(h.name);
    if (index.column() == Detail) return tr("%n capture(s)", "", static_cast<int>(h.captures.size()));
    return {};
  }
  const CaptureSlot& s = slots_[n.slot];
  const auto& c = hosts_[s.host].captures[s.capture];
  if (n.kind == Kind::Capture) {
    if (role == Qt::ToolTipRole)
      return tr("%1 on host %2\nSHA-256 %3")
          .arg(QString::fromStdString(c.path), QString::fromStdString(c.host),
               QString::fromStdString(c.hash));
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
      case Name:
        return QString::fromStdString(c.name);
      case Started:
        return format_time(c.first_ts, true);
      case Ended:
        return format_time(c.last_ts, true);
      case Detail:
        return tr("%1 events, %2 processes, %3 alerts; %4")
            .arg(c.events)
            .arg(c.processes)
            .arg(c.alerts)
            .arg(QString::fromStdString(c.path));
      default:
        return {};
    }
  }
  const fleet::FleetProcess& p = s.procs[n.item];
  if (role == kProcessIdRole) return QVariant::fromValue<qlonglong>(p.id);
  if (role == Qt::ToolTipRole)
    return QString::fromStdString(p.exe.empty() ? p.cmdline : p.exe + "\n" + p.cmdline);
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Name:
      return QString::fromStdString(p.name);
    case Pid:
      return QVariant::fromValue<qlonglong>(p.pid);
    case Started:
      return p.start_ts && *p.start_ts >= 0 ? format_time(static_cast<uint64_t>(*p.start_ts)) : QString();
    case Ended:
      return p.end_ts && *p.end_ts >= 0 ? format_time(static_cast<uint64_t>(*p.end_ts)) : QString();
    case Detail:
      return QString::fromStdString(p.cmdline.empty() ? p.exe : p.cmdline);
    default:
      return {};
  }
}

QVariant FleetTreeModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* kNames[] = {"Host / capture / process", "PID", "Started", "Ended",
                                 "Command line / details"};
  return section >= 0 && section < ColumnCount ? QString(kNames[section]) : QVariant();
}

}  // namespace saker::inspector
