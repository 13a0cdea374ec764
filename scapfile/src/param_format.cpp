#include "saker/scap/param_format.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "saker/scap/text_append.h"

namespace saker::scap {

namespace {

constexpr std::array<std::string_view, 134> kErrnoNames{
    "",
    "EPERM",
    "ENOENT",
    "ESRCH",
    "EINTR",
    "EIO",
    "ENXIO",
    "E2BIG",
    "ENOEXEC",
    "EBADF",
    "ECHILD",
    "EAGAIN",
    "ENOMEM",
    "EACCES",
    "EFAULT",
    "ENOTBLK",
    "EBUSY",
    "EEXIST",
    "EXDEV",
    "ENODEV",
    "ENOTDIR",
    "EISDIR",
    "EINVAL",
    "ENFILE",
    "EMFILE",
    "ENOTTY",
    "ETXTBSY",
    "EFBIG",
    "ENOSPC",
    "ESPIPE",
    "EROFS",
    "EMLINK",
    "EPIPE",
    "EDOM",
    "ERANGE",
    "EDEADLK",
    "ENAMETOOLONG",
    "ENOLCK",
    "ENOSYS",
    "ENOTEMPTY",
    "ELOOP",
    "",
    "ENOMSG",
    "EIDRM",
    "ECHRNG",
    "EL2NSYNC",
    "EL3HLT",
    "EL3RST",
    "ELNRNG",
    "EUNATCH",
    "ENOCSI",
    "EL2HLT",
    "EBADE",
    "EBADR",
    "EXFULL",
    "ENOANO",
    "EBADRQC",
    "EBADSLT",
    "",
    "EBFONT",
    "ENOSTR",
    "ENODATA",
    "ETIME",
    "ENOSR",
    "ENONET",
    "ENOPKG",
    "EREMOTE",
    "ENOLINK",
    "EADV",
    "ESRMNT",
    "ECOMM",
    "EPROTO",
    "EMULTIHOP",
    "EDOTDOT",
    "EBADMSG",
    "EOVERFLOW",
    "ENOTUNIQ",
    "EBADFD",
    "EREMCHG",
    "ELIBACC",
    "ELIBBAD",
    "ELIBSCN",
    "ELIBMAX",
    "ELIBEXEC",
    "EILSEQ",
    "ERESTART",
    "ESTRPIPE",
    "EUSERS",
    "ENOTSOCK",
    "EDESTADDRREQ",
    "EMSGSIZE",
    "EPROTOTYPE",
    "ENOPROTOOPT",
    "EPROTONOSUPPORT",
    "ESOCKTNOSUPPORT",
    "EOPNOTSUPP",
    "EPFNOSUPPORT",
    "EAFNOSUPPORT",
    "EADDRINUSE",
    "EADDRNOTAVAIL",
    "ENETDOWN",
    "ENETUNREACH",
    "ENETRESET",
    "ECONNABORTED",
    "ECONNRESET",
    "ENOBUFS",
    "EISCONN",
    "ENOTCONN",
    "ESHUTDOWN",
    "ETOOMANYREFS",
    "ETIMEDOUT",
    "ECONNREFUSED",
    "EHOSTDOWN",
    "EHOSTUNREACH",
    "EALREADY",
    "EINPROGRESS",
    "ESTALE",
    "EUCLEAN",
    "ENOTNAM",
    "ENAVAIL",
    "EISNAM",
    "EREMOTEIO",
    "EDQUOT",
    "ENOMEDIUM",
    "EMEDIUMTYPE",
    "ECANCELED",
    "ENOKEY",
    "EKEYEXPIRED",
    "EKEYREVOKED",
    "EKEYREJECTED",
    "EOWNERDEAD",
    "ENOTRECOVERABLE",
    "ERFKILL",
    "EHWPOISON",
};

constexpr std::array<std::string_view, 32> kSignalNames{
    "",          "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",   "SIGTRAP", "SIGABRT", "SIGBUS",
    "SIGFPE",    "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",  "SIGPIPE", "SIGALRM", "SIGTERM",
    "SIGSTKFLT", "SIGCHLD", "SIGCONT",   "SIGSTOP", "SIGTSTP",  "SIGTTIN", "SIGTTOU", "SIGURG",
    "SIGXCPU",   "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",   "SIGPWR",  "SIGSYS",
};

constexpr int64_t kAtFdcwd = -100;

bool variable_length(ParamType t) {
  switch (t) {
    case ParamType::Charbuf:
    case ParamType::FsPath:
    case ParamType::FsRelPath:
    case ParamType::Bytebuf:
    case ParamType::CharbufArray:
      return true;
    default:
      return false;
  }
}

int64_t signed_value(ParamType t, const Param& p);
uint64_t unsigned_value(ParamType t, const Param& p);

// The RenderContext call rendering a value of type `pi` makes, if any: render_value asks
// exactly these.
bool needs_resolution(const ParamInfo& pi, const Param& p, Resolution& r) {
  switch (pi.type) {
    case ParamType::Fd:
    case ParamType::Fd32: {
      int64_t v = signed_value(pi.type, p);
      if (v < 0) return false;  // AT_FDCWD and errors are named without the context
      r = {Resolution::Fd, v};
      return true;
    }
    case ParamType::Pid:
    case ParamType::Pid32:
      r = {Resolution::Thread, signed_value(pi.type, p)};
      return true;
    case ParamType::Uid:
    case ParamType::Gid: {
      uint32_t id = static_cast<uint32_t>(unsigned_value(pi.type, p));
      if (id == UINT32_MAX) return false;  // "no id" is named without the context
      r = {pi.type == ParamType::Uid ? Resolution::User : Resolution::Group, id};
      return true;
    }
    case ParamType::Dyn: {
      if (p.len < 1 || p.data[0] >= pi.dynamic.size()) return false;
      Param inner{p.data + 1, p.len - 1};
      return needs_resolution(pi.dynamic[p.data[0]], inner, r);
    }
    default:
      return false;
  }
}

template <typename T>
T load(const Param& p) {
  return p.as<T>();
}

// Integer values are as wide as fixed_param_size() says their type is.
int64_t signed_value(ParamType t, const Param& p) {
  switch (fixed_param_size(t)) {
    case 1:
      return load<int8_t>(p);
    case 2:
      return load<int16_t>(p);
    case 4:
      return load<int32_t>(p);
    default:
      return load<int64_t>(p);
  }
}

uint64_t unsigned_value(ParamType t, const Param& p) {
  switch (fixed_param_size(t)) {
    case 1:
      return load<uint8_t>(p);
    case 2:
      return load<uint16_t>(p);
    case 4:
      return load<uint32_t>(p);
    default:
      return load<uint64_t>(p);
  }
}

void append_number(std::string& out, PrintFormat f, uint64_t v, bool is_signed) {
  switch (f) {
    case PrintFormat::Hex:
      append_hex_upper(out, v);
      return;
    case PrintFormat::Oct:
      out += '0';
      if (v != 0) append_int(out, v, 8);
      return;
    case PrintFormat::PaddedDec: {
      size_t at = out.size();
      append_int(out, v);
      if (size_t digits = out.size() - at; digits < 9) out.insert(at, 9 - digits, '0');
      return;
    }
    default:
      if (is_signed)
        append_int(out, static_cast<int64_t>(v));
      else
        append_int(out, v);
  }
}

// Printable bytes as is, the rest as '.'; longer than max: cut to max characters whose last
// three are "..." (libs' max_evt_output_len, which sysdig sets to 80 without -v).
void append_printable(std::string& out, std::string_view s, uint32_t max) {
  bool cut = s.size() > max && max > 3;
  if (cut) s = s.substr(0, max - 3);
  size_t at = out.size();
  out.resize(at + s.size());
  char* d = out.data() + at;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    *d++ = (u >= 0x20 && u < 0x7f) ? c : '.';
  }
  if (cut) out += "...";
}

void append_ipv4(std::string& out, const uint8_t* a) {
  for (int i = 0; i < 4; ++i) {
    if (i) out += '.';
    append_int(out, a[i]);
  }
}

void append_ipv6(std::string& out, const uint8_t* a) {
  char buf[INET6_ADDRSTRLEN];
  if (inet_ntop(AF_INET6, a, buf, sizeof buf)) out += buf;
}

uint16_t port_at(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}

void append_sockaddr(std::string& out, const Param& p) {
  if (p.len < 1) return;
  uint8_t fam = p.data[0];
  if (fam == 2 && p.len >= 7) {
    append_ipv4(out, p.data + 1);
    out += ':';
    append_int(out, port_at(p.data + 5));
  } else if (fam == 10 && p.len >= 19) {
    append_ipv6(out, p.data + 1);
    out += ':';
    append_int(out, port_at(p.data + 17));
  } else if (fam == 1) {
    out += std::string_view(reinterpret_cast<const char*>(p.data + 1),
                            strnlen(reinterpret_cast<const char*>(p.data + 1), p.len - 1));
  } else {
    out += "NULL";
  }
}

void append_socktuple(std::string& out, const Param& p) {
  if (p.len < 1) return;
  uint8_t fam = p.data[0];
  if (fam == 2 && p.len >= 13) {
    append_ipv4(out, p.data + 1);
    out += ':';
    append_int(out, port_at(p.data + 5));
    out += "->";
    append_ipv4(out, p.data + 7);
    out += ':';
    append_int(out, port_at(p.data + 11));
  } else if (fam == 10 && p.len >= 37) {
    append_ipv6(out, p.data + 1);
    out += ':';
    append_int(out, port_at(p.data + 17));
    out += "->";
    append_ipv6(out, p.data + 19);
    out += ':';
    append_int(out, port_at(p.data + 35));
  } else if (fam == 1 && p.len >= 17) {
    uint64_t src, dst;
    std::memcpy(&src, p.data + 1, 8);
    std::memcpy(&dst, p.data + 9, 8);
    append_int(out, src, 16);
    out += "->";
    append_int(out, dst, 16);
    out += ' ';
    out += std::string_view(reinterpret_cast<const char*>(p.data + 17),
                            strnlen(reinterpret_cast<const char*>(p.data + 17), p.len - 17));
  } else {
    out += "NULL";
  }
}

void append_flags(std::string& out, const ParamInfo& pi, uint64_t v) {
  bool is_enum = pi.type == ParamType::EnumFlags8 || pi.type == ParamType::EnumFlags16 ||
                 pi.type == ParamType::EnumFlags32;
  size_t open = out.size();
  out += '(';
  uint64_t rest = v;
  for (const auto& nv : pi.flags) {
    // As libs: every name of an enum value (AF_LOCAL|AF_UNIX); a flag matches the bits
    // earlier names left.
    bool match =
        is_enum ? nv.value == v : (nv.value == 0 ? v == 0 : rest != 0 && (rest & nv.value) == nv.value);
    if (!match) continue;
    if (out.size() > open + 1) out += '|';
    out += nv.name;
    if (!is_enum) rest &= ~static_cast<uint64_t>(nv.value);
  }
  if (out.size() == open + 1)
    out.resize(open);  // no name matched
  else
    out += ')';
}

}  // namespace

uint16_t fdlist_size(const Param& p) {
  if (p.len < 2) return 0;
  const uint16_t n = p.as<uint16_t>();
  return static_cast<uint16_t>(std::min<uint32_t>(n, (p.len - 2) / 10));
}

int64_t fdlist_fd(const Param& p, uint16_t k) {
  int64_t fd;
  std::memcpy(&fd, p.data + 2 + 10 * k, 8);
  return fd;
}

bool is_fdlist_param(const EventView& ev, uint32_t index) {
  return index < ev.nparams && index < ev.info->params.size() &&
         ev.info->params[index].type == ParamType::FdList && !ev.params[index].empty();
}

namespace {

// libs: "fd:Tflags" per entry, T the fd's type character and the flags in hex (as a signed
// 16-bit value widened); nothing when the thread is unknown. Without a context:
// "fd:flags" in decimal.
void append_fdlist(std::string& out, const EventView& ev, const Param& p, const RenderContext* ctx) {
  const uint16_t n = fdlist_size(p);
  const size_t start = out.size();
  for (uint16_t i = 0; i < n; ++i) {
    const int64_t fd = fdlist_fd(p, i);
    int16_t fl;
    std::memcpy(&fl, p.data + 2 + 10 * i + 8, 2);
    if (i) out += ' ';
    if (!ctx) {
      append_int(out, fd);
      out += ':';
      append_int(out, static_cast<uint16_t>(fl));
      continue;
    }
    char digits[24];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, static_cast<uint64_t>(fd)).ptr);
    out += ':';
    if (!ctx->fd_typechar(ev, fd, out)) {
      out.resize(start);
      return;
    }
    out.append(digits, std::to_chars(digits, digits + sizeof digits,
                                     static_cast<uint32_t>(static_cast<int32_t>(fl)), 16)
                           .ptr);
  }
}

// "(name)" from a context lookup appending straight into `out`; nothing when it finds none.
template <typename Lookup>
void append_resolved(std::string& out, Lookup lookup) {
  size_t open = out.size();
  out += '(';
  if (lookup())
    out += ')';
  else
    out.resize(open);
}

void render_value(std::string& out, const EventView& ev, const ParamInfo& pi, const Param& p,
                  const RenderContext* ctx, const RenderOptions& opts) {
  switch (pi.type) {
    case ParamType::None:
      return;
    case ParamType::Int8:
    case ParamType::Int16:
    case ParamType::Int32:
    case ParamType::Int64:
      append_number(out, pi.format, static_cast<uint64_t>(signed_value(pi.type, p)), true);
      return;
    case ParamType::Errno: {
      int64_t v = signed_value(pi.type, p);
      if (v < 0) {
        append_int(out, v);
        auto name = errno_name(v == INT64_MIN ? 0 : -v);  // -INT64_MIN overflows
        if (!name.empty()) append_parenthesized(out, name);
      } else {
        append_int(out, v);  // decimal whatever the table's format, as libs (mmap's res)
      }
      return;
    }
    case ParamType::Fd:
    case ParamType::Fd32: {
      int64_t v = signed_value(pi.type, p);
      append_int(out, v);
      if (v == kAtFdcwd) {
        out += "(AT_FDCWD)";
      } else if (v < 0) {
        auto name = errno_name(v == INT64_MIN ? 0 : -v);  // -INT64_MIN overflows
        if (!name.empty()) append_parenthesized(out, name);
      } else if (Resolution r; ctx && needs_resolution(pi, p, r)) {
        append_resolved(out, [&] { return ctx->describe_fd(ev, r.value, out); });
      }
      return;
    }
    case ParamType::Pid:
    case ParamType::Pid32: {
      int64_t v = signed_value(pi.type, p);
      append_int(out, v);
      if (Resolution r; ctx && needs_resolution(pi, p, r))
        append_resolved(out, [&] { return ctx->thread_name(r.value, out); });
      return;
    }
    case ParamType::Flags8:
    case ParamType::Flags16:
    case ParamType::Flags32:
    case ParamType::EnumFlags8:
    case ParamType::EnumFlags16:
    case ParamType::EnumFlags32: {
      uint64_t v = unsigned_value(pi.type, p);
      append_number(out, PrintFormat::Dec, v, false);
      append_flags(out, pi, v);
      return;
    }
    case ParamType::Mode: {
      uint64_t v = unsigned_value(pi.type, p);
      append_number(out, pi.format, v, false);
      append_flags(out, pi, v);
      return;
    }
    case ParamType::Uid:
    case ParamType::Gid: {
      // As libs: "1000(alice)", "1000(<NA>)" for an unknown id, "-1(<NONE>)" for no id.
      uint32_t id = static_cast<uint32_t>(unsigned_value(pi.type, p));
      if (id == UINT32_MAX) {
        out += ctx ? "-1(<NONE>)" : "-1";
        return;
      }
      append_int(out, static_cast<uint64_t>(id));
      if (ctx) {
        out += '(';
        size_t at = out.size();
        bool named = pi.type == ParamType::Uid ? ctx->user_name(id, out) : ctx->group_name(id, out);
        if (!named || out.size() == at) out.resize(at), out += "<NA>";
        out += ')';
      }
      return;
    }
    case ParamType::Uint8:
    case ParamType::Uint16:
    case ParamType::Uint32:
    case ParamType::Uint64:
    case ParamType::SigSet:
    case ParamType::Bool:
    case ParamType::Port:
    case ParamType::L4Proto:
    case ParamType::SockFamily:
      append_number(out, pi.format, unsigned_value(pi.type, p), false);
      return;
    case ParamType::AbsTime: {
      // As libs: local date and time with nanoseconds, "1970-01-01 00:00:00.000000000".
      const uint64_t v = unsigned_value(pi.type, p);
      const time_t sec = static_cast<time_t>(v / 1000000000ull);
      std::tm tm{};
      localtime_r(&sec, &tm);
      char buf[64];
      size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S.", &tm);
      out.append(buf, n);
      std::snprintf(buf, sizeof buf, "%09llu", static_cast<unsigned long long>(v % 1000000000ull));
      out += buf;
      return;
    }
    case ParamType::RelTime: {
      // As libs: nanoseconds, then seconds in printf's %lg ("0(0s)", "1500000000(1.5s)");
      // "none" for -1.
      const uint64_t v = unsigned_value(pi.type, p);
      if (v == UINT64_MAX) {
        out += "none";
        return;
      }
      char digits[24];
      out.append(digits, std::to_chars(digits, digits + sizeof digits, v).ptr);
      char secs[48];
      int n = std::snprintf(secs, sizeof secs, "(%lgs)", static_cast<double>(v) / 1e9);
      if (n > 0) out.append(secs, std::min<size_t>(static_cast<size_t>(n), sizeof secs - 1));
      return;
    }
    case ParamType::SigType: {
      uint64_t v = unsigned_value(pi.type, p);
      auto name = signal_name(static_cast<uint32_t>(v));
      append_int(out, v);  // "9(SIGKILL)", as libs' value and resolved text
      if (!name.empty()) {
        out += '(';
        out += name;
        out += ')';
      }
      return;
    }
    case ParamType::SyscallId: {
      uint16_t v = p.as<uint16_t>();
      auto name = syscall_name(v);
      if (name.empty())
        append_int(out, v);
      else
        out += name;
      return;
    }
    case ParamType::Charbuf:
    case ParamType::FsPath:
    case ParamType::FsRelPath:
      append_printable(out, p.str(), UINT32_MAX);
      return;
    case ParamType::Bytebuf:
      render_buffer(out, p.bytes(), opts);
      return;
    case ParamType::CharbufArray:
      append_printable(out, p.bytes(), UINT32_MAX);  // never cut, as libs and sysdig
      return;
    case ParamType::Sockaddr:
      append_sockaddr(out, p);
      return;
    case ParamType::Socktuple:
      append_socktuple(out, p);
      return;
    case ParamType::FdList:
      append_fdlist(out, ev, p, ctx);
      return;
    case ParamType::Ipv4Addr:
      if (p.len >= 4) append_ipv4(out, p.data);
      return;
    case ParamType::Ipv6Addr:
      if (p.len >= 16) append_ipv6(out, p.data);
      return;
    case ParamType::Double: {
      double d = p.as<double>();
      fmt::format_to(std::back_inserter(out), "{}", d);
      return;
    }
    case ParamType::Dyn: {
      if (p.len < 1) return;
      uint8_t idx = p.data[0];
      if (idx >= pi.dynamic.size()) {
        fmt::format_to(std::back_inserter(out), "<dynamic index {}>", idx);
        return;
      }
      Param inner{p.data + 1, p.len - 1};
      render_value(out, ev, pi.dynamic[idx], inner, ctx, opts);
      return;
    }
    default:
      append_printable(out, p.bytes(), opts.max_bytes ? opts.max_bytes : UINT32_MAX);
      return;
  }
}

}  // namespace

std::string_view errno_name(int64_t err) {
  if (err <= 0 || err >= static_cast<int64_t>(kErrnoNames.size())) return {};
  return kErrnoNames[static_cast<size_t>(err)];
}

std::string_view signal_name(uint32_t sig) {
  return sig < kSignalNames.size() ? kSignalNames[sig] : std::string_view{};
}

// A path parameter libs shows with its absolute form too: relative and not empty.
bool relative_path(const ParamInfo& pi, const Param& p) {
  if (pi.type != ParamType::FsPath && pi.type != ParamType::FsRelPath) return false;
  std::string_view s = p.str();
  return !s.empty() && s[0] != '/' && s != "<NA>";
}

bool param_resolution(const EventView& ev, uint32_t index, Resolution& out) {
  // The same conditions as render_param's: a missing or empty number is "<NA>".
  if (index >= ev.nparams || index >= ev.info->params.size()) return false;
  if (ev.params[index].empty() && !variable_length(ev.info->params[index].type)) return false;
  if (relative_path(ev.info->params[index], ev.params[index])) {
    out = {Resolution::Path, index};
    return true;
  }
  return needs_resolution(ev.info->params[index], ev.params[index], out);
}

void render_param(std::string& out, const EventView& ev, uint32_t index, const RenderContext* ctx,
                  const RenderOptions& opts) {
  if (index >= ev.nparams || index >= ev.info->params.size()) {
    out += "<NA>";
    return;
  }
  if (ev.params[index].empty()) {
    // As libs: an empty buffer, tuple or list is "NULL" (its legacy encoding), anything else
    // empty (a string included) is "not available".
    switch (ev.info->params[index].type) {
      case ParamType::Bytebuf:
      case ParamType::Socktuple:
      case ParamType::FdList:
      case ParamType::CharbufArray:
      case ParamType::CharbufPairArray:
      case ParamType::Dyn:
        out += "NULL";
        return;
      default:
        out += "<NA>";
        return;
    }
  }
  render_value(out, ev, ev.info->params[index], ev.params[index], ctx, opts);
  if (ctx && relative_path(ev.info->params[index], ev.params[index]))
    append_resolved(out, [&] { return ctx->resolve_path(ev, index, out); });
}

void render_args(std::string& out, const EventView& ev, const RenderContext* ctx, const RenderOptions& opts) {
  for (uint32_t i = 0; i < ev.nparams && i < ev.info->params.size(); ++i) {
    if (i) out += ' ';
    out += ev.info->params[i].name;
    out += '=';
    render_param(out, ev, i, ctx, opts);
  }
}

void render_param_resolved(std::string& out, const EventView& ev, uint32_t index, const RenderContext* ctx,
                           const RenderOptions& opts) {
  size_t start = out.size();
  // A relative path: its absolute form alone, as libs' resolved text.
  if (ctx && index < ev.nparams && index < ev.info->params.size() &&
      relative_path(ev.info->params[index], ev.params[index])) {
    if (ctx->resolve_path(ev, index, out)) return;
    out.resize(start);
  }
  render_param(out, ev, index, ctx, opts);
  // "3(<f>/etc/passwd)" -> "<f>/etc/passwd"; "-2(ENOENT)" -> "ENOENT".
  std::string_view text(out.data() + start, out.size() - start);
  auto lp = text.find('(');
  if (lp != std::string_view::npos && lp > 0 && text.back() == ')') {
    auto first = text.substr(0, lp);
    bool numeric = first.find_first_not_of("-0123456789ABCDEFabcdef") == std::string_view::npos;
    if (numeric) {
      std::string inner(text.substr(lp + 1, text.size() - lp - 2));
      out.resize(start);
      out += inner;
    }
  }
}

void render_raw_param(std::string& out, const EventView& ev, uint32_t index) {
  if (index >= ev.nparams || index >= ev.info->params.size() || ev.params[index].empty()) {
    out += "<NA>";
    return;
  }
  const auto& pi = ev.info->params[index];
  const auto& p = ev.params[index];
  switch (pi.type) {
    case ParamType::Int8:
    case ParamType::Int16:
    case ParamType::Int32:
    case ParamType::Int64:
      if (pi.format == PrintFormat::Hex) {  // libs: "%" PRIX32 of the value (accept4's flags)
        append_number(out, pi.format, unsigned_value(pi.type, p), false);
        return;
      }
      append_int(out, signed_value(pi.type, p));
      return;
    case ParamType::Fd:
    case ParamType::Fd32:
    case ParamType::Pid:
    case ParamType::Pid32:
      append_int(out, signed_value(pi.type, p));
      return;
    case ParamType::Errno: {
      int64_t v = signed_value(pi.type, p);
      if (v < 0)
        append_int(out, v);
      else
        append_number(out, pi.format, static_cast<uint64_t>(v), true);
      return;
    }
    case ParamType::Charbuf:
    case ParamType::FsPath:
    case ParamType::FsRelPath:
    case ParamType::Bytebuf:
    case ParamType::Sockaddr:
    case ParamType::Socktuple:
    case ParamType::FdList:
    case ParamType::Dyn:
    case ParamType::Ipv4Addr:
    case ParamType::Ipv6Addr:
    case ParamType::Double:
    case ParamType::CharbufArray:
      render_value(out, ev, pi, p, nullptr, RenderOptions{0});
      return;
    default:
      append_number(out, pi.format, unsigned_value(pi.type, p), false);
      return;
  }
}

}  // namespace saker::scap
