#include "overview_panel.h"

#include <QGridLayout>
#include <QToolButton>
#include <QVBoxLayout>

namespace saker::inspector {

OverviewPanel::OverviewPanel(QWidget* parent) : QWidget(parent) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(6, 6, 6, 6);
  grid_ = new QGridLayout();
  grid_->setSpacing(6);
  outer->addLayout(grid_);
  outer->addStretch(1);
}

void OverviewPanel::clear() {
  for (auto* b : buttons_) b->deleteLater();
  buttons_.clear();
}

QToolButton* OverviewPanel::tileButton(int i) const {
  return i >= 0 && i < tileCount() ? buttons_[i] : nullptr;
}

void OverviewPanel::setTiles(const std::vector<Tile>& tiles) {
  clear();
  for (size_t i = 0; i < tiles.size(); ++i) {
    const Tile& t = tiles[i];
    auto* b = new QToolButton(this);
    b->setObjectName(QStringLiteral("tile%1").arg(i));
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    b->setMinimumHeight(46);
    b->setText(QStringLiteral("%1\n%2").arg(t.count).arg(QString::fromStdString(t.def.title)));
    QFont f = b->font();
    f.setBold(t.count > 0);
    b->setFont(f);
    QString tip = QString::fromStdString(t.def.filter) + "\n";
    for (const auto& [value, n] : t.top)
      tip += QStringLiteral("\n%1  %2").arg(n, 6).arg(QString::fromStdString(value).left(120));
    b->setToolTip(tip);
    b->setEnabled(t.count > 0);
    QString filter = QString::fromStdString(t.def.filter);
    connect(b, &QToolButton::clicked, this, [this, filter] { emit filterRequested(filter); });
    grid_->addWidget(b, static_cast<int>(i), 0);
    buttons_.push_back(b);
  }
}

}  // namespace saker::inspector
