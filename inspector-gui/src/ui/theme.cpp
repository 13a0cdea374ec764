#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace saker::inspector {

void apply_theme(QApplication& app, bool dark) {
  app.setStyle(QStyleFactory::create("Fusion"));
  QPalette p;
  if (dark) {
    const QColor window(0x26, 0x28, 0x2b), base(0x1d, 0x1f, 0x21), text(0xe0, 0xe0, 0xe0);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb3));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x88, 0x88, 0x88));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x77, 0x77, 0x77));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x77, 0x77, 0x77));
  } else {
    p = app.style()->standardPalette();
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb3));
    p.setColor(QPalette::HighlightedText, Qt::white);
  }
  app.setPalette(p);
}

}  // namespace saker::inspector
