// saker-decode-bench: decodes a capture end to end and reports events/s and MB/s.
// Every parameter span is touched so the decode cannot be skipped.
#include <chrono>
#include <cstdio>

#include "saker/scap/error.h"
#include "saker/scap/reader.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: saker-decode-bench CAPTURE\n");
    return 2;
  }
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  uint64_t events = 0, param_bytes = 0, checksum = 0;
  uint64_t stream_bytes = 0;
  try {
    saker::scap::Reader r(argv[1], saker::scap::whole_capture_pass());
    saker::scap::EventView ev;
    while (r.next(ev)) {
      ++events;
      for (uint32_t i = 0; i < ev.nparams; ++i) {
        param_bytes += ev.params[i].len;
        if (ev.params[i].len) checksum += ev.params[i].data[0];
      }
      stream_bytes = ev.offset;
    }
  } catch (const saker::scap::CaptureError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  double secs = std::chrono::duration<double>(clock::now() - t0).count();
  std::printf(
      "events %llu\nseconds %.3f\nevents_per_s %.0f\nMB_per_s %.1f\nparam_bytes %llu\nchecksum %llu\n",
      static_cast<unsigned long long>(events), secs, events / secs, stream_bytes / secs / 1e6,
      static_cast<unsigned long long>(param_bytes), static_cast<unsigned long long>(checksum));
  return 0;
}
