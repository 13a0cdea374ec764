#include "event_export.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "saker/query/field.h"
#include "saker/scap/error.h"
#include "saker/scap/writer.h"

namespace saker::inspector {

namespace {

bool changes_state(const scap::EventView& ev) {
  constexpr uint32_t kStateFlags = scap::kCreatesFd | scap::kDestroysFd | scap::kModifiesState;
  return (ev.info->flags & kStateFlags) || ev.name() == "procexit" || ev.initial_state;
}

void csv_cell(std::string& line, const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) {
    line += v;
    return;
  }
  line += '"';
  for (char c : v) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f) std::fclose(f);
  }
};

}  // namespace

ExportFormat export_format_for(const std::string& path) {
  auto ends = [&](const char* s) {
    size_t n = std::strlen(s);
    return path.size() >= n && strcasecmp(path.c_str() + path.size() - n, s) == 0;
  };
  if (ends(".csv")) return ExportFormat::Csv;
  if (ends(".json")) return ExportFormat::Json;
  return ExportFormat::Scap;
}

ExportResult export_events(const CaptureInfo& info, const std::vector<RowNum>& events, ExportFormat format,
                           const std::string& out_path, const std::vector<std::string>& columns,
                           const std::atomic<bool>& cancel, const std::function<void(double)>& progress) {
  ExportResult r;
  std::vector<query::FieldRef> refs;
  for (const auto& c : columns) {
    query::FieldRef ref;
    std::string err;
    if (!query::resolve_field(c, ref, err)) {
      r.error = fmt::format("column {}: {}", c, err);
      return r;
    }
    refs.push_back(ref);
  }
  std::unique_ptr<scap::Writer> writer;
  std::unique_ptr<std::FILE, FileCloser> text;
  auto fail_write = [&] { r.error = fmt::format("cannot write {}: {}", out_path, std::strerror(errno)); };
  try {
    scap::Reader reader(info.path, scap::whole_capture_pass());
    if (format == ExportFormat::Scap) {
      writer = std::make_unique<scap::Writer>(out_path);
    } else {
      text.reset(std::fopen(out_path.c_str(), "w"));
      if (!text) {
        fail_write();
        return r;
      }
    }
    std::string line, value, scratch;
    if (format == ExportFormat::Csv) {
      for (size_t i = 0; i < columns.size(); ++i) {
        if (i) line += ',';
        csv_cell(line, columns[i]);
      }
      line += '\n';
    } else if (format == ExportFormat::Json) {
      line = "[\n";
    }
    replay::State state;
    state.load(reader.metadata());
    replay::StateRenderContext render(state);
    query::EvalContext ctx;
    ctx.state = &state;
    ctx.render = &render;
    ctx.first_ts = info.first_ts;
    scap::EventView ev;
    uint32_t section = 0;
    size_t next = 0;
    bool started = false;
    uint64_t n = 0;
    while (next < events.size() && reader.next(ev)) {
      if (ev.section != section) {
        section = ev.section;
        state.load(reader.metadata());
      }
      if ((++n & 0xFFFF) == 0) {
        if (cancel.load(std::memory_order_relaxed)) {
          r.cancelled = true;
          break;
        }
        if (progress) progress(static_cast<double>(next) / static_cast<double>(events.size()));
      }
      bool selected = ev.num == events[next] && !ev.initial_state;
      if (format == ExportFormat::Scap) {
        if (selected && !started) {
          writer->begin_section(state.snapshot());
          started = true;
        }
        state.apply(ev);
        if (selected) {
          writer->write_event(ev);
          ++r.written;
        } else if (started && changes_state(ev)) {
          scap::EventView kept = ev;
          kept.dump_flags |= scap::kDumpFlagStateOnly;
          writer->write_event(kept);
          ++r.state_only;
        }
      } else {
        state.apply(ev);
        if (selected) {
          ctx.ev = &ev;
          if (format == ExportFormat::Csv) {
            for (size_t i = 0; i < refs.size(); ++i) {
              if (i) line += ',';
              value.clear();
              if (query::render_field(ctx, refs[i], value, scratch)) csv_cell(line, value);
            }
            line += '\n';
          } else {
            nlohmann::json obj = nlohmann::json::object();
            for (size_t i = 0; i < refs.size(); ++i) {
              value.clear();
              if (query::render_field(ctx, refs[i], value, scratch))
                obj[columns[i]] = value;
              else
                obj[columns[i]] = nullptr;
            }
            line += r.written ? ",\n" : "";
            line += obj.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
          }
          ++r.written;
        }
        if (line.size() > (1u << 16)) {
          if (std::fwrite(line.data(), 1, line.size(), text.get()) != line.size()) {
            fail_write();
            return r;
          }
          line.clear();
        }
      }
      while (next < events.size() && events[next] <= ev.num) ++next;
    }
    if (format == ExportFormat::Scap) {
      if (!started) writer->begin_section(state.snapshot());
      writer->close();
    } else {
      if (format == ExportFormat::Json) line += "\n]\n";
      if (std::fwrite(line.data(), 1, line.size(), text.get()) != line.size() ||
          std::fflush(text.get()) != 0) {
        fail_write();
        return r;
      }
    }
  } catch (const scap::CaptureError& e) {
    r.error = e.what();
  }
  return r;
}

}  // namespace saker::inspector
