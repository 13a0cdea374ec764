// Reader options for tests of the file format itself: every stored event, the ones libs'
// converter drops included (scap::ReaderOptions::deliver_dropped).
#pragma once

#include "saker/scap/reader.h"

namespace saker::test {

inline scap::ReaderOptions every_event(scap::ReaderOptions o = {}) {
  o.deliver_dropped = true;
  return o;
}

}  // namespace saker::test
