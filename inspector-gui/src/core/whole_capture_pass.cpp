#include "whole_capture_pass.h"

#include "saker/scap/error.h"

namespace saker::inspector {

PassOutcome run_whole_capture(const CaptureInfo& info, const PassHooks& hooks) {
  PassOutcome out;
  try {
    replay::CapturePass pass(info.path);
    replay::StateRenderContext render(pass.state());
    query::EvalContext eval;
    eval.state = &pass.state();
    eval.render = &render;
    eval.first_ts = info.first_ts;
    PassContext pc{pass, eval};
    scap::EventView ev;
    bool more = !hooks.start || hooks.start(pc);
    while (more && pass.next(ev)) {
      eval.ev = &ev;
      if (hooks.before && !hooks.before(pc, ev)) break;
      pass.state().apply(ev);
      out.events = ++pc.events;
      if (pc.events % PassHooks::kCheckEvery == 0) {
        if (hooks.cancel && hooks.cancel->load(std::memory_order_relaxed)) {
          out.cancelled = true;
          break;
        }
        if (hooks.tick) hooks.tick(pc, ev);
      }
      if (hooks.each && !hooks.each(pc, ev)) break;
    }
    if (hooks.finish) hooks.finish(pc);
  } catch (const scap::CaptureError& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace saker::inspector
