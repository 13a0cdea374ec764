// Everything the detail pane shows about one event: every field with a value, grouped by
// class, the event's arguments, its process ancestry, its fd, and its data buffers.
#pragma once

#include <QString>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "capture_store.h"

namespace saker::inspector {

struct DetailGroup {
  QString title;
  std::vector<std::pair<QString, QString>> rows;  // name, value
  // Per row, the value a filter on the row's field compares (`evt.time` as nanoseconds, an
  // argument as `evt.arg.NAME` reads it): the text Apply as Filter writes. Empty for Ancestry.
  std::vector<QString> filter_values;
};

struct DataBuffer {
  QString name;
  std::string bytes;
};

struct EventDetails {
  std::vector<DetailGroup> groups;  // Arguments, File descriptor, Process, Ancestry, Event, Container
  const DetailGroup* group(const QString& title) const;
  std::vector<DataBuffer> buffers;
};

// Describes the event the cursor is positioned at.
EventDetails describe_event(const EventCursor& cursor);

// Classic hex dump: offset, 16 bytes in hex, then the printable text.
QString hex_dump(std::string_view bytes, size_t limit = 64 * 1024);

}  // namespace saker::inspector
