// `saker print`: the events of a capture, one line each, as sysdig -r prints them; takes
// sysdig's habits: -r FILE, unquoted filter words, -j, -v, -A, -x, -X, -b, -l, -L, `-` for
// standard input.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "command.h"
#include "saker/query/fields_command.h"
#include "saker/query/filter.h"
#include "saker/query/print_command.h"
#include "saker/scap/command_error.h"
#include "saker/scap/event_table.h"

namespace saker::cli {

namespace {

struct PrintCli {
  query::PrintOptions print;
  std::string read;                // -r FILE
  std::vector<std::string> words;  // CAPTURE [FILTER WORDS...], or FILTER WORDS with -r
  bool raw = false, list_fields = false, list_events = false, explain = false;
  bool ascii = false, hex = false, hex_ascii = false, base64 = false;  // -A, -x, -X, -b
  std::optional<int64_t> snaplen;                                        // -s N
};

// sysdig's -p escapes: \t, \n and \\.
std::string unescape_format(const std::string& f) {
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '\\' && i + 1 < f.size() && (f[i + 1] == 't' || f[i + 1] == 'n' || f[i + 1] == '\\')) {
      char c = f[++i];
      out += c == 't' ? '\t' : c == 'n' ? '\n' : '\\';
    } else {
      out += f[i];
    }
  }
  return out;
}

// A capture read from a pipe (`-`, /dev/stdin, a FIFO) is copied to an unlinked temporary
// file first: the reader seeks. Returns the path to read it by.
std::string spool_stream(const std::string& path, int& keep_fd) {
  int in = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return path;  // the reader reports it
  struct stat st;
  if (::fstat(in, &st) != 0 || S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)) {
    if (in != STDIN_FILENO) ::close(in);
    return path;
  }
  const char* tmp = std::getenv("TMPDIR");
  int fd = ::open(tmp && *tmp ? tmp : "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    throw scap::CommandError(scap::ErrorKind::Environment,
                             fmt::format("cannot spool standard input: {}", std::strerror(errno)));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(in, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw scap::CommandError(scap::ErrorKind::Capture, path == "-" ? "standard input" : path,
                               scap::CommandError::kNoOffset,
                               fmt::format("read failed: {}", std::strerror(errno)));
    }
    for (ssize_t w = 0; w < n;) {
      ssize_t k = ::write(fd, buf + w, static_cast<size_t>(n - w));
      if (k < 0) {
        if (errno == EINTR) continue;
        throw scap::CommandError(scap::ErrorKind::Environment,
                                 fmt::format("cannot spool standard input: {}", std::strerror(errno)));
      }
      w += k;
    }
  }
  if (in != STDIN_FILENO) ::close(in);
  keep_fd = fd;
  return fmt::format("/proc/self/fd/{}", fd);
}

// sysdig -L: every event, "> name(TYPE param, ...)" for enter and "< ..." for exit.
std::string list_events() {
  // clang-format off
  static constexpr std::string_view kTypeNames[] = {
      "NONE", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64", "CHARBUF", "BYTEBUF",
      "ERRNO", "SOCKADDR", "SOCKTUPLE", "FD", "PID", "FDLIST", "FSPATH", "SYSCALLID", "SIGTYPE", "RELTIME",
      "ABSTIME", "PORT", "L4PROTO", "SOCKFAMILY", "BOOL", "IPV4ADDR", "DYNAMIC", "FLAGS8", "FLAGS16", "FLAGS32",
      "UID", "GID", "DOUBLE", "SIGSET", "CHARBUFARRAY", "CHARBUF_PAIR_ARRAY", "IPV4NET", "IPV6ADDR", "IPV6NET",
      "IPADDR", "IPNET", "MODE", "FSRELPATH", "ENUMFLAGS8", "ENUMFLAGS16", "ENUMFLAGS32", "FD32", "PID32"};
  // clang-format on
  std::string out;
  auto table = scap::event_table();
  for (size_t t = 0; t < table.size(); ++t) {
    const auto& e = table[t];
    if (e.flags & scap::kUnused) continue;
    out += scap::is_enter(static_cast<uint16_t>(t)) ? "> " : "< ";
    out += e.name;
    out += '(';
    for (size_t i = 0; i < e.params.size(); ++i) {
      auto type = static_cast<size_t>(e.params[i].type);
      out += fmt::format("{}{} {}", i ? ", " : "", type < std::size(kTypeNames) ? kTypeNames[type] : "?",
                         e.params[i].name);
    }
    out += ")\n";
  }
  return out;
}

int run_print(PrintCli& o) {
  if (o.list_fields) {
    std::string text = query::format_fields({});
    scap::checked_write(stdout, text.data(), text.size());
    return 0;
  }
  if (o.list_events) {
    std::string text = list_events();
    scap::checked_write(stdout, text.data(), text.size());
    return 0;
  }
  if (o.explain) {  // every word is the filter: no capture is read
    std::string filter;
    for (size_t i = 0; i < o.words.size(); ++i) filter += (i ? " " : "") + o.words[i];
    if (filter.empty()) throw scap::CommandError(scap::ErrorKind::Usage, "--explain needs a filter");
    std::string text = query::explain_filter(filter);
    scap::checked_write(stdout, text.data(), text.size());
    return 0;
  }
  auto& p = o.print;
  if (o.snaplen) {
    if (*o.snaplen <= 0 || *o.snaplen > UINT32_MAX)
      throw scap::CommandError(scap::ErrorKind::Usage, "-s needs a number of bytes above 0");
    if (p.verbose)
      throw scap::CommandError(scap::ErrorKind::Usage, "-s and -v exclude each other: -v shows buffers whole");
    p.snaplen = static_cast<uint32_t>(*o.snaplen);
  }
  if (o.ascii + o.hex + o.hex_ascii + o.base64 > 1)
    throw scap::CommandError(scap::ErrorKind::Usage, "-A, -x, -X and -b exclude each other: choose one");
  p.buffer_format = o.ascii       ? scap::BufferFormat::Ascii
                    : o.hex       ? scap::BufferFormat::Hex
                    : o.hex_ascii ? scap::BufferFormat::HexAscii
                    : o.base64    ? scap::BufferFormat::Base64
                                  : scap::BufferFormat::Normal;
  size_t first_word = 0;
  if (!o.read.empty()) {
    p.capture = o.read;
  } else if (!o.words.empty()) {
    p.capture = o.words[0];
    first_word = 1;
  } else {
    throw scap::CommandError(scap::ErrorKind::Usage,
                             "a capture is required (CAPTURE, -r CAPTURE or - for standard input)");
  }
  // Unquoted filter words are joined in order, as sysdig joins them.
  for (size_t i = first_word; i < o.words.size(); ++i) p.filter += (i > first_word ? " " : "") + o.words[i];
  p.format = unescape_format(p.format);
  p.escape_controls = !o.raw && ::isatty(STDOUT_FILENO) == 1;
  int spooled = -1;
  if (p.capture == "-" || p.capture.rfind("/dev/", 0) == 0 || p.capture.rfind("/proc/", 0) == 0) {
    p.capture = spool_stream(p.capture, spooled);
  } else {
    struct stat st;
    if (::stat(p.capture.c_str(), &st) == 0 && S_ISFIFO(st.st_mode))
      p.capture = spool_stream(p.capture, spooled);
  }
  struct CloseFd {
    int fd;
    ~CloseFd() {
      if (fd >= 0) ::close(fd);
    }
  } close_spooled{spooled};
  return query::run_print(p, stdout, stderr);
}

}  // namespace

void add_print(CLI::App& app, Commands& out) {
  auto o = std::make_shared<PrintCli>();
  auto& opts = o->print;
  auto* p = app.add_subcommand("print", "Print the events of a capture, one line each (like sysdig -r)");
  p->add_option(
      "capture-and-filter", o->words,
      "Capture file (.scap, gzip or zstd; - for standard input), then a Falco filter, quoted or not: "
      "evt.type = openat and fd.name startswith /etc");
  p->add_option("-r,--read", o->read, "Capture file, as sysdig -r (then every word is the filter)");
  p->add_option(
      "-p,--format", opts.format,
      "Output format, sysdig style: \"%evt.num %evt.type %evt.args\"; \\t and \\n are a tab and a newline");
  p->add_option("-n,--limit", opts.limit, "Stop after printing N events");
  p->add_flag("-j,--json", opts.json, "One JSON object per event, as sysdig -j (the -p fields as keys)");
  p->add_flag("-v,--verbose", opts.verbose,
              "Show data buffers whole (by default cut at 80 bytes, as sysdig without -v)");
  p->add_option("-s,--snaplen", o->snaplen,
                "Show only the first N bytes of each data buffer, in every format (a cut buffer ends in ...); "
                "sysdig's -s sets how much a live capture keeps, this sets how much is shown");
  p->add_flag("-A,--print-ascii", o->ascii,
              "Data buffers as their text only: printable bytes and line ends, shown whole (sysdig -A)");
  p->add_flag("-x,--print-hex", o->hex, "Data buffers in hex, shown whole (sysdig -x)");
  p->add_flag("-X,--print-hex-ascii", o->hex_ascii, "Data buffers in hex and ASCII, shown whole (sysdig -X)");
  p->add_flag("-b,--print-base64", o->base64, "Data buffers in base64, shown whole (sysdig -b)");
  p->add_flag("--all", opts.all, "Also print internal events (procinfo, drop, ...) and state-only events");
  p->add_flag("-q,--quiet", opts.quiet,
              "Read, track state and filter every event without printing (for timing)");
  p->add_flag("--raw", o->raw,
              "Write capture strings as they are, control bytes included (escaped on a terminal)");
  p->add_flag("-l,--list", o->list_fields, "List the fields filters and formats know (saker fields)");
  p->add_flag("--explain", o->explain,
              "Print the compiled filter (its event types and program, as Wireshark's dftest) instead of "
              "reading a capture: every word is the filter");
  p->add_flag("-L,--list-events", o->list_events, "List the event types and their parameters (as sysdig -L)");
  p->footer(
      "EXAMPLES:\n"
      "  saker print capture.scap 'evt.type = openat and fd.name startswith /etc'\n"
      "  saker print -r capture.scap evt.type = execve -p '%evt.time\\t%proc.cmdline'\n"
      "  saker print -j capture.scap proc.name = curl | jq -r '.\"evt.type\"'\n"
      "  zstdcat capture.scap.zst | saker print - -n 20\n"
      "  saker print --explain 'proc.name in (bash, sh) and evt.type = execve'");
  out.push_back({p, "print", [o] { return run_print(*o); }});
}

}  // namespace saker::cli
