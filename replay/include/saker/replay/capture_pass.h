// A pass over a whole capture through the state engine, the loop `saker replay` and the
// inspector's passes share: the file read ahead on a second thread, the state reloaded from
// each section's metadata as the pass enters it.
//
//   replay::CapturePass pass(path);
//   scap::EventView ev;
//   while (pass.next(ev)) {
//     ...the state before ev (snapshots)...
//     pass.state().apply(ev);
//     ...the state for ev...
//   }
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

  scap::Reader& reader() { return reader_; }
  State& state() { return state_; }

 private:
  void enter_section(uint32_t section);

  scap::Reader reader_;
  State state_;
  uint32_t section_ = 0;
  bool entered_ = false;
};

}  // namespace saker::replay
