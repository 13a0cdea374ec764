#include "export_selection.h"

#include <QObject>
#include <algorithm>

namespace saker::inspector {

QString check_export_range(uint64_t first, uint64_t last, uint64_t capture_events) {
  if (first == 0 || last == 0) return QObject::tr("event numbers start at 1");
  if (first > last) return QObject::tr("the first event (%1) is after the last (%2)").arg(first).arg(last);
  if (last > capture_events)
    return QObject::tr("the capture has events 1 to %1; there is no event %2").arg(capture_events).arg(last);
  return {};
}

ExportEvents select_export_events(const std::vector<RowNum>& displayed, const std::vector<RowNum>& selected,
                                  const Annotations& annotations, const ExportSelection& sel,
                                  uint64_t capture_events) {
  ExportEvents out;
  QString none;
  switch (sel.scope) {
    case ExportScope::Displayed:
      out.events = displayed;
      none = QObject::tr("the view lists no events");
      break;
    case ExportScope::Selected:
      out.events = selected;
      none = QObject::tr("no rows are selected");
      break;
    case ExportScope::Marked:
      for (uint64_t num : annotations.markedEvents())
        if (num <= capture_events && num <= UINT32_MAX) out.events.push_back(static_cast<RowNum>(num));
      none = QObject::tr("no events are marked");
      break;
    case ExportScope::Range:
      out.error = check_export_range(sel.first, sel.last, capture_events);
      if (!out.error.isEmpty()) return out;
      for (RowNum num : displayed)
        if (num >= sel.first && num <= sel.last) out.events.push_back(num);
      none = QObject::tr("the view lists no events numbered %1 to %2").arg(sel.first).arg(sel.last);
      break;
  }
  if (sel.drop_ignored && annotations.ignoredCount() > 0)
    out.events.erase(std::remove_if(out.events.begin(), out.events.end(),
                                    [&](RowNum n) { return annotations.ignored(n); }),
                     out.events.end());
  std::sort(out.events.begin(), out.events.end());
  out.events.erase(std::unique(out.events.begin(), out.events.end()), out.events.end());
  if (out.events.empty())
    out.error = sel.drop_ignored ? QObject::tr("%1 (ignored events left out)").arg(none) : none;
  return out;
}

}  // namespace saker::inspector
