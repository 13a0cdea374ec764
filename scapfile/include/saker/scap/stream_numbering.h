// Numbers events before they are written, as a reader of the written file will number them:
// the writer's profile decides which events the file holds for each one (the compat profile
// adds enter events, the current one leaves some enter events out), the reader's converter
// what it delivers, and EventNumbering::assign the numbers. `saker record` numbers the live
// events its rules see with it.
#pragma once

#include <memory>

#include "saker/scap/event.h"
#include "saker/scap/event_numbering.h"
#include "saker/scap/writer.h"

namespace saker::scap {

class Converter;

class StreamNumbering {
 public:
  explicit StreamNumbering(WriterProfile profile);
  ~StreamNumbering();
  StreamNumbering(const StreamNumbering&) = delete;
  StreamNumbering& operator=(const StreamNumbering&) = delete;

  // Numbers `ev`, the next event written to the stream: sets ev.num, ev.fate and
  // ev.initial_state to what a reader of the file gives the event itself (after the events the
  // profile adds before it); ev.num is 0 and ev.fate kDropped when the profile leaves the event
  // out or a reader drops it.
  void assign(EventView& ev);

 private:
  std::unique_ptr<Converter> converter_;
  EventNumbering numbering_;
  std::unique_ptr<Writer> plan_;  // writes nothing: it shows what the profile writes
  bool emitted_ = false;
  uint64_t last_num_ = 0;
  bool last_initial_state_ = false;
  EventFate last_fate_ = EventFate::kReturned;
};

}  // namespace saker::scap
