#include "event_details.h"

#include "saker/scap/param_format.h"

namespace saker::inspector {

namespace {

QString qs(std::string_view s) {
  return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

enum Group { kArgs, kFd, kProcess, kAncestry, kEvent, kContainer };

int group_of(std::string_view name) {
  if (name.starts_with("proc.") || name.starts_with("thread.") || name.starts_with("user.") ||
      name.starts_with("group."))
    return kProcess;
  if (name.starts_with("fd.")) return kFd;
  if (name.starts_with("container.") || name.starts_with("k8s.")) return kContainer;
  return kEvent;
}

}  // namespace

EventDetails describe_event(const EventCursor& cursor) {
  EventDetails d;
  for (const char* title : {"Arguments", "File descriptor", "Process", "Ancestry", "Event", "Container"})
    d.groups.push_back(DetailGroup{title, {}, {}});
  const auto& ctx = cursor.context();
  const scap::EventView& ev = cursor.event();
  std::string text, scratch, value;
  // The value the filter compares: the field's extracted value as text (not its display).
  auto filter_value = [&](const query::FieldRef& ref) {
    value.clear();
    query::FieldValue v;
    if (ref.def->extract(ctx, ref, v, scratch)) query::append_value(ref.def->type, v, value);
    return qs(value);
  };
  for (const query::FieldDef* f : query::all_fields()) {
    // util.cnt counts its own uses: no property of the event, nothing to show or filter on.
    if (f->arg != query::FieldArg::None || f->name == "util.cnt") continue;
    query::FieldRef ref{f, -1, {}};
    text.clear();
    if (!query::render_field(ctx, ref, text, scratch)) continue;
    DetailGroup& g = d.groups[group_of(f->name)];
    g.rows.emplace_back(qs(f->name), qs(text));
    g.filter_values.push_back(filter_value(ref));
  }
  for (uint32_t i = 0; i < ev.nparams && ev.info && i < ev.info->params.size(); ++i) {
    const auto& p = ev.info->params[i];
    text.clear();
    scap::render_param(text, ev, i, ctx.render, scap::RenderOptions{4096});
    d.groups[kArgs].rows.emplace_back(qs(p.name), qs(text));
    query::FieldRef arg;
    std::string err;
    d.groups[kArgs].filter_values.push_back(
        query::resolve_field("evt.arg." + std::string(p.name), arg, err) ? filter_value(arg) : QString());
    if (p.type == scap::ParamType::Bytebuf && !ev.params[i].empty())
      d.buffers.push_back({qs(p.name), std::string(ev.params[i].bytes())});
  }
  const replay::State& st = cursor.state();
  if (const replay::ThreadInfo* t = st.current_thread()) {
    for (int n = 1; n <= 64; ++n) {
      const replay::ThreadInfo* a = st.ancestor(*t, n);
      if (!a) break;
      d.groups[kAncestry].rows.emplace_back(QStringLiteral("%1 (pid %2)").arg(qs(a->comm)).arg(a->pid),
                                            qs(a->cmdline()));
      d.groups[kAncestry].filter_values.emplace_back();
    }
  }
  return d;
}

const DetailGroup* EventDetails::group(const QString& title) const {
  for (const auto& g : groups)
    if (g.title == title) return &g;
  return nullptr;
}

QString hex_dump(std::string_view bytes, size_t limit) {
  QString out;
  size_t n = std::min(bytes.size(), limit);
  static const char* kHex = "0123456789abcdef";
  for (size_t off = 0; off < n; off += 16) {
    QString line = QStringLiteral("%1  ").arg(off, 8, 16, QChar('0'));
    QString ascii;
    for (size_t i = 0; i < 16; ++i) {
      if (off + i < n) {
        auto b = static_cast<unsigned char>(bytes[off + i]);
        line += kHex[b >> 4];
        line += kHex[b & 15];
        line += ' ';
        ascii += (b >= 0x20 && b < 0x7f) ? QChar(b) : QChar('.');
      } else {
        line += QStringLiteral("   ");
      }
      if (i == 7) line += ' ';
    }
    out += line + ' ' + ascii + '\n';
  }
  if (bytes.size() > n) out += QStringLiteral("... %1 more bytes\n").arg(bytes.size() - n);
  return out;
}

}  // namespace saker::inspector
