// The fs.path.* field class: the path a file-system syscall names (unlink, mkdir, rename,
// chmod, ...), resolved against the working directory or the dirfd like fd names are.
#include <array>

#include "saker/query/field.h"
#include "saker/replay/resolve_path.h"
#include "saker/replay/state.h"

namespace saker::query {

namespace {

using Ctx = const EvalContext&;
using Ref = const FieldRef&;
using scap::ParamType;

// Which events have fs.path fields and where their paths are, as libs lists them
// (sinsp_filtercheck_fspath.cpp): a parameter by name, or the fd's name (kFdName).
constexpr std::string_view kFdName = "fd.name";  // no parameter has a dotted name
enum class Success : uint8_t { ResIsZero, FdIsNotMinusOne };
struct PathSpec {
  std::string_view event, path, source, target;
  Success success;
};
constexpr PathSpec one(std::string_view event, std::string_view path, Success s = Success::ResIsZero) {
  return {event, path, {}, {}, s};
}
constexpr PathSpec two(std::string_view event, std::string_view source, std::string_view target) {
  return {event, {}, source, target, Success::ResIsZero};
}
constexpr auto kOpened = Success::FdIsNotMinusOne;
constexpr PathSpec kPathSpecs[] = {
    one("mkdir", "path"),
    one("mkdirat", "path"),
    one("rmdir", "path"),
    one("unlink", "path"),
    one("unlinkat", "name"),
    one("open", "name", kOpened),
    one("openat", "name", kOpened),
    one("openat2", "name", kOpened),
    one("fchmodat", "filename"),
    one("chmod", "filename"),
    one("fchmod", kFdName),
    one("chown", "path"),
    one("lchown", "path"),
    one("fchown", kFdName),
    one("fchownat", "pathname"),
    one("quotactl", "special"),
    one("umount", "name"),
    one("umount2", "name"),
    two("rename", "oldpath", "newpath"),
    two("renameat", "oldpath", "newpath"),
    two("renameat2", "oldpath", "newpath"),
    two("link", "newpath", "oldpath"),
    two("linkat", "newpath", "oldpath"),
    two("symlink", "linkpath", "target"),
    two("symlinkat", "linkpath", "target"),
    two("mount", "dev", "dir"),
};

constexpr int8_t kNone = -1, kFromFd = -2;
struct TypePaths {
  int8_t path = kNone, source = kNone, target = kNone, success = kNone;  // parameter indexes
  bool fd_success = false;  // success is "fd != -1" rather than "res == 0"
};

int8_t param_named(const scap::EventInfo& e, std::string_view name) {
  if (name.empty()) return kNone;
  if (name == kFdName) return kFromFd;
  for (size_t i = 0; i < e.params.size() && i < scap::kMaxParams; ++i)
    if (e.params[i].name == name) return static_cast<int8_t>(i);
  return kNone;
}

const std::array<TypePaths, scap::kEventTypeCount>& type_paths() {
  static const auto table = [] {
    std::array<TypePaths, scap::kEventTypeCount> t{};
    auto events = scap::event_table();
    for (uint16_t type = 0; type < events.size(); ++type) {
      const auto& e = events[type];
      if (scap::is_enter(type) || (e.flags & scap::kUnused)) continue;
      for (const auto& spec : kPathSpecs) {
        if (spec.event != e.name) continue;
        TypePaths& p = t[type];
        p.path = param_named(e, spec.path);
        p.source = param_named(e, spec.source);
        p.target = param_named(e, spec.target);
        p.fd_success = spec.success == Success::FdIsNotMinusOne;
        p.success = param_named(e, p.fd_success ? "fd" : "res");
      }
    }
    return t;
  }();
  return table;
}

// The event's path parameter of `which` kind, after libs' success check; kNone without one.
int8_t path_of(Ctx c, int8_t TypePaths::*which) {
  const scap::EventView& ev = *c.ev;
  if (ev.type >= scap::kEventTypeCount) return kNone;
  const TypePaths& p = type_paths()[ev.type];
  if (p.success < 0 || static_cast<uint32_t>(p.success) >= ev.nparams) return kNone;
  const int64_t res = ev.params[p.success].as<int64_t>();
  if (p.fd_success ? res == -1 : res != 0) return kNone;
  int8_t i = p.*which;
  return i == kFromFd || (i >= 0 && static_cast<uint32_t>(i) < ev.nparams) ? i : kNone;
}

enum class Role : uint8_t { Name, Source, Target };
constexpr std::string_view kUnknownDir = "<UNKNOWN>";

// The fd named by parameter `pname` of the event's thread, when the state has it.
const replay::FdInfo* fd_param(Ctx c, const replay::ThreadInfo* t, std::string_view pname) {
  const scap::Param* p = c.ev->param(pname);
  if (!t || !t->fds || !p || p->len < 8) return nullptr;
  return t->fds->find(p->as<int64_t>());
}

// A directory fd's path ending in '/' (libs' format_dirfd); "<UNKNOWN>" for anything else.
std::string dirfd_dir(const replay::FdInfo* f, bool must_be_directory) {
  if (!f || (must_be_directory && f->type != scap::FdType::Directory)) return std::string(kUnknownDir);
  if (f->name.empty() || f->name.back() == '/') return f->name;
  return f->name + '/';
}

// The directory a relative path of the event is taken from, as libs' fs.path fields take it
// (sinsp_filtercheck_fspath extract_single): per event type, not per parameter; "<UNKNOWN>"
// where libs has no directory; an empty string for openat's own fd name.
std::string base_dir(Ctx c, const replay::ThreadInfo* t, Role role) {
  using scap::EventType;
  switch (c.ev->event_type()) {
    case EventType::SyscallNewfstatatX:
    case EventType::SyscallFchownatX:
    case EventType::SyscallFchmodatX:
    case EventType::SyscallMkdiratX:
    case EventType::SyscallUnlinkat_2X:
    case EventType::SyscallMknodatX:
      return dirfd_dir(fd_param(c, t, "dirfd"), true);
    case EventType::SyscallSymlinkatX:
      return role == Role::Source ? dirfd_dir(fd_param(c, t, "linkdirfd"), true) : std::string(kUnknownDir);
    case EventType::SyscallRenameat2X: {
      if (role == Role::Name) return std::string(kUnknownDir);
      const scap::Param* p = c.ev->param(role == Role::Target ? "newdirfd" : "olddirfd");
      if (p && p->len >= 8 && p->as<int64_t>() == -100) return std::string(c.state->cwd(*t));  // AT_FDCWD
      return dirfd_dir(fd_param(c, t, role == Role::Target ? "newdirfd" : "olddirfd"), false);
    }
    default:
      return std::string(c.state->cwd(*t));
  }
}

bool resolve(Ctx c, int8_t i, bool raw, Role role, FieldValue& v, std::string& scratch) {
  if (i == kFromFd) {
    const replay::FdInfo* f = c.state ? c.state->current_fd() : nullptr;
    return f && (v.s = f->name, true);
  }
  if (i < 0 || c.ev->params[i].empty()) return false;
  std::string_view path = c.ev->params[i].str();
  if (raw || path.empty() || path[0] == '/' || !c.state) return v.s = path, true;
  const auto* t = c.state->thread(c.ev->tid);
  if (!t) return false;  // libs: no thread, no value
  auto type = c.ev->event_type();
  if (type == scap::EventType::SyscallOpenat_2X || type == scap::EventType::SyscallOpenat2X) {
    // libs takes openat's path from the fd it opened (already joined to its dirfd).
    const replay::FdInfo* f = c.state->current_fd();
    if (!f) return v.s = kUnknownDir, true;
    scratch = replay::resolve_path("", f->name);
    return v.s = scratch, true;
  }
  std::string dir = base_dir(c, t, role);
  if (dir == kUnknownDir) {
    scratch = dir;
    scratch += path;
  } else {
    scratch = replay::resolve_path(dir, path);
  }
  return v.s = scratch, true;
}

bool x_name(Ctx c, Ref, FieldValue& v, std::string& s) {
  return resolve(c, path_of(c, &TypePaths::path), false, Role::Name, v, s);
}
bool x_nameraw(Ctx c, Ref, FieldValue& v, std::string& s) {
  return resolve(c, path_of(c, &TypePaths::path), true, Role::Name, v, s);
}
bool x_source(Ctx c, Ref, FieldValue& v, std::string& s) {
  return resolve(c, path_of(c, &TypePaths::source), false, Role::Source, v, s);
}
bool x_target(Ctx c, Ref, FieldValue& v, std::string& s) {
  return resolve(c, path_of(c, &TypePaths::target), false, Role::Target, v, s);
}
bool x_sourceraw(Ctx c, Ref, FieldValue& v, std::string& s) {
  return resolve(c, path_of(c, &TypePaths::source), true, Role::Source, v, s);
}
bool x_targetraw(Ctx c, Ref, FieldValue& v, std::string& s) {
  return resolve(c, path_of(c, &TypePaths::target), true, Role::Target, v, s);
}

const FieldDef kFsPathFields[] = {
    {"fs.path.name", FieldType::String, FieldArg::None, "the path the syscall names, made absolute", x_name},
    {"fs.path.nameraw", FieldType::String, FieldArg::None, "the path as the syscall gave it", x_nameraw},
    {"fs.path.source", FieldType::String, FieldArg::None, "source path of a rename or link, made absolute",
     x_source},
    {"fs.path.target", FieldType::String, FieldArg::None, "target path of a rename or link, made absolute",
     x_target},
    {"fs.path.sourceraw", FieldType::String, FieldArg::None, "source path of a rename or link, as given",
     x_sourceraw},
    {"fs.path.targetraw", FieldType::String, FieldArg::None, "target path of a rename or link, as given",
     x_targetraw},
};

}  // namespace

std::span<const FieldDef> fspath_fields() {
  return kFsPathFields;
}

}  // namespace saker::query
