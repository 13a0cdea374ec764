#include "command.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <new>
#include <system_error>

#include <fmt/format.h>

#include "saker/scap/command_error.h"
#include "saker/scap/error.h"

namespace saker::cli {

using scap::CommandError;
using scap::ErrorKind;

void print_error(const std::string& name, const std::string& what) {
  std::string line =
      name.empty() ? fmt::format("saker: {}\n", what) : fmt::format("saker {}: {}\n", name, what);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

bool stderr_is_terminal() {
  return ::isatty(STDERR_FILENO) == 1;
}

namespace {

// What is still buffered for standard output goes out before the message; its own failure
// is reported instead when there was none before.
int report(const std::string& name, ErrorKind kind, const std::string& what) {
  if (kind == ErrorKind::BrokenPipe) return scap::exit_status(kind);
  print_error(name, what);
  return scap::exit_status(kind);
}

}  // namespace

int report_current_exception(const std::string& name) {
  try {
    throw;
  } catch (const CommandError& e) {
    if (e.kind() != ErrorKind::Output && e.kind() != ErrorKind::BrokenPipe) {
      try {
        scap::checked_flush(stdout);
      } catch (const CommandError& w) {
        if (w.kind() == ErrorKind::BrokenPipe) return scap::exit_status(w.kind());
      }
    }
    return report(name, e.kind(), e.what());
  } catch (const scap::CaptureError& e) {
    std::fflush(stdout);
    return report(name, ErrorKind::Capture, e.what());
  } catch (const std::system_error& e) {
    // fmt::print throws system_error when a stream write fails.
    int code = e.code().value();
    if (code == EPIPE) return scap::exit_status(ErrorKind::BrokenPipe);
    if (std::ferror(stdout))
      return report(name, ErrorKind::Output, scap::write_error("standard output", code).what());
    return report(name, ErrorKind::Environment, e.what());
  } catch (const std::bad_alloc&) {
    return report(name, ErrorKind::Environment, "out of memory");
  } catch (const std::exception& e) {
    return report(name, ErrorKind::Internal, fmt::format("internal error: {}", e.what()));
  } catch (...) {
    return report(name, ErrorKind::Internal, "internal error: unknown exception");
  }
}

int run_command(const std::string& name, const std::function<int()>& run) {
  try {
    int status = run();
    scap::checked_flush(stdout);
    return status;
  } catch (...) {
    return report_current_exception(name);
  }
}

}  // namespace saker::cli
