// View > Go to event: asks for an event number.
#pragma once

#include <QString>
#include <cstdint>
#include <optional>

class QWidget;

namespace saker::inspector {

struct EventNumberAnswer {
  std::optional<uint64_t> num;  // none: cancelled, left empty, or not a number
  QString error;                // set when the text is not a number
};

// `events`: the capture's event count once it is loaded (the prompt gives the range).
EventNumberAnswer ask_event_number(QWidget* parent, std::optional<uint64_t> events);

}  // namespace saker::inspector
