// SQL results as rows (the inspector's SQL panel) and the CSV quoting shared by `saker query`
// and the inspector's export.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "saker/query/capture_index.h"
#include "saker/query/csv.h"
#include "saker/query/sql_rows.h"
#include "saker/scap/command_error.h"
#include "test_paths.h"

namespace saker::query {
namespace {

TEST(CsvTest, QuotesOnlyWhatNeedsIt) {
  std::string line;
  append_csv_line(line, {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", ""});
  EXPECT_EQ(line, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\n");
}

class SqlRowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    capture_ = (dir_ / "s.scap").string();
    std::filesystem::copy_file(test::samples_dir() / "shell-session.scap", capture_);
    index_ = default_index_path(capture_);
    build_index(capture_, index_);
  }
  SqlRows rows(const std::string& sql, size_t max_rows = 1000) {
    return query_rows(capture_, index_, sql, max_rows, stderr);
  }
  test::TempDir dir_;
  std::string capture_, index_;
};

TEST_F(SqlRowsTest, ColumnsValuesAndNull) {
  auto r = rows("SELECT 1 AS one, 'a,b' AS text, NULL AS missing");
  EXPECT_EQ(r.columns, (std::vector<std::string>{"one", "text", "missing"}));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0], "1");
  EXPECT_EQ(r.rows[0][1], "a,b");
  EXPECT_EQ(r.rows[0][2], std::nullopt);
  EXPECT_FALSE(r.truncated);
}

TEST_F(SqlRowsTest, KeepsTheFirstRowsAndSaysWhenMoreFollowed) {
  auto r = rows("SELECT num FROM events ORDER BY num", 3);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_TRUE(r.truncated);
  auto first = rows("SELECT num FROM events ORDER BY num LIMIT 3", 3);
  EXPECT_EQ(first.rows, r.rows);
  EXPECT_FALSE(first.truncated);
}

TEST_F(SqlRowsTest, RefusesWritesAndSeveralStatements) {
  EXPECT_THROW(rows("DELETE FROM event_rows"), scap::CommandError);
  EXPECT_THROW(rows("SELECT 1; SELECT 2"), scap::CommandError);
  EXPECT_THROW(rows("SELEKT 1"), scap::CommandError);
  EXPECT_TRUE(rows("-- nothing").columns.empty());
}

}  // namespace
}  // namespace saker::query
