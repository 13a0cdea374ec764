// The overview tiles: one button per question with its count and top values; a click
// applies the tile's filter.
#pragma once

#include <QWidget>
#include <vector>

#include "overview.h"

class QGridLayout;
class QToolButton;

namespace saker::inspector {

class OverviewPanel : public QWidget {
  Q_OBJECT
 public:
  explicit OverviewPanel(QWidget* parent = nullptr);
  void setTiles(const std::vector<Tile>& tiles);
  void clear();
  QToolButton* tileButton(int i) const;
  int tileCount() const { return static_cast<int>(buttons_.size()); }

 signals:
  void filterRequested(const QString& filter);

 private:
  QGridLayout* grid_;
  std::vector<QToolButton*> buttons_;
};

}  // namespace saker::inspector
