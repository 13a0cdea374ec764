// Light and dark palettes for the whole application (Fusion style).
#pragma once

class QApplication;

namespace saker::inspector {

void apply_theme(QApplication& app, bool dark);

}  // namespace saker::inspector
