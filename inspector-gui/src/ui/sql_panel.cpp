#include "sql_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextCursor>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "sql_result_model.h"

namespace saker::inspector {

SqlPanel::SqlPanel(QWidget* parent) : QWidget(parent) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->setObjectName("sqlSplitter");
  schema_ = new QTreeWidget(split);
  schema_->setObjectName("sqlSchema");
  schema_->setHeaderLabel(tr("Index tables"));
  schema_->setToolTip(tr("Double-click a table or column to insert its name"));
  auto* right = new QWidget(split);
  auto* lay = new QVBoxLayout(right);
  lay->setContentsMargins(4, 4, 4, 4);
  auto* top = new QHBoxLayout();
  editor_ = new QPlainTextEdit(right);
  editor_->setObjectName("sqlEditor");
  QFont mono("Monospace");
  mono.setStyleHint(QFont::TypeWriter);
  editor_->setFont(mono);
  editor_->setPlainText(
      "SELECT proc_name, type, count(*) AS n FROM events GROUP BY 1, 2 ORDER BY n DESC LIMIT 50");
  editor_->setMaximumHeight(56);
  editor_->setToolTip(
      tr("Read-only SQL over the capture's index (tables events, processes, meta; see docs/index.md). "
         "Ctrl+Enter runs it."));
  editor_->installEventFilter(this);
  run_ = new QPushButton(tr("Run SQL"), right);
  top->addWidget(editor_, 1);
  top->addWidget(run_, 0, Qt::AlignTop);
  lay->addLayout(top);
  status_ = new QLabel(right);
  status_->setObjectName("sqlStatus");
  status_->setWordWrap(true);
  model_ = new SqlResultModel(this);
  table_ = new QTableView(right);
  table_->setObjectName("sqlResults");
  table_->setModel(model_);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setWordWrap(false);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  table_->verticalHeader()->setDefaultSectionSize(21);
  table_->horizontalHeader()->setStretchLastSection(true);
  lay->addWidget(table_, 1);
  lay->addWidget(status_);
  split->addWidget(schema_);
  split->addWidget(right);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({200, 800});
  outer->addWidget(split);
  connect(schema_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
    // A column item reads "name type": only the name goes into the SQL.
    editor_->textCursor().insertText(item->text(0).section(' ', 0, 0));
    editor_->setFocus();
  });
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

QAbstractItemModel* SqlPanel::model() const {
  return model_;
}

void SqlPanel::setRunning(bool on) {
  run_->setEnabled(!on);
  if (on) {
    status_->setStyleSheet({});
    status_->setText(tr("Running..."));
  }
}

void SqlPanel::setIndexProgress(uint64_t events, uint64_t expected) {
  const int percent = expected ? int(std::min<uint64_t>(99, events * 100 / expected)) : 0;
  status_->setText(tr("Building the capture's index (the first query only): %1% (%2 of %3 events)")
                       .arg(percent)
                       .arg(events)
                       .arg(expected));
}

void SqlPanel::setSchema(const std::vector<SqlTable>& tables) {
  schema_->clear();
  for (const SqlTable& t : tables) {
    auto* item = new QTreeWidgetItem(schema_, {t.name});
    item->setToolTip(0, t.view ? tr("view") : tr("table"));
    QFont f = item->font(0);
    f.setBold(t.view || t.name == "processes" || t.name == "alerts" || t.name == "meta");
    item->setFont(0, f);
    for (const QString& c : t.columns) new QTreeWidgetItem(item, {c});
  }
}

void SqlPanel::setResult(const SqlResult& r) {
  setRunning(false);
  if (!r.error.isEmpty()) {
    model_->clear();
    status_->setStyleSheet("color: #d32f2f;");
    status_->setText(r.error);
    return;
  }
  status_->setStyleSheet({});
  QString text = tr("%1 rows%2").arg(r.rows.size()).arg(r.truncated ? tr(" (first ones only)") : "");
  if (!r.notes.isEmpty()) text += "  -  " + r.notes;
  model_->setResult(r);
  status_->setText(text);
  // Widths from the first rows only: measuring every row of a large result takes seconds.
  table_->horizontalHeader()->setResizeContentsPrecision(200);
  table_->resizeColumnsToContents();
}

}  // namespace saker::inspector
