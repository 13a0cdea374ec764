#include "saker/capture/trigger.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>

#include <fmt/format.h>

#include "saker/capture/trigger_policy.h"
#include "saker/rules/alert.h"

namespace saker::capture {

namespace fs = std::filesystem;

namespace {

uint64_t to_ns(double s) {
  return static_cast<uint64_t>(s * 1e9);
}

std::string utc_stamp(uint64_t ts_ns, const char* fmt) {
  time_t secs = static_cast<time_t>(ts_ns / 1000000000ull);
  tm t{};
  gmtime_r(&secs, &t);
  char buf[64];
  strftime(buf, sizeof buf, fmt, &t);
  return buf;
}

std::string slug(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > 48) out.resize(48);
  return out.empty() ? "alert" : out;
}

bool entry_exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0 || errno != ENOENT;
}

// A new owner-only file (never a link followed, never an existing entry written over).
std::FILE* create_new_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return nullptr;
  std::FILE* f = ::fdopen(fd, "w");
  if (!f) ::close(fd);
  return f;
}

}  // namespace

TriggerRecorder::TriggerRecorder(const TriggerOptions& opts, const rules::RuleSet& rules,
                                 const scap::Metadata& initial, std::FILE* log)
    : opts_(opts),
      numbering_(opts.writer.profile),
      triggering_(resolve_trigger_policy(opts, rules).rules),
      engine_(rules),
      log_(log),
      render_(live_),
      ring_(opts.ring_mem, to_ns(opts.pre_s)),
      quota_(opts.dir_quota) {
  render_.max_buffer_bytes = 0;  // alert outputs show data whole, as Falco's
  live_.load(initial);
  lagging_.load(initial);
  hostname_ = initial.machine ? initial.machine->hostname : "";
}

TriggerRecorder::~TriggerRecorder() {
  finish();
}

void TriggerRecorder::log(const std::string& msg) {
  if (!log_) return;
  timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  fmt::print(log_, "{} {}\n",
             utc_stamp(static_cast<uint64_t>(now.tv_sec) * 1000000000ull, "%Y-%m-%dT%H:%M:%SZ"), msg);
  std::fflush(log_);
}

std::string TriggerRecorder::reload(const rules::RuleSet& rules) {
  TriggerPolicy policy = resolve_trigger_policy(opts_, rules);
  engine_ = rules::Engine(rules);
  triggering_ = std::move(policy.rules);
  return policy.summary;
}

bool TriggerRecorder::triggers(const rules::CompiledRule& r) const {
  return triggering_.count(r.rule) != 0;
}

void TriggerRecorder::on_event(const scap::EventView& live) {
  ++stats_.events;
  scap::EventView ev = live;
  numbering_.assign(ev);
  live_.apply(ev);
  if (containers_.remember(ev)) {
    // Metadata, not activity: both states learn it now and every capture starts with it.
    lagging_.apply(ev);
    if (writer_) write(ev);
    return;
  }
  query::EvalContext ctx;
  ctx.ev = &ev;
  ctx.state = &live_;
  ctx.render = &render_;
  fired_.clear();
  const rules::CompiledRule* trigger = nullptr;
  // Rules see what a replay of the written capture returns (EventView::returned()).
  if (ev.returned()) {
    engine_.evaluate(ctx, [&](const rules::CompiledRule& r) {
      ++stats_.alerts;
      fired_.push_back(&r);
      if (!trigger && triggers(r)) trigger = &r;
    });
  }

  if (writer_ && (ev.ts > post_deadline_ts_ && !trigger)) close_capture("post window over");
  if (writer_ && ev.ts > capture_start_ts_ + to_ns(opts_.max_capture_s))
    close_capture("--max-capture reached");

  if (!writer_ && trigger) {
    auto last = last_capture_ts_.find(trigger->rule->name);
    if (last != last_capture_ts_.end() && ev.ts < last->second + to_ns(opts_.rate_limit_s)) {
      ++stats_.rate_limited;
      log(fmt::format("rate limit: '{}' fired again within {} s of its last capture; not recording",
                      trigger->rule->name, opts_.rate_limit_s));
    } else {
      open_capture(*trigger, ev);
    }
  }
  // Formatted once for the outputs, the notification events and the sidecar.
  if (!fired_.empty() && (writer_ || outputs_)) {
    if (texts_.size() < fired_.size()) texts_.resize(fired_.size());
    for (size_t i = 0; i < fired_.size(); ++i) {
      const rules::CompiledRule& r = *fired_[i];
      std::string uuid = outputs_ ? rules::new_uuid() : std::string();
      rules::AlertExtras extras{uuid, writer_ && triggers(r) ? std::string_view(path_) : std::string_view()};
      rules::format_alert(r, ctx, hostname_, true, texts_[i], &extras);
      if (outputs_)
        outputs_->publish(
            std::make_shared<rules::Alert>(rules::Alert{r.rule->priority, texts_[i].output, texts_[i].json}));
    }
  }
  if (!writer_) {
    ring_.push(ev, [this](const scap::EventView& old) { lagging_.apply(old); });
    stats_.ring_peak = std::max(stats_.ring_peak, ring_.peak_memory());
    return;
  }
  lagging_.apply(ev);
  write(ev);
  for (size_t i = 0; i < fired_.size(); ++i) {
    const rules::CompiledRule* r = fired_[i];
    write_alert(*r, texts_[i], ev);
    if (triggers(*r)) {
      uint64_t post =
          r->rule->capture_duration_ms ? r->rule->capture_duration_ms * 1000000ull : to_ns(opts_.post_s);
      post_deadline_ts_ = std::max(post_deadline_ts_, ev.ts + post);
    }
  }
}

void TriggerRecorder::open_capture(const rules::CompiledRule& r, const scap::EventView& ev) {
  // Every saker-* file counts, captures of earlier runs included; the oldest go first, only as
  // this capture needs their room.
  if (quota_.enabled()) quota_.scan(opts_.dir, "saker-");
  std::string base = fmt::format("{}/saker-{}-{}-{}", opts_.dir, utc_stamp(ev.ts, "%Y%m%dT%H%M%SZ"),
                                 slug(hostname_.empty() ? "host" : hostname_), slug(r.rule->name));
  // A name is free when nothing, not even a dangling link, has it or its .alerts.json; both are
  // then created new (O_EXCL, no link followed), so nothing there is ever written over.
  path_ = base + ".scap";
  for (int i = 2; entry_exists(path_) || entry_exists(path_ + ".alerts.json"); ++i)
    path_ = fmt::format("{}-{}.scap", base, i);
  // A failed attempt counts for the rate limit too: a full disk must not turn every alert
  // into a file created and given up.
  last_capture_ts_[r.rule->name] = ev.ts;
  // With --dir-quota the history gets at most half of it, its newest part: the incident and
  // what follows must fit too. The state skips ahead over the older part.
  size_t skip = quota_.enabled() ? history_to_skip(quota_.limit() / 2) : 0, at = 0;
  uint64_t first_kept_ts = 0;
  if (skip) {
    ring_.visit([&](const scap::EventView& e) {
      if (at++ < skip)
        lagging_.apply(e);
      else if (!first_kept_ts)
        first_kept_ts = e.ts;
    });
    log(fmt::format("quota: the capture keeps the newest {} of {} history events (half of --dir-quota)",
                    at - skip, at));
  }
  mode_t old = umask(077);
  bool snapshot_too_big = false;
  try {
    scap::WriterOptions wopts = opts_.writer;
    wopts.creation = scap::FileCreation::New;
    writer_ = std::make_unique<scap::Writer>(path_, wopts);
    sidecar_bytes_ = 0;
    scap::Metadata meta = lagging_.snapshot();
    if (!meta.machine) meta.machine = live_.machine();
    writer_->begin_section(meta);
    capture_start_ts_ = skip                ? (first_kept_ts ? first_kept_ts : ev.ts)
                        : ring_.oldest_ts() ? ring_.oldest_ts()
                                            : ev.ts;
    containers_.write_all(*writer_, capture_start_ts_);
    capture_events_ = 0;
    if (!room_for(0)) {
      snapshot_too_big = true;
      throw std::runtime_error(
          fmt::format("its state snapshot alone ({} bytes) passes --dir-quota ({} bytes)",
                      writer_->bytes_written(), quota_.limit()));
    }
    // Every history event reaches the lagging state even when writing fails halfway, so it
    // stays exactly as old as the (then empty) history.
    std::exception_ptr failed;
    bool full = false;
    at = 0;
    ring_.visit([&](const scap::EventView& e) {
      if (at++ < skip) return;  // applied above
      if (!failed && !full && !room_for(event_block_bound(e))) full = true;
      if (!failed && !full) {
        try {
          writer_->write_event(e);
          ++capture_events_;
        } catch (const std::exception&) {
          failed = std::current_exception();
        }
      }
      lagging_.apply(e);
    });
    ring_.clear();
    if (failed) std::rethrow_exception(failed);
    if (full) {
      umask(old);
      log(fmt::format("trigger: '{}' ({}) fired; recording {}", r.rule->name,
                      rules::priority_name(r.rule->priority), path_));
      return stop_at_quota();
    }
    sidecar_ = create_new_file(path_ + ".alerts.json");
    umask(old);
    if (!sidecar_)
      throw std::runtime_error(fmt::format("cannot write {}.alerts.json: {}", path_, std::strerror(errno)));
    post_deadline_ts_ = ev.ts;
    log(fmt::format("trigger: '{}' ({}) fired; recording {} with {:.1f} s of history", r.rule->name,
                    rules::priority_name(r.rule->priority), path_, (ev.ts - capture_start_ts_) / 1e9));
  } catch (const std::exception& e) {
    umask(old);
    ++stats_.write_errors;
    log(
        fmt::format("error: '{}' ({}) fired, but recording failed: {}; detection continues, the next trigger "
                    "tries again",
                    r.rule->name, rules::priority_name(r.rule->priority), e.what()));
    discard_writer();
    if (snapshot_too_big) {
      std::error_code ec;
      fs::remove(path_, ec);
      fs::remove(path_ + ".alerts.json", ec);
      log(fmt::format("removed {}: it cannot fit --dir-quota", path_));
    }
  }
}

size_t TriggerRecorder::history_to_skip(uint64_t budget) const {
  std::vector<uint64_t> sizes;
  ring_.visit([&](const scap::EventView& e) { sizes.push_back(event_block_bound(e)); });
  uint64_t total = 0;
  size_t keep = 0;
  for (size_t i = sizes.size(); i-- > 0 && total + sizes[i] <= budget; ++keep) total += sizes[i];
  return sizes.size() - keep;
}

bool TriggerRecorder::room_for(uint64_t extra) {
  if (!quota_.enabled()) return true;
  return quota_.make_room(
      writer_->bytes_written() + sidecar_bytes_ + extra, [this](const std::string& path, uint64_t size) {
        log(fmt::format("quota: removed {} ({} bytes) to stay within {} bytes", path, size, quota_.limit()));
      });
}

void TriggerRecorder::stop_at_quota() {
  ++stats_.quota_stops;
  log(fmt::format("quota: {} alone reached --dir-quota ({} bytes); it ends here", path_, quota_.limit()));
  close_capture("--dir-quota reached");
}

void TriggerRecorder::write(const scap::EventView& ev) {
  if (!room_for(event_block_bound(ev))) return stop_at_quota();
  try {
    writer_->write_event(ev);
    ++capture_events_;
  } catch (const std::exception& e) {
    abandon(e);
  }
}

void TriggerRecorder::abandon(const std::exception& e) {
  ++stats_.write_errors;
  log(fmt::format("error: {}; closing {} ({} events), detection continues", e.what(), path_,
                  capture_events_));
  if (!discard_writer()) return;
  ++stats_.captures;
  if (on_finished_) on_finished_(path_);
}

bool TriggerRecorder::discard_writer() {
  if (writer_) {
    try {
      // Writers cut a failed file back to its last complete block (zstd: frame, then the
      // seek table), so what is there reads cleanly.
      writer_->close();
    } catch (const std::exception& e) {
      ++stats_.write_errors;
      log(fmt::format("error: {}", e.what()));
    }
    writer_.reset();
  }
  if (sidecar_) std::fclose(sidecar_), sidecar_ = nullptr;
  std::error_code ec;
  if (fs::exists(path_, ec) && fs::file_size(path_, ec) == 0 && !ec) {
    fs::remove(path_, ec);
    fs::remove(path_ + ".alerts.json", ec);
    log(fmt::format("removed {}: nothing could be written to it", path_));
    return false;
  }
  return fs::exists(path_, ec);
}

void TriggerRecorder::write_alert(const rules::CompiledRule& r, const rules::AlertText& text,
                                  const scap::EventView& ev) {
  if (!writer_) return;
  scap::EventBuilder b;
  b.begin(scap::EventType::NotificationE, ev.ts, ev.tid, ev.cpu).str(r.rule->name).str(text.output);
  scap::EventView note = b.view();
  numbering_.assign(note);  // in the file, so in the numbering
  write(note);
  if (!sidecar_) return;
  if (!room_for(text.json.size() + 1)) return stop_at_quota();
  std::fwrite(text.json.data(), 1, text.json.size(), sidecar_);
  std::fputc('\n', sidecar_);
  sidecar_bytes_ += text.json.size() + 1;
}

void TriggerRecorder::close_capture(const char* why) {
  if (!writer_) return;
  if (!discard_writer()) return;  // (a disk full since the last flush can leave nothing)
  ++stats_.captures;
  log(fmt::format("closed {} ({}): {} events", path_, why, capture_events_));
  if (on_finished_) on_finished_(path_);
}

void TriggerRecorder::flush() {
  if (!writer_) return;
  try {
    writer_->flush();
  } catch (const std::exception& e) {
    abandon(e);
    return;
  }
  if (sidecar_) std::fflush(sidecar_);
}

void TriggerRecorder::finish() {
  close_capture("recording stopped");
}

}  // namespace saker::capture
