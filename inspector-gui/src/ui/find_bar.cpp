#include "find_bar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

#include "filter_support.h"

namespace saker::inspector {

FindBar::FindBar(QWidget* parent) : QWidget(parent) {
  setObjectName("findBar");
  auto* lay = new QHBoxLayout(this);
  lay->setContentsMargins(6, 2, 6, 2);
  mode_ = new QComboBox(this);
  mode_->setObjectName("findMode");
  mode_->addItem(tr("Display filter"), static_cast<int>(FindMode::Filter));
  mode_->addItem(tr("String in the list's rows"), static_cast<int>(FindMode::RowText));
  mode_->addItem(tr("String in the details"), static_cast<int>(FindMode::Details));
  edit_ = new QLineEdit(this);
  edit_->setObjectName("findEdit");
  edit_->setClearButtonEnabled(true);
  QFont mono("Monospace");
  mono.setStyleHint(QFont::TypeWriter);
  edit_->setFont(mono);
  case_ = new QCheckBox(tr("Case sensitive"), this);
  auto* next = new QPushButton(tr("Find next"), this);
  next->setToolTip(tr("Enter or F3"));
  auto* prev = new QPushButton(tr("Previous"), this);
  prev->setToolTip(tr("Shift+Enter or Shift+F3"));
  message_ = new QLabel(this);
  message_->setObjectName("findMessage");
  message_->setMinimumWidth(260);
  auto* close = new QToolButton(this);
  close->setText(QStringLiteral("\u00d7"));
  close->setToolTip(tr("Close the find bar (Escape)"));
  close->setAutoRaise(true);
  lay->addWidget(new QLabel(tr("Find"), this));
  lay->addWidget(mode_);
  lay->addWidget(edit_, 3);
  lay->addWidget(case_);
  lay->addWidget(next);
  lay->addWidget(prev);
  lay->addWidget(message_, 2);
  lay->addWidget(close);
  edit_->installEventFilter(this);
  connect(next, &QPushButton::clicked, this, [this] { emit findRequested(false); });
  connect(prev, &QPushButton::clicked, this, [this] { emit findRequested(true); });
  connect(close, &QToolButton::clicked, this, &QWidget::hide);
  connect(edit_, &QLineEdit::textChanged, this, &FindBar::validate);
  connect(mode_, &QComboBox::currentIndexChanged, this, &FindBar::validate);
  validate();
}

FindMode FindBar::mode() const {
  return static_cast<FindMode>(mode_->currentData().toInt());
}

void FindBar::setMode(FindMode mode) {
  mode_->setCurrentIndex(mode_->findData(static_cast<int>(mode)));
}

QString FindBar::text() const {
  return edit_->text();
}

void FindBar::setText(const QString& text) {
  edit_->setText(text);
}

bool FindBar::caseSensitive() const {
  return case_->isChecked();
}

void FindBar::setCaseSensitive(bool on) {
  case_->setChecked(on);
}

void FindBar::activate() {
  show();
  edit_->setFocus();
  edit_->selectAll();
}

void FindBar::setMessage(const QString& text, bool error) {
  message_->setText(text);
  message_->setToolTip(text);
  message_->setStyleSheet(error ? QStringLiteral("color: #d32f2f;") : QString());
}

QString FindBar::message() const {
  return message_->text();
}

void FindBar::validate() {
  const bool filter = mode() == FindMode::Filter;
  edit_->setPlaceholderText(filter ? tr("Falco filter, e.g. fd.name contains passwd") : tr("Text to find"));
  FilterCheck c = filter ? check_filter(edit_->text()) : FilterCheck{};
  valid_ = c.ok;
  if (!filter || edit_->text().trimmed().isEmpty()) {
    edit_->setStyleSheet({});
    if (message_->styleSheet().contains("d32f2f")) setMessage({});
  } else if (c.ok) {
    edit_->setStyleSheet("QLineEdit { border: 2px solid #2e9d4f; border-radius: 3px; padding: 1px; }");
    setMessage({});
  } else {
    edit_->setStyleSheet("QLineEdit { border: 2px solid #d32f2f; border-radius: 3px; padding: 1px; }");
    setMessage(tr("column %1: %2").arg(c.column).arg(c.message), true);
  }
}

bool FindBar::eventFilter(QObject* obj, QEvent* ev) {
  if (obj == edit_ && ev->type() == QEvent::KeyPress) {
    auto* k = static_cast<QKeyEvent*>(ev);
    if (k->key() == Qt::Key_Return || k->key() == Qt::Key_Enter) {
      emit findRequested(k->modifiers() & Qt::ShiftModifier);
      return true;
    }
    if (k->key() == Qt::Key_Escape) {
      hide();
      return true;
    }
  }
  return QWidget::eventFilter(obj, ev);
}

}  // namespace saker::inspector
