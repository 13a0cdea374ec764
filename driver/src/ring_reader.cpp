#include "ring_reader.h"

#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "saker/driver/driver.h"

namespace saker::driver {

RingReader::RingReader(int map_fd, size_t size)
    : page_(static_cast<size_t>(sysconf(_SC_PAGESIZE))), size_(size), mask_(size - 1) {
  cons_map_ = mmap(nullptr, page_, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
  if (cons_map_ == MAP_FAILED)
    throw DriverError(fmt::format("cannot map the ring buffer: {}", std::strerror(errno)));
  // The data pages are mapped twice in a row, so a record that wraps reads contiguously.
  prod_map_ = mmap(nullptr, page_ + 2 * size_, PROT_READ, MAP_SHARED, map_fd, static_cast<off_t>(page_));
  if (prod_map_ == MAP_FAILED) {
    munmap(cons_map_, page_);
    throw DriverError(fmt::format("cannot map the ring buffer: {}", std::strerror(errno)));
  }
  consumer_pos_ = static_cast<uint64_t*>(cons_map_);
  producer_pos_ = static_cast<const uint64_t*>(prod_map_);
  data_ = static_cast<const uint8_t*>(prod_map_) + page_;
  epfd_ = epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  if (epfd_ < 0 || epoll_ctl(epfd_, EPOLL_CTL_ADD, map_fd, &ev) != 0)
    throw DriverError(fmt::format("cannot wait on the ring buffer: {}", std::strerror(errno)));
}

RingReader::~RingReader() {
  if (epfd_ >= 0) close(epfd_);
  if (prod_map_ && prod_map_ != MAP_FAILED) munmap(prod_map_, page_ + 2 * size_);
  if (cons_map_ && cons_map_ != MAP_FAILED) munmap(cons_map_, page_);
}

bool RingReader::wait(int timeout_ms) {
  epoll_event ev;
  int n = epoll_wait(epfd_, &ev, 1, timeout_ms);
  if (n < 0 && errno != EINTR)
    throw DriverError(fmt::format("waiting on the ring buffer: {}", std::strerror(errno)));
  return n >= 0;
}

}  // namespace saker::driver
