#include "sql_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace saker::inspector {

SqlPanel::SqlPanel(QWidget* parent) : QWidget(parent) {
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(4, 4, 4, 4);
  auto* top = new QHBoxLayout();
  editor_ = new QPlainTextEdit(this);
  editor_->setObjectName("sqlEditor");
  QFont mono("Monospace");
  mono.setStyleHint(QFont::TypeWriter);
  editor_->setFont(mono);
  editor_->setPlainText(
      "SELECT proc_name, type, count(*) AS n FROM events GROUP BY 1, 2 ORDER BY n DESC LIMIT 50");
  editor_->setMaximumHeight(70);
  editor_->setToolTip(
      tr("Read-only SQL over the capture's index (tables events, processes, meta; see docs/index.md). "
         "Ctrl+Enter runs it."));
  editor_->installEventFilter(this);
  run_ = new QPushButton(tr("Run SQL"), this);
  top->addWidget(editor_, 1);
  top->addWidget(run_, 0, Qt::AlignTop);
  lay->addLayout(top);
  status_ = new QLabel(this);
  status_->setObjectName("sqlStatus");
  status_->setWordWrap(true);
  lay->addWidget(status_);
  model_ = new QStandardItemModel(this);
  table_ = new QTableView(this);
  table_->setObjectName("sqlResults");
  table_->setModel(model_);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(21);
  table_->horizontalHeader()->setStretchLastSection(true);
  lay->addWidget(table_, 1);
  connect(run_, &QPushButton::clicked, this, [this] { emit runRequested(editor_->toPlainText()); });
  connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& idx) {
    for (int c = 0; c < model_->columnCount(); ++c) {
      QString h = model_->headerData(c, Qt::Horizontal).toString();
      if (h == "num" || h == "event_num") {
        bool ok = false;
        uint64_t n = model_->index(idx.row(), c).data().toULongLong(&ok);
        if (ok && n) emit eventRequested(n);
        return;
      }
    }
  });
}

bool SqlPanel::eventFilter(QObject* obj, QEvent* ev) {
  if (obj == editor_ && ev->type() == QEvent::KeyPress) {
    auto* k = static_cast<QKeyEvent*>(ev);
    if ((k->key() == Qt::Key_Return || k->key() == Qt::Key_Enter) && (k->modifiers() & Qt::ControlModifier)) {
      emit runRequested(editor_->toPlainText());
      return true;
    }
  }
  return QWidget::eventFilter(obj, ev);
}

void SqlPanel::setRunning(bool on) {
  run_->setEnabled(!on);
  if (on) status_->setText(tr("Running (the index is built first when missing)..."));
}

void SqlPanel::setResult(const SqlResult& r) {
  setRunning(false);
  model_->clear();
  if (!r.error.isEmpty()) {
    status_->setStyleSheet("color: #d32f2f;");
    status_->setText(r.error);
    return;
  }
  status_->setStyleSheet({});
  model_->setHorizontalHeaderLabels(r.columns);
  for (const QStringList& row : r.rows) {
    QList<QStandardItem*> items;
    for (const QString& v : row) items << new QStandardItem(v);
    model_->appendRow(items);
  }
  QString text = tr("%1 rows%2").arg(r.rows.size()).arg(r.truncated ? tr(" (first ones only)") : "");
  if (!r.notes.isEmpty()) text += "  -  " + r.notes;
  status_->setText(text);
  table_->resizeColumnsToContents();
}

}  // namespace saker::inspector
