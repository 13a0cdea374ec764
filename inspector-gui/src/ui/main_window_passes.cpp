#include "main_window.h"

#include <QLabel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>

#include "count_text.h"
#include "filter_bar.h"
#include "follow_fd.h"
#include "follow_fd_dialog.h"
#include "overview_panel.h"
#include "rule_errors_dialog.h"
#include "rule_files.h"
#include "sql_panel.h"
#include "terminal_dialog.h"
#include "timeline_widget.h"

namespace saker::inspector {

namespace {
std::vector<std::string> to_std(const QStringList& l) {
  std::vector<std::string> v;
  for (const auto& s : l) v.push_back(s.toStdString());
  return v;
}
QStringList to_q(const std::vector<std::string>& v) {
  QStringList l;
  for (const auto& s : v) l << QString::fromStdString(s);
  return l;
}
}  // namespace

void MainWindow::rerunRules() {
  if (!info_ || !loaded_) return;
  auto info = info_;
  auto paths = to_std(rulePaths_);
  setBusy(tr("Rules"), 0);
  jobs_.start(BackgroundJobs::Rules, [this, info, paths](ScanJob& job, const std::atomic<bool>& cancel) {
    auto run = std::make_shared<RulesRun>(run_rules(
        *info, paths, cancel, [&job, this](double f) { job.post([this, f] { setBusy(tr("Rules"), f); }); }));
    job.post([this, run] {
      // Files chosen in the menu were checked before they became active: only rules given on
      // the command line (or a ruleset changed on disk since) get here with errors.
      if (!run->rule_errors.empty()) showRuleErrors(to_q(run->rule_errors), tr("The rules were not run"));
      std::vector<TimelineWidget::Marker> marks;
      for (const auto& a : run->alerts) marks.push_back({a.ts, a.priority});
      timeline_->setMarkers(std::move(marks));
      alerts_.setAlerts(std::move(run->alerts));
      // The output takes what is left of the width (it stretches), the others their contents.
      for (int c = 0; c < AlertsModel::Output; ++c) alertsView_->resizeColumnToContents(c);
      bottomTabs_->setTabText(bottomTabs_->indexOf(alertsView_), tr("Alerts (%1)").arg(alerts_.rowCount()));
      setRulesStatus(run->rules, alerts_.rowCount(), !run->cancelled);
      clearBusy();
      emit rulesFinished();
    });
  });
}

bool MainWindow::loadRuleFiles(const QStringList& files, bool add) {
  if (files.isEmpty()) return false;
  std::vector<std::string> paths = combine_rule_paths(to_std(rulePaths_), to_std(files), add);
  RuleCheck check = check_rules(paths);
  if (!check.ok()) {
    showRuleErrors(to_q(check.errors), tr("Rule files not loaded; the active rules stay as they were"));
    return false;
  }
  rulePaths_ = to_q(paths);
  ruleErrors_.clear();
  if (info_ && loaded_)
    rerunRules();
  else
    setRulesStatus(check.rules, 0, false);
  return true;
}

void MainWindow::showRuleErrors(const QStringList& errors, const QString& what) {
  ruleErrors_ = errors;
  lastError_ = what + ": " + errors.value(0);
  statusBar()->showMessage(tr("%1 (%2)").arg(what, count_of(errors.size(), "error", "errors")), 15000);
  if (!ruleErrorsDialog_) ruleErrorsDialog_ = new RuleErrorsDialog(this);
  ruleErrorsDialog_->setErrors(what, errors);
  if (interactive_) {
    ruleErrorsDialog_->show();
    ruleErrorsDialog_->raise();
  }
}

void MainWindow::setRulesStatus(size_t rules, qsizetype alerts, bool ran) {
  if (rules == 0)
    rulesStatus_->setText(tr("No rules active"));
  else if (ran)
    rulesStatus_->setText(
        tr("%1 active, %2")
            .arg(count_of(qsizetype(rules), "rule", "rules"), count_of(alerts, "alert", "alerts")));
  else
    rulesStatus_->setText(tr("%1 active").arg(count_of(qsizetype(rules), "rule", "rules")));
}

QString MainWindow::rulesStatusText() const {
  return rulesStatus_->text();
}

void MainWindow::runOverview() {
  if (!info_ || !loaded_) return;
  auto info = info_;
  jobs_.start(BackgroundJobs::Overview, [this, info](ScanJob& job, const std::atomic<bool>& cancel) {
    auto r = std::make_shared<OverviewResult>(run_overview(*info, default_tiles(), cancel));
    job.post([this, r] {
      // Damage in the capture was reported by the load; only a broken tile is news.
      if (r->error.starts_with("tile ")) showError(tr("Overview"), userText(r->error));
      overview_->setTiles(r->tiles);
      emit overviewFinished();
    });
  });
}

void MainWindow::runSql(const QString& sql) {
  if (!info_) return;
  std::string capture = info_->original, text = sql.toStdString();
  const uint64_t expected = info_->listed;
  sql_->setRunning(true);
  setBusy(tr("SQL"), -1);
  jobs_.start(BackgroundJobs::Sql, [this, capture, text, expected](ScanJob& job, const std::atomic<bool>&) {
    const std::string index = index_path_for(capture);
    auto progress = [this, &job, expected](uint64_t events) {
      job.post([this, events, expected] {
        sql_->setIndexProgress(events, expected);
        setBusy(tr("Indexing"), expected ? std::min(0.99, double(events) / double(expected)) : -1);
      });
    };
    auto r = std::make_shared<SqlResult>(run_sql(capture, index, text, 100000, progress));
    auto schema = std::make_shared<std::vector<SqlTable>>(sql_schema(capture, index));
    job.post([this, r, schema] {
      if (!schema->empty()) sql_->setSchema(*schema);
      sql_->setResult(*r);
      emit sqlFinished();
    });
  });
}

void MainWindow::exportTo(const QString& path, bool selectedOnly) {
  exportTo(path, selectedOnly, export_format_for(path.toStdString()));
}

void MainWindow::exportTo(const QString& chosen, bool selectedOnly, ExportFormat format) {
  ExportSelection sel;
  sel.scope = selectedOnly ? ExportScope::Selected : ExportScope::Displayed;
  exportTo(chosen, sel, format);
}

bool MainWindow::exportTo(const QString& chosen, const ExportSelection& selection, ExportFormat format) {
  if (!info_ || !loaded_) return false;
  const QString path = QString::fromStdString(export_path_for(chosen.toStdString(), format));
  std::vector<RowNum> selected;
  if (selection.scope == ExportScope::Selected)
    for (const QModelIndex& i : table_->selectionModel()->selectedRows())
      selected.push_back(static_cast<RowNum>(model_.eventAt(i.row())));
  ExportEvents picked = select_export_events(model_.rows(), selected, notes_, selection, info_->events);
  if (!picked.error.isEmpty()) {
    showError(tr("Nothing to export"), picked.error);
    return false;
  }
  auto info = info_;
  auto cols = to_std(model_.columns());
  std::string out = path.toStdString();
  // The comments of the exported events, copied: the worker must not read notes_ as it changes.
  auto notes = std::make_shared<Annotations>();
  if (format != ExportFormat::Scap && notes_.commentCount() > 0)
    for (RowNum num : picked.events)
      if (const Annotation* a = notes_.find(num); a && !a->comment.isEmpty())
        notes->setComment(num, a->comment);
  setBusy(tr("Exporting"), 0);
  jobs_.start(BackgroundJobs::Aux, [this, info, events = std::move(picked.events), cols, out, format, notes](
                                       ScanJob& job, const std::atomic<bool>& cancel) {
    auto r = std::make_shared<ExportResult>(export_events(
        *info, events, format, out, cols, cancel,
        [&job, this](double f) { job.post([this, f] { setBusy(tr("Exporting"), f); }); }, notes.get()));
    job.post([this, r, out] {
      if (!r->error.empty())
        showError(tr("Export failed"), userText(r->error));
      else
        statusBar()->showMessage(
            tr("%1 events written to %2").arg(r->written).arg(QString::fromStdString(out)), 15000);
      clearBusy();
      emit auxFinished();
    });
  });
  return true;
}

void MainWindow::followSelectedFd() {
  uint64_t num = model_.eventAt(table_->currentIndex().row());
  if (!num || !model_.cursor() || !model_.cursor()->seek(num)) return;
  FdKey key;
  if (!fd_key_at(*model_.cursor(), key)) {
    showError(tr("Follow fd"), tr("Event %1 uses no file descriptor").arg(num));
    return;
  }
  followStream(key, nullptr);
}

void MainWindow::followStream(const FdKey& key, FollowFdDialog* into) {
  if (!info_) return;
  auto info = info_;
  followTarget_ = into;
  setBusy(tr("Following"), -1);
  jobs_.start(BackgroundJobs::Aux, [this, info, key](ScanJob& job, const std::atomic<bool>& cancel) {
    auto r = std::make_shared<FollowResult>(follow_fd(*info, key, cancel));
    job.post([this, r, key, info] {
      clearBusy();
      if (!r->error.empty()) showError(tr("Capture damaged"), userText(r->error));
      if (followTarget_) {
        followTarget_->setStream(key, std::move(*r));
        followTarget_->raise();
      } else {
        auto* dlg = new FollowFdDialog(key, std::move(*r), {info->path, info->original}, this);
        dlg->setAttribute(Qt::WA_DeleteOnClose);
        connect(dlg, &FollowFdDialog::streamRequested, this,
                [this, dlg](const FdKey& k) { followStream(k, dlg); });
        connect(dlg, &FollowFdDialog::filterRequested, this, [this](const QString& stream, bool exclude) {
          const QString current = filter_->text().trimmed();
          if (!exclude)
            filterTo(stream);
          else if (current.isEmpty())
            filterTo(QStringLiteral("not (%1)").arg(stream));
          else
            filterTo(QStringLiteral("(%1) and not (%2)").arg(current, stream));
        });
        dlg->show();
      }
      followTarget_ = nullptr;
      emit auxFinished();
    });
  });
}

void MainWindow::showTerminalSessions() {
  if (!info_ || !loaded_) return;
  auto info = info_;
  setBusy(tr("Terminals"), -1);
  jobs_.start(BackgroundJobs::Aux, [this, info](ScanJob& job, const std::atomic<bool>& cancel) {
    auto r = std::make_shared<TermResult>(terminal_sessions(*info, cancel));
    job.post([this, r] {
      if (!r->error.empty()) showError(tr("Capture damaged"), userText(r->error));
      auto* dlg = new TerminalDialog(std::move(*r), this);
      dlg->setAttribute(Qt::WA_DeleteOnClose);
      dlg->show();
      if (dlg->sessionCount() > 0) dlg->play();
      emit auxFinished();
    });
  });
}

}  // namespace saker::inspector
