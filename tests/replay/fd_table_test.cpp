// FdTable against a std::map model: random adds, removes, forks, cloexec sweeps and clears,
// with fd numbers small, sparse (a shell's 255) and large, every answer compared.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <vector>

#include "saker/replay/thread.h"

namespace saker::replay {
namespace {

using Model = std::map<int64_t, std::string>;

// The table's fds and names in its iteration order: the fds below 1024 ascending, then the
// others (whose order is the hash map's).
std::vector<std::pair<int64_t, std::string>> listed(const FdTable& t) {
  std::vector<std::pair<int64_t, std::string>> out;
  t.for_each([&](const FdInfo& f) { out.emplace_back(f.fd, f.name); });
  return out;
}

void expect_same(const FdTable& t, const Model& m, const std::string& where) {
  SCOPED_TRACE(where);
  ASSERT_EQ(t.size(), m.size());
  auto got = listed(t);
  ASSERT_EQ(got.size(), m.size());
  size_t i = 0;
  for (const auto& [fd, name] : m) {
    if (fd >= 1024) break;
    EXPECT_EQ(got[i].first, fd);
    EXPECT_EQ(got[i].second, name);
    ++i;
  }
  Model rest(got.begin() + static_cast<std::ptrdiff_t>(i), got.end());
  Model want_rest(m.lower_bound(1024), m.end());
  EXPECT_EQ(rest, want_rest);
  for (const auto& [fd, name] : m) {
    const FdInfo* f = t.find(fd);
    ASSERT_NE(f, nullptr) << fd;
    EXPECT_EQ(f->fd, fd);
    EXPECT_EQ(f->name, name);
  }
}

int64_t pick_fd(std::mt19937& rng) {
  switch (rng() % 8) {
    case 0:
      return 255;
    case 1:
      return 1000 + static_cast<int64_t>(rng() % 60);  // both sides of 1024
    case 2:
      return static_cast<int64_t>(rng() % 1024);
    default:
      return static_cast<int64_t>(rng() % 12);
  }
}

TEST(FdTable, MatchesAMapThroughAddsRemovesForksAndSweeps) {
  std::mt19937 rng(20261207);
  std::vector<std::pair<std::unique_ptr<FdTable>, Model>> tables;
  tables.emplace_back(std::make_unique<FdTable>(), Model{});
  for (int step = 0; step < 40000; ++step) {
    auto& [t, m] = tables[rng() % tables.size()];
    const int64_t fd = pick_fd(rng);
    const std::string where = "step " + std::to_string(step);
    switch (rng() % 10) {
      case 0:
      case 1:
      case 2:
      case 3: {
        FdInfo& f = t->add(fd);
        EXPECT_EQ(f.fd, fd);
        EXPECT_TRUE(f.name.empty()) << where;  // a replaced or reused entry starts afresh
        f.name = "/file/" + std::to_string(fd) + "/" + std::to_string(step) + std::string(step % 40, 'x');
        m[fd] = f.name;
        break;
      }
      case 4:
      case 5:
      case 6:
        t->remove(fd);
        m.erase(fd);
        EXPECT_EQ(t->find(fd), nullptr) << where;
        break;
      case 7:
        if (tables.size() < 24) {
          auto copy = std::make_unique<FdTable>(*t);
          Model mc = m;
          expect_same(*copy, mc, where + " fork");
          tables.emplace_back(std::move(copy), std::move(mc));
        } else {
          std::swap(tables[rng() % tables.size()], tables.back());
          tables.pop_back();  // an exited process: its vector goes back to the pool
          if (tables.empty()) tables.emplace_back(std::make_unique<FdTable>(), Model{});
        }
        break;
      case 8: {
        const int64_t parity = static_cast<int64_t>(rng() % 2);
        t->remove_if([&](const FdInfo& f) { return f.fd % 2 == parity; });
        std::erase_if(m, [&](const auto& kv) { return kv.first % 2 == parity; });
        break;
      }
      default:
        if (rng() % 50 == 0) {
          t->clear();
          m.clear();
        } else {
          EXPECT_EQ(t->find(fd) != nullptr, m.count(fd) == 1) << where;
        }
        break;
    }
    if (step % 97 == 0)
      for (const auto& [tt, mm] : tables) expect_same(*tt, mm, where);
  }
  for (const auto& [tt, mm] : tables) expect_same(*tt, mm, "end");
}

}  // namespace
}  // namespace saker::replay
