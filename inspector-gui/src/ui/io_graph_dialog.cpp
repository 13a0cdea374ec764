#include "io_graph_dialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "inspector_settings.h"
#include "io_graph_widget.h"

namespace saker::inspector {

namespace {

enum Col { Name, Filter, Value, Field, Colour, ColCount };

const char* const kValueNames[] = {"Events", "SUM(field)", "MAX(field)", "MIN(field)", "AVG(field)"};

struct Interval {
  const char* label;
  uint64_t ns;
};
const Interval kIntervals[] = {
    {"Auto", 0},           {"1 µs", 1000},         {"10 µs", 10000},        {"100 µs", 100000},
    {"1 ms", 1000000},     {"10 ms", 10000000},    {"100 ms", 100000000},   {"1 s", 1000000000},
    {"10 s", 10000000000}, {"1 min", 60000000000}, {"10 min", 600000000000}};

}  // namespace

std::vector<IoGraphSpec> IoGraphDialog::defaultSpecs() {
  return {{tr("All events"), "", IoGraphValue::Events, "", QColor(0x15, 0x65, 0xc0), true},
          {tr("Failed calls"), "evt.failed = true", IoGraphValue::Events, "", QColor(0xd3, 0x2f, 0x2f), true},
          {tr("Bytes read"), "evt.type in (read, readv, pread, preadv, recvfrom, recvmsg) and evt.dir = <",
           IoGraphValue::Sum, "evt.rawres", QColor(0x2e, 0x7d, 0x32), false}};
}

IoGraphDialog::IoGraphDialog(QWidget* parent) : QDialog(parent) {
  setObjectName("ioGraphDialog");
  setWindowTitle(tr("I/O Graph"));
  resize(1000, 620);
  auto* lay = new QVBoxLayout(this);
  plot_ = new IoGraphWidget(this);
  lay->addWidget(plot_, 3);
  connect(plot_, &IoGraphWidget::intervalActivated, this, &IoGraphDialog::intervalActivated);
  table_ = new QTableWidget(0, ColCount, this);
  table_->setObjectName("ioGraphTable");
  table_->setHorizontalHeaderLabels({tr("Name"), tr("Filter"), tr("Y value"), tr("Y field"), tr("Colour")});
  table_->horizontalHeader()->setSectionResizeMode(Filter, QHeaderView::Stretch);
  table_->setColumnWidth(Name, 160);
  table_->setColumnWidth(Value, 120);
  table_->setColumnWidth(Field, 130);
  table_->setColumnWidth(Colour, 70);
  table_->verticalHeader()->hide();
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row, int col) {
    if (col != Colour) return;
    QTableWidgetItem* item = table_->item(row, Colour);
    const QColor c = QColorDialog::getColor(item->background().color(), this, tr("Graph colour"));
    if (c.isValid()) item->setBackground(c);
  });
  lay->addWidget(table_, 1);
  auto* row = new QHBoxLayout();
  auto* add = new QPushButton(tr("&Add"), this);
  add->setObjectName("ioGraphAdd");
  connect(add, &QPushButton::clicked, this, [this] {
    addRow({tr("Graph %1").arg(table_->rowCount() + 1), "evt.type = openat", IoGraphValue::Events, "",
            QColor::fromHsv((table_->rowCount() * 67) % 360, 200, 190), true});
  });
  auto* remove = new QPushButton(tr("&Remove"), this);
  connect(remove, &QPushButton::clicked, this, [this] {
    if (table_->currentRow() >= 0) table_->removeRow(table_->currentRow());
  });
  row->addWidget(add);
  row->addWidget(remove);
  row->addSpacing(16);
  row->addWidget(new QLabel(tr("Interval"), this));
  interval_ = new QComboBox(this);
  interval_->setObjectName("ioGraphInterval");
  for (const Interval& i : kIntervals)
    interval_->addItem(QString::fromUtf8(i.label), QVariant::fromValue<qulonglong>(i.ns));
  row->addWidget(interval_);
  log_ = new QCheckBox(tr("&Log scale"), this);
  connect(log_, &QCheckBox::toggled, plot_, &IoGraphWidget::setLogScale);
  row->addWidget(log_);
  row->addStretch(1);
  auto* copy = new QPushButton(tr("Copy as &CSV"), this);
  connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(csv()); });
  row->addWidget(copy);
  auto* applyButton = new QPushButton(tr("A&pply"), this);
  applyButton->setObjectName("ioGraphApply");
  applyButton->setDefault(true);
  connect(applyButton, &QPushButton::clicked, this, &IoGraphDialog::apply);
  row->addWidget(applyButton);
  lay->addLayout(row);
  status_ = new QLabel(this);
  status_->setObjectName("ioGraphStatus");
  status_->setWordWrap(true);
  lay->addWidget(status_);

  QSettings s = inspector_settings();
  std::vector<IoGraphSpec> saved;
  for (const QVariant& v : s.value("ioGraphs").toList()) {
    const QVariantMap m = v.toMap();
    IoGraphSpec spec{m.value("name").toString(),
                     m.value("filter").toString(),
                     static_cast<IoGraphValue>(std::clamp(m.value("value").toInt(), 0, 4)),
                     m.value("field").toString(),
                     QColor(m.value("colour").toString()),
                     m.value("enabled", true).toBool()};
    if (!spec.name.isEmpty()) saved.push_back(spec);
  }
  setSpecs(s.contains("ioGraphs") ? saved : defaultSpecs());
  setInterval(s.value("ioGraphInterval", 0).toULongLong());
}

void IoGraphDialog::addRow(const IoGraphSpec& spec) {
  const int r = table_->rowCount();
  table_->insertRow(r);
  auto* name = new QTableWidgetItem(spec.name);
  name->setCheckState(spec.enabled ? Qt::Checked : Qt::Unchecked);
  table_->setItem(r, Name, name);
  table_->setItem(r, Filter, new QTableWidgetItem(spec.filter));
  auto* value = new QComboBox(table_);
  for (const char* v : kValueNames) value->addItem(QString::fromLatin1(v));
  value->setCurrentIndex(static_cast<int>(spec.value));
  table_->setCellWidget(r, Value, value);
  table_->setItem(r, Field, new QTableWidgetItem(spec.field));
  auto* colour = new QTableWidgetItem();
  colour->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
  colour->setBackground(spec.colour.isValid() ? spec.colour : QColor(Qt::black));
  colour->setToolTip(tr("Double-click to choose"));
  table_->setItem(r, Colour, colour);
}

void IoGraphDialog::setSpecs(const std::vector<IoGraphSpec>& specs) {
  table_->setRowCount(0);
  for (const IoGraphSpec& s : specs) addRow(s);
}

std::vector<IoGraphSpec> IoGraphDialog::specs() const {
  std::vector<IoGraphSpec> out;
  for (int r = 0; r < table_->rowCount(); ++r) {
    auto* value = qobject_cast<QComboBox*>(table_->cellWidget(r, Value));
    out.push_back({table_->item(r, Name)->text().trimmed(), table_->item(r, Filter)->text().trimmed(),
                   static_cast<IoGraphValue>(value ? value->currentIndex() : 0),
                   table_->item(r, Field)->text().trimmed(), table_->item(r, Colour)->background().color(),
                   table_->item(r, Name)->checkState() == Qt::Checked});
  }
  return out;
}

uint64_t IoGraphDialog::interval() const {
  return interval_->currentData().toULongLong();
}

void IoGraphDialog::setInterval(uint64_t ns) {
  const int i = interval_->findData(QVariant::fromValue<qulonglong>(ns));
  interval_->setCurrentIndex(i < 0 ? 0 : i);
}

void IoGraphDialog::save() const {
  QVariantList list;
  for (const IoGraphSpec& s : specs()) {
    QVariantMap m;
    m["name"] = s.name;
    m["filter"] = s.filter;
    m["value"] = static_cast<int>(s.value);
    m["field"] = s.field;
    m["colour"] = s.colour.name();
    m["enabled"] = s.enabled;
    list << m;
  }
  QSettings st = inspector_settings();
  st.setValue("ioGraphs", list);
  st.setValue("ioGraphInterval", QVariant::fromValue<qulonglong>(interval()));
}

void IoGraphDialog::apply() {
  const std::vector<IoGraphSpec> all = specs();
  for (const IoGraphSpec& s : all) {
    if (!s.enabled) continue;
    const QString err = s.name.isEmpty() ? tr("every graph needs a name") : check_io_graph(s);
    if (!err.isEmpty()) {
      status_->setStyleSheet("color: #d32f2f;");
      status_->setText(tr("%1: %2").arg(s.name, err));
      return;
    }
  }
  status_->setStyleSheet({});
  save();
  shown_ = all;
  emit applyRequested(all, interval());
}

void IoGraphDialog::setComputing(const QString& what) {
  status_->setStyleSheet({});
  status_->setText(what);
}

void IoGraphDialog::setResult(const IoGraphResult& r) {
  std::vector<QString> names;
  std::vector<QColor> colours;
  for (const IoGraphSpec& s : shown_)
    if (s.enabled) names.push_back(s.name), colours.push_back(s.colour);
  plot_->setResult(r, std::move(names), std::move(colours));
  if (!r.error.empty()) {
    status_->setStyleSheet("color: #d32f2f;");
    status_->setText(QString::fromStdString(r.error));
    return;
  }
  QStringList counts;
  size_t k = 0;
  for (const IoGraphSpec& s : shown_)
    if (s.enabled && k < r.series.size()) counts << tr("%1: %2 events").arg(s.name).arg(r.series[k++].events);
  status_->setStyleSheet({});
  status_->setText(tr("%1 intervals of %2 µs%3. %4")
                       .arg(r.bins)
                       .arg(double(r.interval) / 1000.0)
                       .arg(r.cancelled ? tr(" (cancelled: the intervals before it)") : QString())
                       .arg(counts.join(", ")));
}

QString IoGraphDialog::csv() const {
  return QString::fromStdString(io_graph_csv(plot_->result(), shown_));
}

}  // namespace saker::inspector
