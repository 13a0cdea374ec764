#include "statistics_dialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "saker/query/csv.h"

namespace saker::inspector {

namespace {
const char* const kTitles[kStatsKinds] = {"Event types", "Processes",  "Files",  "Directories",
                                          "Connections", "Containers", "Errors", "Top I/O"};
}  // namespace

StatisticsDialog::StatisticsDialog(QWidget* parent) : QDialog(parent) {
  setObjectName("statisticsDialog");
  setWindowTitle(tr("Statistics"));
  resize(900, 560);
  auto* lay = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  displayed_ = new QCheckBox(tr("Displayed events only"), this);
  displayed_->setObjectName("displayedOnly");
  displayed_->setToolTip(tr("Count only the events the current filter and time range list"));
  scope_ = new QLabel(this);
  scope_->setObjectName("statsScope");
  auto* refresh = new QPushButton(tr("Refresh"), this);
  auto* copy = new QPushButton(tr("Copy as CSV"), this);
  copy->setObjectName("copyCsv");
  top->addWidget(displayed_);
  top->addWidget(scope_, 1);
  top->addWidget(refresh);
  top->addWidget(copy);
  lay->addLayout(top);
  tabs_ = new QTabWidget(this);
  properties_ = new QTableWidget(0, 2, tabs_);
  properties_->setObjectName("captureProperties");
  properties_->setHorizontalHeaderLabels({tr("Property"), tr("Value")});
  properties_->horizontalHeader()->setStretchLastSection(true);
  properties_->verticalHeader()->hide();
  properties_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  tabs_->addTab(properties_, tr("Capture properties"));
  for (int k = 0; k < kStatsKinds; ++k) {
    auto* model = new StatsTableModel(this);
    auto* view = new QTableView(tabs_);
    view->setObjectName(QStringLiteral("statsTable%1").arg(k));
    view->setModel(model);
    view->setSortingEnabled(true);
    view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(21);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    auto drill = [this, model](const QModelIndex& idx) {
      if (idx.isValid()) emit filterRequested(model->filterAt(idx.row()));
    };
    // Double-click and Enter (activated covers both; connecting doubleClicked too would apply
    // the filter twice).
    connect(view, &QTableView::activated, this, drill);
    models_[k] = model;
    views_[k] = view;
    tabs_->addTab(view, tr(kTitles[k]));
  }
  lay->addWidget(tabs_, 1);
  connect(displayed_, &QCheckBox::toggled, this, &StatisticsDialog::recomputeRequested);
  connect(refresh, &QPushButton::clicked, this, &StatisticsDialog::recomputeRequested);
  connect(copy, &QPushButton::clicked, this, &StatisticsDialog::copyCsv);
}

void StatisticsDialog::showPage(int page) {
  if (page >= 0 && page < tabs_->count()) tabs_->setCurrentIndex(page);
}

int StatisticsDialog::currentPage() const {
  return tabs_->currentIndex();
}

bool StatisticsDialog::displayedOnly() const {
  return displayed_->isChecked();
}

void StatisticsDialog::setDisplayedOnly(bool on) {
  displayed_->setChecked(on);
}

void StatisticsDialog::setComputing(const QString& what) {
  scope_->setText(what);
}

void StatisticsDialog::setMessage(const QString& text) {
  scope_->setText(text);
}

QString StatisticsDialog::scopeText() const {
  return scope_->text();
}

void StatisticsDialog::setStatistics(const CaptureStatistics& stats,
                                     const std::vector<PropertyRow>& properties, const QString& scope) {
  scope_->setText(scope);
  properties_->setRowCount(static_cast<int>(properties.size()));
  for (int r = 0; r < static_cast<int>(properties.size()); ++r) {
    properties_->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(properties[r].name)));
    properties_->setItem(r, 1, new QTableWidgetItem(QString::fromStdString(properties[r].value)));
  }
  properties_->resizeColumnToContents(0);
  for (int k = 0; k < kStatsKinds; ++k) {
    const StatsTable* t = stats_table(stats, static_cast<StatsKind>(k));
    models_[k]->setTable(t ? *t : StatsTable{});
    views_[k]->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    for (int c = 0; c + 1 < models_[k]->columnCount(); ++c) {
      views_[k]->resizeColumnToContents(c);
      if (views_[k]->columnWidth(c) > 420) views_[k]->setColumnWidth(c, 420);
    }
    QString title = tr(kTitles[k]);
    if (t) title += QStringLiteral(" (%1%2)").arg(t->rows.size()).arg(t->truncated ? "+" : "");
    tabs_->setTabText(pageOf(static_cast<StatsKind>(k)), title);
    tabs_->setTabToolTip(pageOf(static_cast<StatsKind>(k)),
                         t && t->truncated ? tr("%1; more distinct values than the table keeps: the "
                                                "events of the others are in no row")
                                                 .arg(QString::fromStdString(t->note))
                                           : QString::fromStdString(t ? t->note : std::string()));
  }
}

QString StatisticsDialog::copyCsv() {
  QString text;
  const int page = tabs_->currentIndex();
  if (page == kPropertiesPage) {
    std::string csv;
    query::append_csv_line(csv, {"Property", "Value"});
    for (int r = 0; r < properties_->rowCount(); ++r)
      query::append_csv_line(csv, {properties_->item(r, 0)->text().toStdString(),
                                   properties_->item(r, 1)->text().toStdString()});
    text = QString::fromStdString(csv);
  } else if (page > 0 && page <= kStatsKinds) {
    text = models_[page - 1]->csv();
  }
  QApplication::clipboard()->setText(text);
  return text;
}

}  // namespace saker::inspector
