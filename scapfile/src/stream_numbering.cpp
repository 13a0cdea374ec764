#include "saker/scap/stream_numbering.h"

#include "converter.h"
#include "saker/scap/error.h"

namespace saker::scap {

StreamNumbering::StreamNumbering(WriterProfile profile)
    : converter_(std::make_unique<Converter>()),
      plan_(std::make_unique<Writer>(WriterOptions{.profile = profile}, [this](EventView& written) {
        // What Reader::next() does with each event it decodes.
        converter_->apply(written);
        numbering_.assign(written);
        emitted_ = true;
        last_num_ = written.num;
        last_initial_state_ = written.initial_state;
        last_fate_ = written.fate;
      })) {}

StreamNumbering::~StreamNumbering() = default;

void StreamNumbering::assign(EventView& ev) {
  emitted_ = false;
  try {
    plan_->write_event(ev);
  } catch (const CaptureError&) {
    emitted_ = false;  // the real writer cannot write it either
  }
  // The event itself is the last one the profile writes for it.
  ev.num = emitted_ ? last_num_ : 0;
  ev.initial_state = emitted_ && last_initial_state_;
  ev.fate = emitted_ ? last_fate_ : EventFate::kDropped;
}

}  // namespace saker::scap
