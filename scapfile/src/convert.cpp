#include "saker/scap/convert.h"

#include "saker/scap/error.h"
#include "saker/scap/reader.h"

namespace saker::scap {

ConvertResult convert_capture(const std::string& in, const std::string& out, const WriterOptions& options,
                              const std::function<void(uint64_t)>& progress) {
  ConvertResult result;
  // The writer re-encodes what the reader upgraded, so both agree on every layout.
  // Every stored event, the ones libs drop on read included: the output keeps what the input had.
  ReaderOptions ropts = whole_capture_pass();
  ropts.deliver_dropped = true;
  Reader reader(in, ropts);
  Writer writer(out, options);
  writer.begin_section(reader.metadata());
  EventView ev;
  uint32_t section = 0;
  try {
    while (reader.next(ev)) {
      if (ev.section != section) {
        section = ev.section;
        writer.begin_section(reader.metadata());
      }
      writer.write_event(ev);
      if (++result.events_read % 65536 == 0 && progress) progress(result.events_read);
    }
  } catch (const CaptureError& e) {
    if (e.path() != in) throw;  // a write error
    result.read_error = e.what();
  }
  writer.close();
  result.written = writer.stats();
  return result;
}

}  // namespace saker::scap
