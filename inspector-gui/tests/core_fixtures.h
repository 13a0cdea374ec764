// What the inspector's core tests share: the shell sample, loading a capture and filtering
// it as the inspector does, and a generated large capture.
#pragma once

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "capture_scan.h"
#include "capture_store.h"
#include "oracle.h"

namespace saker::inspector::test {

inline const std::string kShell = SAKER_SAMPLES_DIR "/shell-session.scap";

// The shell sample, then the real captures of ../shared/captures (none where it is absent).
inline std::vector<std::string> sample_and_shared_captures() {
  std::vector<std::string> out{kShell};
  const QDir shared(QStringLiteral(SAKER_SHARED_DIR "/captures"));
  for (const QString& f : shared.entryList({"*.scap"}, QDir::Files, QDir::Name))
    out.push_back(shared.filePath(f).toStdString());
  return out;
}

inline std::shared_ptr<CaptureInfo> load(const std::string& path, std::vector<RowNum>* rows = nullptr,
                                         ScanResult* out = nullptr, uint64_t interval = 16384) {
  auto info = std::make_shared<CaptureInfo>();
  info->path = path;
  info->checkpoints = std::make_shared<CheckpointTable>(interval);
  ScanOptions o;
  o.build = true;
  o.first_batch = 7;  // several batches even for the small samples
  std::atomic<bool> cancel{false};
  ScanCallbacks cb;
  cb.rows = [&](std::vector<RowNum>&& r) {
    if (rows) rows->insert(rows->end(), r.begin(), r.end());
  };
  ScanResult res = scan_capture(*info, o, cb, cancel);
  if (out) *out = std::move(res);
  return info;
}

inline std::vector<RowNum> filter_rows(CaptureInfo& info, const std::string& filter,
                                       ScanResult* out = nullptr, uint64_t from = 0,
                                       uint64_t to = UINT64_MAX) {
  std::vector<RowNum> rows;
  ScanOptions o;
  o.filter = filter;
  o.from_ts = from;
  o.to_ts = to;
  std::atomic<bool> cancel{false};
  ScanCallbacks cb;
  cb.rows = [&](std::vector<RowNum>&& r) { rows.insert(rows.end(), r.begin(), r.end()); };
  ScanResult res = scan_capture(info, o, cb, cancel);
  if (out) *out = std::move(res);
  return rows;
}

inline std::vector<RowNum> nums_of(const std::vector<std::string>& lines) {
  std::vector<RowNum> v;
  for (const auto& l : lines) v.push_back(static_cast<RowNum>(std::stoull(l)));
  return v;
}

inline QString generated_capture(QTemporaryDir& dir, int events) {
  QString path = dir.filePath("load.scap");
  int rc = QProcess::execute(SAKER_GENCAP,
                             {"-o", path, "--scenario", "load", "--events", QString::number(events)});
  return rc == 0 ? path : QString();
}

}  // namespace saker::inspector::test
