#include "event_export.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "saker/query/csv.h"
#include "saker/query/field.h"
#include "saker/query/slice_command.h"
#include "saker/scap/safe_output.h"
#include "saker/scap/writer.h"
#include "whole_capture_pass.h"

namespace saker::inspector {

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f) std::fclose(f);
  }
};

bool ends_with_nocase(const std::string& path, const char* suffix) {
  size_t n = std::strlen(suffix);
  return path.size() >= n && strcasecmp(path.c_str() + path.size() - n, suffix) == 0;
}

}  // namespace

ExportFormat export_format_for(const std::string& path) {
  if (ends_with_nocase(path, ".csv")) return ExportFormat::Csv;
  if (ends_with_nocase(path, ".json")) return ExportFormat::Json;
  return ExportFormat::Scap;
}

const char* export_extension(ExportFormat format) {
  switch (format) {
    case ExportFormat::Csv:
      return ".csv";
    case ExportFormat::Json:
      return ".json";
    case ExportFormat::Scap:
      break;
  }
  return ".scap";
}

std::string export_path_for(const std::string& path, ExportFormat format) {
  const char* ext = export_extension(format);
  return ends_with_nocase(path, ext) ? path : path + ext;
}

bool any_commented(const std::vector<RowNum>& events, const Annotations* notes) {
  if (!notes || notes->commentCount() == 0) return false;
  for (RowNum num : events) {
    const Annotation* a = notes->find(num);
    if (a && !a->comment.isEmpty()) return true;
  }
  return false;
}

ExportResult export_events(const CaptureInfo& info, const std::vector<RowNum>& events, ExportFormat format,
                           const std::string& out_path, const std::vector<std::string>& columns,
                           const std::atomic<bool>& cancel, const std::function<void(double)>& progress,
                           const Annotations* notes) {
  ExportResult r;
  const bool with_comment = format != ExportFormat::Scap && any_commented(events, notes);
  // The comment of event `num` ("" when none), as UTF-8.
  auto comment_of = [&](uint64_t num) {
    const Annotation* a = notes->find(num);
    return a ? a->comment.toStdString() : std::string();
  };
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
  // Each column's quoted JSON key and colon, empty for a repeat of an earlier column.
  std::vector<std::string> json_keys;
  for (size_t i = 0; i < columns.size(); ++i)
    json_keys.push_back(std::find(columns.begin(), columns.begin() + static_cast<ptrdiff_t>(i), columns[i]) ==
                                columns.begin() + static_cast<ptrdiff_t>(i)
                            ? nlohmann::json(columns[i]).dump() + ":"
                            : std::string());
  // Written beside the target and renamed into place when complete (scap::SafeOutput): never
  // over the capture being read, a symbolic link, a device or a folder; a failed or cancelled
  // export leaves nothing. The save dialog has asked before replacing a regular file.
  std::unique_ptr<scap::SafeOutput> safe;
  std::unique_ptr<scap::Writer> writer;
  std::unique_ptr<std::FILE, FileCloser> text;
  auto fail_write = [&] { r.error = fmt::format("cannot write {}: {}", out_path, std::strerror(errno)); };
  std::string line, value, scratch;
  size_t next = 0;
  bool started = false, selected = false, write_failed = false;
  auto flush_text = [&] {
    if (std::fwrite(line.data(), 1, line.size(), text.get()) == line.size()) return true;
    fail_write();
    write_failed = true;
    return false;
  };
  PassHooks hooks;
  hooks.cancel = &cancel;
  hooks.start = [&](PassContext&) {
    try {
      scap::SafeOutputOptions so;
      so.force = true;
      so.inputs = {info.path, info.original};
      so.inputs.insert(so.inputs.end(), info.merged_from.begin(), info.merged_from.end());
      safe = std::make_unique<scap::SafeOutput>(out_path, so);
    } catch (const std::exception& e) {
      r.error = e.what();
      write_failed = true;
      return false;
    }
    if (format == ExportFormat::Scap) {
      writer = std::make_unique<scap::Writer>(safe->temp_path());
    } else {
      text.reset(std::fopen(safe->temp_path().c_str(), "w"));
      if (!text) {
        fail_write();
        write_failed = true;
        return false;
      }
    }
    if (format == ExportFormat::Csv) {
      std::vector<std::string> header = columns;
      if (with_comment) header.push_back("comment");
      query::append_csv_line(line, header);
    } else if (format == ExportFormat::Json) {
      line = "[\n";
    }
    return !events.empty();
  };
  auto before = [&](PassContext& pc, const scap::EventView& ev) {
    selected = ev.num == events[next] && !hidden_event(ev);
    if (format == ExportFormat::Scap && selected && !started) {
      writer->begin_section(pc.pass.state().snapshot());
      started = true;
    }
    return true;
  };
  hooks.tick = [&](PassContext&, const scap::EventView&) {
    if (progress) progress(static_cast<double>(next) / static_cast<double>(events.size()));
  };
  auto each = [&](PassContext& pc, const scap::EventView& ev) {
    if (format == ExportFormat::Scap) {
      if (selected) {
        writer->write_event(ev);
        ++r.written;
      } else if (started && query::changes_state(ev)) {
        writer->write_event(query::state_only(ev));
        ++r.state_only;
      }
    } else {
      if (selected) {
        if (format == ExportFormat::Csv) {
          for (size_t i = 0; i < refs.size(); ++i) {
            if (i) line += ',';
            value.clear();
            if (query::render_field(pc.eval, refs[i], value, scratch)) query::append_csv_field(line, value);
          }
          if (with_comment) {
            line += ',';
            query::append_csv_field(line, comment_of(ev.num));
          }
          line += '\n';
        } else {
          // Keys in column order (a column given twice once).
          line += r.written ? ",\n{" : "{";
          for (size_t i = 0; i < refs.size(); ++i) {
            if (!json_keys[i].empty()) {
              if (line.back() != '{') line += ',';
              line += json_keys[i];
              if (!query::append_json_value(pc.eval, refs[i], line, value, scratch)) line += "null";
            }
          }
          if (with_comment) {
            if (line.back() != '{') line += ',';
            const std::string comment = comment_of(ev.num);
            line += "\"comment\":";
            line += comment.empty() ? std::string("null") : nlohmann::json(comment).dump();
          }
          line += '}';
        }
        ++r.written;
      }
      if (line.size() > (1u << 16)) {
        if (!flush_text()) return false;
        line.clear();
      }
    }
    while (next < events.size() && events[next] <= ev.num) ++next;
    return next < events.size();
  };
  hooks.finish = [&](PassContext& pc) {
    if (write_failed) return;
    if (format == ExportFormat::Scap) {
      if (!started) writer->begin_section(pc.pass.state().snapshot());
      writer->close();
    } else {
      if (format == ExportFormat::Json) line += "\n]\n";
      if (flush_text() && std::fflush(text.get()) != 0) fail_write();
      text.reset();
    }
  };
  PassOutcome out = run_whole_capture(info, hooks, before, each);
  r.cancelled = out.cancelled;
  if (!out.error.empty()) r.error = out.error;
  if (safe && r.error.empty() && !r.cancelled && !write_failed) {
    try {
      safe->commit();
    } catch (const std::exception& e) {
      r.error = e.what();
    }
  }
  return r;
}

}  // namespace saker::inspector
