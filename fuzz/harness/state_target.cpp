// State-engine harness: decoded events, hostile in every field, through replay::State.
#include <algorithm>
#include <cstring>

#include "harness.h"
#include "saker/replay/state.h"
#include "saker/scap/block_types.h"
#include "saker/scap/writer.h"
#include "support.h"

namespace saker::fuzz {

namespace {

// Consumes the input from the front; zeros once it runs out.
struct Bytes {
  const uint8_t* p;
  size_t n;
  template <typename T>
  T take() {
    T v{};
    size_t k = std::min(sizeof v, n);
    std::memcpy(&v, p, k);
    p += k;
    n -= k;
    return v;
  }
  std::string_view take_bytes(size_t want) {
    size_t k = std::min(want, n);
    std::string_view s(reinterpret_cast<const char*>(p), k);
    p += k;
    n -= k;
    return s;
  }
};

}  // namespace

int state_events(const uint8_t* data, size_t size) {
  uint32_t magic = 0;
  if (size >= 4) std::memcpy(&magic, data, 4);
  if (magic == scap::kSectionHeaderBlock) {
    MemFile f(data, size);
    drain_capture(f.path(), true);
    return 0;
  }
  // Synthetic events: type, a few thread ids (so forks, fds and exits meet), a timestamp
  // step, then each parameter: its natural size, or a length byte.
  const SampleCapture& sample = sample_capture();
  replay::State state;
  state.load(sample.meta);
  scap::EventBuilder b;
  Bytes in{data, size};
  uint64_t ts = 1'000'000'000;
  for (int events = 0; in.n > 0 && events < 4096; ++events) {
    const auto type = static_cast<uint16_t>(in.take<uint16_t>() % scap::kEventTypeCount);
    const uint8_t who = in.take<uint8_t>();
    const uint64_t tid = who == 0xff ? UINT64_MAX : 100 + who % 16;
    ts += in.take<uint8_t>() * 100'000'000ull;
    const auto& info = scap::event_info(type);
    if (info.flags & scap::kUnused) continue;
    b.begin(type, ts, tid);
    const size_t np = std::min<size_t>(info.params.size(), scap::kMaxParams);
    for (size_t i = 0; i < np; ++i) {
      const uint8_t shape = in.take<uint8_t>();
      const uint32_t fixed = scap::fixed_param_size(info.params[i].type);
      auto v = in.take_bytes(fixed && !(shape & 0x80) ? fixed : shape & 0x7f);
      b.bytes(v.data(), v.size());
    }
    const scap::EventView& ev = b.view();
    state.apply(ev);
    extract_all_fields(ev, state);
  }
  (void)state.snapshot();
  return 0;
}

}  // namespace saker::fuzz
