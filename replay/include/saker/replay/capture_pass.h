// A pass over a whole capture through the state engine, the loop `saker replay`, print,
// search, index, slice, ship and the inspector's passes share: the state reloaded from each
// section's metadata as the pass enters it.
//
//   replay::CapturePass pass(path);
//   scap::EventView ev;
//   while (pass.next(ev)) {
//     if (pass.entered_section()) ...what restarts with a section...
//     ...the state before ev (snapshots, checkpoints)...
//     pass.state().apply(ev);
//     ...the state for ev...
//   }
//
// The reader options choose what is delivered and how it is read: the default reads ahead on
// a second thread (scap::whole_capture_pass()); passes that jump (search) or read every stored
// event (slice) pass their own. A jump is reader().seek_event() plus state().restore().
#pragma once

#include <cstdint>
#include <string>

#include "saker/replay/state.h"
#include "saker/scap/reader.h"

namespace saker::replay {

class CapturePass {
 public:
  // Opens the capture and loads its first section. Throws scap::CaptureError.
  explicit CapturePass(const std::string& path, scap::ReaderOptions options = scap::whole_capture_pass());
  CapturePass(const CapturePass&) = delete;
  CapturePass& operator=(const CapturePass&) = delete;

  // The next event, with the state loaded for its section but not yet updated by the event
  // (the caller applies it). Throws scap::CaptureError at damage, after every complete event
  // before it.
  bool next(scap::EventView& ev) {
    if (!reader_.next(ev)) return false;
    entered_ = ev.section != section_;
    if (entered_) enter_section(ev.section);
    return true;
  }
  // The event next() returned last began a section after the first (its metadata is loaded).
  bool entered_section() const { return entered_; }
  // The section of the event next() returned last (0 before the first).
  uint32_t section() const { return section_; }

  scap::Reader& reader() { return reader_; }
  // The metadata of the current section.
  const scap::Metadata& metadata() const { return reader_.metadata(); }
  State& state() { return state_; }

 private:
  void enter_section(uint32_t section);

  scap::Reader reader_;
  State state_;
  uint32_t section_ = 0;
  bool entered_ = false;
};

}  // namespace saker::replay
