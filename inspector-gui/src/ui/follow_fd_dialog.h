// Events > Follow fd: the bytes one fd carried, reads in blue and writes in red, each chunk
// headed by its event, with a marker where the capture cut the data short.
#pragma once

#include <QDialog>

#include "follow_fd.h"

namespace saker::inspector {

class FollowFdDialog : public QDialog {
  Q_OBJECT
 public:
  FollowFdDialog(const FdKey& key, const FollowResult& stream, QWidget* parent = nullptr);
};

}  // namespace saker::inspector
