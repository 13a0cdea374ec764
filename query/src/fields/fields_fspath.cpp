// The fs.path.* field class: the path a file-system syscall names (unlink, mkdir, rename,
// chmod, ...), resolved against the working directory or the dirfd like fd names are.
#include "saker/query/field.h"
#include "saker/replay/state.h"

namespace saker::query {

namespace {

using Ctx = const EvalContext&;
using Ref = const FieldRef&;
using scap::ParamType;

// The index of the first path parameter whose name is one of `names` (any path when empty).
int path_param(const scap::EventView& ev, std::initializer_list<std::string_view> names) {
  for (uint32_t i = 0; i < ev.nparams && i < ev.info->params.size(); ++i) {
    const auto& p = ev.info->params[i];
    if (p.type != ParamType::FsPath && p.type != ParamType::FsRelPath) continue;
    if (names.size() == 0) return static_cast<int>(i);
    for (auto n : names)
      if (p.name == n) return static_cast<int>(i);
  }
  return -1;
}

bool resolve(Ctx c, int i, bool raw, FieldValue& v, std::string& scratch) {
  if (i < 0 || c.ev->params[i].empty()) return false;
  std::string_view path = c.ev->params[i].str();
  if (raw || path.empty() || path[0] == '/' || !c.state) return v.s = path, true;
  const auto* t = c.state->thread(c.ev->tid);
  std::string dir = t ? std::string(c.state->cwd(*t)) : std::string("/");
  const auto& info = c.ev->info->params[i];
  if (info.type == ParamType::FsRelPath && info.dirfd_index >= 0 &&
      static_cast<uint32_t>(info.dirfd_index) < c.ev->nparams) {
    int64_t dirfd = c.ev->params[info.dirfd_index].as<int64_t>();
    if (dirfd != -100 && t && t->fds)
      if (const auto* f = t->fds->find(dirfd)) dir = f->name;
  }
  scratch = dir;
  if (scratch.empty() || scratch.back() != '/') scratch += '/';
  scratch += path;
  return v.s = scratch, true;
}

bool x_name(Ctx c, Ref, FieldValue& v, std::string& s) {
  return resolve(c, path_param(*c.ev, {}), false, v, s);
}
bool x_nameraw(Ctx c, Ref, FieldValue& v, std::string& s) {
  return resolve(c, path_param(*c.ev, {}), true, v, s);
}
bool x_source(Ctx c, Ref, FieldValue& v, std::string& s) {
  return resolve(c, path_param(*c.ev, {"oldpath", "target"}), false, v, s);
}
bool x_target(Ctx c, Ref, FieldValue& v, std::string& s) {
  return resolve(c, path_param(*c.ev, {"newpath", "linkpath"}), false, v, s);
}

const FieldDef kFsPathFields[] = {
    {"fs.path.name", FieldType::String, FieldArg::None, "the path the syscall names, made absolute", x_name},
    {"fs.path.nameraw", FieldType::String, FieldArg::None, "the path as the syscall gave it", x_nameraw},
    {"fs.path.source", FieldType::String, FieldArg::None, "source path of a rename or link, made absolute",
     x_source},
    {"fs.path.target", FieldType::String, FieldArg::None, "target path of a rename or link, made absolute",
     x_target},
};

}  // namespace

std::span<const FieldDef> fspath_fields() {
  return kFsPathFields;
}

}  // namespace saker::query
