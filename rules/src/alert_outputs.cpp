#include "saker/rules/alert_outputs.h"

#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "alert_output_factories.h"
#include "saker/scap/command_error.h"

namespace saker::rules {

namespace {
using Clock = std::chrono::steady_clock;
constexpr auto kLogInterval = std::chrono::seconds(10);
}  // namespace

AlertOutputSpec parse_alert_output(std::string_view text) {
  AlertOutputSpec s;
  s.text = std::string(text);
  auto rest = [&](std::string_view prefix) { return std::string(text.substr(prefix.size())); };
  if (text == "stdout") {
    s.kind = AlertOutputKind::Stdout;
  } else if (text == "json" || text == "stdout:json") {
    s.kind = AlertOutputKind::Json;
  } else if (text == "syslog") {
    s.kind = AlertOutputKind::Syslog;
  } else if (text.starts_with("syslog:/")) {
    s.kind = AlertOutputKind::Syslog;
    s.target = rest("syslog:");
  } else if (text.starts_with("file:") && text.size() > 5) {
    s.kind = AlertOutputKind::File;
    s.target = rest("file:");
  } else if (text.starts_with("program:") && text.size() > 8) {
    s.kind = AlertOutputKind::Program;
    s.target = rest("program:");
  } else if (text.starts_with("http://") || text.starts_with("https://")) {
    s.kind = AlertOutputKind::Http;
    s.target = s.text;
  } else if (text.starts_with("http:") || text.starts_with("https:")) {  // http:URL
    s.kind = AlertOutputKind::Http;
    s.target = rest(text.starts_with("http:") ? "http:" : "https:");
  } else {
    throw scap::CommandError(
        scap::ErrorKind::Usage,
        fmt::format("unknown alert output '{}' (stdout, json, file:PATH, program:COMMAND, "
                    "syslog, syslog:/SOCKET, http://HOST:PORT/PATH)",
                    text));
  }
  return s;
}

std::unique_ptr<AlertOutput> make_alert_output(const AlertOutputSpec& spec) {
  switch (spec.kind) {
    case AlertOutputKind::Stdout:
      return make_stdout_output(spec.text, false);
    case AlertOutputKind::Json:
      return make_stdout_output(spec.text, true);
    case AlertOutputKind::File:
      return make_file_output(spec.text, spec.target);
    case AlertOutputKind::Program:
      return make_program_output(spec.text, spec.target);
    case AlertOutputKind::Syslog:
      return make_syslog_output(spec.text, spec.target);
    case AlertOutputKind::Http:
      return make_http_output(spec.text, spec.target);
  }
  return nullptr;
}

// One output, its queue (a ring of `capacity` slots, allocated once) and its worker.
struct AlertOutputs::Channel {
  std::unique_ptr<AlertOutput> out;
  std::vector<std::shared_ptr<const Alert>> ring;
  size_t head = 0, count = 0;
  bool stopping = false, done = false;
  std::mutex mu;
  std::condition_variable has_items, has_room, finished;
  std::atomic<bool> reopen{false}, abandon{false};
  std::atomic<uint64_t> sent{0}, dropped{0}, failed{0}, restarts{0}, retries{0};
  std::atomic<int> pid{-1};
  std::string last_error;  // under mu
  Clock::time_point last_log{};
  uint64_t unlogged = 0;
  std::thread worker;

  void fail(const AlertOutputsOptions& opts, const std::string& why) {
    ++failed;
    {
      std::lock_guard l(mu);
      last_error = why;
    }
    if (out->broken_pipe()) return;  // quiet, as every command is then
    ++unlogged;
    auto now = Clock::now();
    if (!opts.log || now - last_log < kLogInterval) return;
    fmt::print(opts.log, "{}: alert output {}: {}{}\n", opts.log_prefix, out->name(), why,
               unlogged > 1 ? fmt::format(" ({} failures since the last message)", unlogged) : "");
    std::fflush(opts.log);
    last_log = now;
    unlogged = 0;
  }

  void run(const AlertOutputsOptions& opts) {
    // A program that died must not kill the recorder: its EPIPE comes back as an error.
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    for (;;) {
      std::shared_ptr<const Alert> a;
      {
        std::unique_lock l(mu);
        has_items.wait(l, [&] { return count || stopping || reopen; });
        if (count) {
          a = std::move(ring[head]);
          head = (head + 1) % ring.size();
          --count;
          has_room.notify_one();
        } else if (stopping && !reopen) {
          break;
        }
      }
      if (reopen.exchange(false)) try {
          out->reopen();
        } catch (const std::exception& e) {
          fail(opts, e.what());
        }
      if (!a) continue;
      if (abandon) {
        ++dropped;
        continue;
      }
      try {
        out->write(*a, abandon);
        ++sent;
      } catch (const std::exception& e) {
        fail(opts, e.what());
      }
      pid = out->pid();
      restarts = out->restarts();
      retries = out->retries();
    }
    out->close(abandon);
    pid = -1;
    std::lock_guard l(mu);
    done = true;
    finished.notify_all();
  }
};

AlertOutputs::AlertOutputs(const std::vector<std::string>& specs, const AlertOutputsOptions& opts,
                           std::vector<std::unique_ptr<AlertOutput>> extra)
    : opts_(opts) {
  if (opts_.queue == 0)
    throw scap::CommandError(scap::ErrorKind::Usage, "the alert queue needs at least 1 slot");
  std::vector<std::unique_ptr<AlertOutput>> outs;
  for (const auto& s : specs) outs.push_back(make_alert_output(parse_alert_output(s)));
  for (auto& out : extra) outs.push_back(std::move(out));
  for (auto& out : outs) {
    auto c = std::make_unique<Channel>();
    c->out = std::move(out);
    c->ring.resize(opts_.queue);
    channels_.push_back(std::move(c));
  }
  for (auto& c : channels_) c->worker = std::thread([ch = c.get(), this] { ch->run(opts_); });
}

AlertOutputs::~AlertOutputs() {
  close();
}

void AlertOutputs::publish(std::shared_ptr<const Alert> alert) {
  for (auto& c : channels_) {
    {
      std::unique_lock l(c->mu);
      if (c->count == c->ring.size()) {
        if (!opts_.block || c->stopping) {
          ++c->dropped;
          continue;
        }
        c->has_room.wait(l, [&] { return c->count < c->ring.size(); });
      }
      c->ring[(c->head + c->count) % c->ring.size()] = alert;
      ++c->count;
    }
    c->has_items.notify_one();
  }
}

void AlertOutputs::reopen() {
  for (auto& c : channels_) {
    c->reopen = true;
    std::lock_guard l(c->mu);
    c->has_items.notify_one();
  }
}

void AlertOutputs::close() {
  if (closed_) return;
  closed_ = true;
  for (auto& c : channels_) {
    std::lock_guard l(c->mu);
    c->stopping = true;
    c->has_items.notify_one();
  }
  // What is queued gets close_timeout_s; then the outputs give up and the rest is dropped.
  auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(opts_.close_timeout_s));
  for (auto& c : channels_) {
    std::unique_lock l(c->mu);
    if (!c->finished.wait_until(l, deadline, [&] { return c->done; })) c->abandon = true;
  }
  for (auto& c : channels_) c->worker.join();
}

std::vector<AlertOutputStats> AlertOutputs::stats() const {
  std::vector<AlertOutputStats> out;
  for (const auto& c : channels_) {
    AlertOutputStats s;
    s.name = c->out->name();
    s.sent = c->sent;
    s.dropped = c->dropped;
    s.failed = c->failed;
    s.restarts = c->restarts;
    s.retries = c->retries;
    std::lock_guard l(c->mu);
    s.last_error = c->last_error;
    out.push_back(std::move(s));
  }
  return out;
}

std::string AlertOutputs::summary() const {
  std::string out;
  for (const auto& s : stats()) {
    out += fmt::format("{}{} {} sent, {} dropped, {} failed", out.empty() ? "alert outputs: " : "; ", s.name,
                       s.sent, s.dropped, s.failed);
    if (s.restarts) out += fmt::format(", {} restarts", s.restarts);
    if (s.retries) out += fmt::format(", {} retries", s.retries);
  }
  return out;
}

bool AlertOutputs::broken_pipe() const {
  for (const auto& c : channels_)
    if (c->out->broken_pipe()) return true;
  return false;
}

std::vector<int> AlertOutputs::pids() const {
  std::vector<int> out;
  for (const auto& c : channels_)
    if (int p = c->pid; p > 0) out.push_back(p);
  return out;
}

}  // namespace saker::rules
