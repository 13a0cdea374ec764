#include "support.h"

#include <sys/mman.h>
#include <unistd.h>

#include <stdexcept>

#include "saker/query/field.h"
#include "saker/replay/capture_pass.h"
#include "saker/replay/state.h"
#include "saker/scap/error.h"
#include "saker/scap/param_format.h"
#include "saker/scap/reader.h"

namespace saker::fuzz {

MemFile::MemFile(const void* data, size_t size) {
  fd_ = ::memfd_create("saker-fuzz", MFD_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error("memfd_create failed");
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t w = ::write(fd_, p, size);
    if (w <= 0) throw std::runtime_error("memfd write failed");
    p += w;
    size -= static_cast<size_t>(w);
  }
  path_ = "/proc/self/fd/" + std::to_string(fd_);
}

MemFile::~MemFile() {
  ::close(fd_);
}

namespace {

std::vector<query::FieldRef> every_field_ref() {
  std::vector<query::FieldRef> refs;
  // Arguments a user could write, including hostile ones (negative, huge, odd names).
  static const char* const kArgs[] = {"",           "[0]", "[1]",    "[3]",  "[-1]",
                                      "[99999999]", ".fd", "[name]", ".HOME"};
  for (const query::FieldDef* f : query::all_fields()) {
    for (const char* a : kArgs) {
      query::FieldRef r;
      std::string error;
      if (query::resolve_field(std::string(f->name) + a, r, error)) refs.push_back(std::move(r));
    }
  }
  return refs;
}

}  // namespace

void extract_all_fields(const scap::EventView& ev, const replay::State& state) {
  static const std::vector<query::FieldRef> refs = every_field_ref();
  replay::StateRenderContext render(state);
  query::EvalContext ctx{&ev, &state, &render, 1};
  std::string out, scratch;
  for (const auto& r : refs) {
    out.clear();
    query::render_field(ctx, r, out, scratch);
    query::FieldValue v;
    r.def->extract(ctx, r, v, scratch);
  }
}

void drain_capture(const std::string& path, bool with_state) {
  try {
    scap::EventView ev;
    std::string text;
    if (!with_state) {
      scap::Reader reader(path);
      while (reader.next(ev)) {
        text.clear();
        scap::render_args(text, ev);
        for (uint32_t i = 0; i < ev.nparams; ++i) {
          scap::render_param_resolved(text, ev, i);
          scap::render_raw_param(text, ev, i);
        }
      }
      return;
    }
    replay::CapturePass pass(path, scap::ReaderOptions{});
    replay::State& state = pass.state();
    while (pass.next(ev)) {
      text.clear();
      state.apply(ev);
      replay::StateRenderContext render(state);
      scap::render_args(text, ev, &render);
      extract_all_fields(ev, state);
    }
    (void)state.snapshot();
  } catch (const scap::CaptureError&) {
    // The documented outcome for damaged input.
  }
}

const SampleCapture& sample_capture() {
  static const SampleCapture sample = [] {
    SampleCapture s;
    s.path = SAKER_SAMPLES_DIR "/shell-session.scap";
    scap::Reader reader(s.path);
    s.meta = reader.metadata();
    scap::EventView ev;
    while (reader.next(ev)) {
      auto& bytes = s.storage.emplace_back();
      for (uint32_t i = 0; i < ev.nparams; ++i)
        bytes.insert(bytes.end(), ev.params[i].data, ev.params[i].data + ev.params[i].len);
      s.events.push_back(ev);
    }
    // Point the copies at the owned bytes (storage no longer grows).
    for (size_t k = 0; k < s.events.size(); ++k) {
      auto& e = s.events[k];
      size_t at = 0;
      for (uint32_t i = 0; i < e.nparams; ++i) {
        e.params[i].data = s.storage[k].data() + at;
        at += e.params[i].len;
      }
      e.raw = nullptr;
      e.raw_len = 0;
    }
    return s;
  }();
  return sample;
}

void replay_sample(const std::function<void(const query::EvalContext&)>& fn) {
  const SampleCapture& sample = sample_capture();
  replay::State state;
  state.load(sample.meta);
  replay::StateRenderContext render(state);
  for (const auto& ev : sample.events) {
    state.apply(ev);
    fn(query::EvalContext{&ev, &state, &render, sample.events.front().ts});
  }
}

}  // namespace saker::fuzz
