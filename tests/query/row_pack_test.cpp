// Row packs (query/src/index/row_pack.h): rows come back as written, damaged packs are reported and
// never read outside their bytes, and an index's packs hold exactly its event_rows values.
#include "index/row_pack.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <random>
#include <vector>

#include "run_command.h"
#include "saker/query/capture_index.h"
#include "test_paths.h"

namespace saker::query::row_pack {
namespace {

std::vector<Row> random_rows(std::mt19937_64& rng, size_t n, std::vector<std::string>& renders) {
  std::vector<Row> rows;
  renders.resize(n);
  uint64_t num = 1 + rng() % 1000, offset = rng() % (uint64_t{1} << 40);
  for (size_t i = 0; i < n; ++i) {
    Row r;
    num += 1 + rng() % 3;
    offset += rng() % 512;
    if (rng() % 50 == 0) offset -= rng() % 1000;  // a later section may restart lower
    r.num = num;
    r.offset = offset;
    r.mask = static_cast<uint16_t>(rng() & 0x1FF);
    if (r.mask & kPid) r.pid = static_cast<int64_t>(rng() % 3 ? rng() % 70000 : rng());
    if (r.mask & kFd) r.fd = static_cast<int64_t>(rng() % 4 ? rng() % 1024 : rng());
    if (r.mask & kFdName) r.fd_name_id = rng() % 100000;
    if (r.mask & kProcName) r.proc_name_id = rng() % 1000;
    if (r.mask & kUser) r.user_id = rng();
    if (r.mask & kContainer) r.container_id = rng() % 10;
    if (r.mask & kFdType) r.fd_type = rng() % 0x10000;
    if (r.mask & kPname) r.pname_id = rng() % 5000;
    if (r.mask & kRender) {
      renders[i].assign(rng() % 40, static_cast<char>('a' + i % 26));
      r.render = renders[i];
    }
    rows.push_back(r);
  }
  return rows;
}

void expect_same_row(const Row& got, const Row& want) {
  EXPECT_EQ(got.num, want.num);
  EXPECT_EQ(got.offset, want.offset);
  ASSERT_EQ(got.mask, want.mask);
  if (want.mask & kPid) {
    EXPECT_EQ(got.pid, want.pid);
  }
  if (want.mask & kFd) {
    EXPECT_EQ(got.fd, want.fd);
  }
  if (want.mask & kFdName) {
    EXPECT_EQ(got.fd_name_id, want.fd_name_id);
  }
  if (want.mask & kProcName) {
    EXPECT_EQ(got.proc_name_id, want.proc_name_id);
  }
  if (want.mask & kUser) {
    EXPECT_EQ(got.user_id, want.user_id);
  }
  if (want.mask & kContainer) {
    EXPECT_EQ(got.container_id, want.container_id);
  }
  if (want.mask & kFdType) {
    EXPECT_EQ(got.fd_type, want.fd_type);
  }
  if (want.mask & kPname) {
    EXPECT_EQ(got.pname_id, want.pname_id);
  }
  EXPECT_EQ(got.render, want.render);
}

TEST(RowPack, RowsComeBackAsWritten) {
  std::mt19937_64 rng(7);
  std::vector<std::string> renders;
  auto rows = random_rows(rng, 3000, renders);
  Encoder enc;
  enc.start(rows.front().num - 1);
  for (const auto& r : rows) enc.add(r);
  Decoder dec;
  dec.start(enc.bytes(), rows.front().num - 1);
  Row got;
  for (const auto& want : rows) {
    ASSERT_TRUE(dec.next(got));
    expect_same_row(got, want);
  }
  EXPECT_FALSE(dec.next(got));
  EXPECT_FALSE(dec.malformed());
}

TEST(RowPack, DamagedPacksAreReportedAndStayInBounds) {
  std::mt19937_64 rng(11);
  std::vector<std::string> renders;
  auto rows = random_rows(rng, 200, renders);
  Encoder enc;
  enc.start(rows.front().num);
  for (const auto& r : rows) enc.add(r);
  const std::string full = enc.bytes();
  Decoder dec;
  Row got;
  // Another first number than the pack's own.
  dec.start(full, rows.front().num + 1);
  EXPECT_FALSE(dec.next(got));
  EXPECT_TRUE(dec.malformed());
  // Every cut: the rows before it come back, then an end or a malformed row, never a read
  // past the bytes (AddressSanitizer checks the copy below, which has no slack).
  size_t malformed = 0;
  for (size_t cut = 0; cut < full.size(); ++cut) {
    std::vector<char> bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut));
    dec.start(std::string_view(bytes.data(), bytes.size()), rows.front().num);
    size_t n = 0;
    while (dec.next(got)) {
      ASSERT_LT(n, rows.size());
      EXPECT_EQ(got.num, rows[n].num);
      ++n;
    }
    malformed += dec.malformed();
  }
  EXPECT_GT(malformed, full.size() / 2);
  // Random bytes: decoding ends, in bounds.
  for (int i = 0; i < 2000; ++i) {
    std::vector<char> bytes(rng() % 64);
    for (auto& b : bytes) b = static_cast<char>(rng());
    dec.start(std::string_view(bytes.data(), bytes.size()), 0);
    for (int k = 0; k < 100 && dec.next(got); ++k) EXPECT_LE(got.render.size(), bytes.size());
  }
}

// Every event_rows row of a generated capture's index is in its row pack, the same.
TEST(RowPack, AnIndexsPacksHoldItsEventRows) {
  test::TempDir dir;
  std::string capture = (dir / "load.scap").string();
  auto gen = test::run_command(std::string(SAKER_GENCAP) + " --scenario load --events 40000 -o " + capture +
                               " 2>&1");
  ASSERT_EQ(gen.status, 0) << gen.out;
  std::string index = default_index_path(capture);
  build_index(capture, index);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(index.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* rows = nullptr;
  sqlite3_stmt* packs = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db,
                         "SELECT num, offset, pid, fd, fd_name_id, proc_name_id, user_id, container_id, "
                         "fd_type, pname_id, render FROM event_rows ORDER BY num",
                         -1, &rows, nullptr),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT first_num, last_num, rows FROM row_packs ORDER BY first_num", -1,
                               &packs, nullptr),
            SQLITE_OK);
  Decoder dec;
  std::string pack;
  uint64_t last = 0, compared = 0, packs_read = 0;
  Row got;
  while (sqlite3_step(rows) == SQLITE_ROW) {
    Row want;
    auto col = [&](int i, uint16_t bit, auto& out) {
      if (sqlite3_column_type(rows, i) == SQLITE_NULL) return;
      want.mask |= bit;
      out = static_cast<std::remove_reference_t<decltype(out)>>(sqlite3_column_int64(rows, i));
    };
    want.num = static_cast<uint64_t>(sqlite3_column_int64(rows, 0));
    want.offset = static_cast<uint64_t>(sqlite3_column_int64(rows, 1));
    col(2, kPid, want.pid);
    col(3, kFd, want.fd);
    col(4, kFdName, want.fd_name_id);
    col(5, kProcName, want.proc_name_id);
    col(6, kUser, want.user_id);
    col(7, kContainer, want.container_id);
    col(8, kFdType, want.fd_type);
    col(9, kPname, want.pname_id);
    std::string render;
    if (sqlite3_column_type(rows, 10) != SQLITE_NULL) {
      want.mask |= kRender;
      render.assign(static_cast<const char*>(sqlite3_column_blob(rows, 10)),
                    static_cast<size_t>(sqlite3_column_bytes(rows, 10)));
      want.render = render;
    }
    if (want.num > last) {
      ASSERT_EQ(sqlite3_step(packs), SQLITE_ROW) << "no pack for event " << want.num;
      uint64_t first = static_cast<uint64_t>(sqlite3_column_int64(packs, 0));
      ASSERT_EQ(first, want.num);
      last = static_cast<uint64_t>(sqlite3_column_int64(packs, 1));
      pack.assign(static_cast<const char*>(sqlite3_column_blob(packs, 2)),
                  static_cast<size_t>(sqlite3_column_bytes(packs, 2)));
      dec.start(pack, first);
      ++packs_read;
    }
    ASSERT_TRUE(dec.next(got)) << want.num;
    expect_same_row(got, want);
    ++compared;
  }
  EXPECT_FALSE(dec.next(got));
  EXPECT_EQ(sqlite3_step(packs), SQLITE_DONE);
  EXPECT_GT(compared, 19000u);
  EXPECT_GT(packs_read, 5u);
  sqlite3_finalize(rows);
  sqlite3_finalize(packs);
  sqlite3_close(db);
}

}  // namespace
}  // namespace saker::query::row_pack
