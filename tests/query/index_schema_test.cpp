// The event_rows column enum (query/src/index/index_schema.h) against the table it numbers.
#include "index/index_schema.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

namespace saker::query {
namespace {

TEST(IndexSchema, EventRowColumnsAreTheTablesInOrder) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, index_schema::kTables, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info('event_rows') ORDER BY cid", -1, &s,
                               nullptr),
            SQLITE_OK);
  std::vector<std::string> names;
  while (sqlite3_step(s) == SQLITE_ROW)
    names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  sqlite3_close(db);
  ASSERT_EQ(names.size(), static_cast<size_t>(index_schema::kEventRowColumns));
  for (size_t i = 0; i < names.size(); ++i)
    EXPECT_EQ(names[i], index_schema::kEventRowNames[i]) << "column " << i + 1;
  EXPECT_EQ(names[static_cast<int>(index_schema::EventRowColumn::kPid) - 1], "pid");
  EXPECT_EQ(names[static_cast<int>(index_schema::EventRowColumn::kRender) - 1], "render");
}

}  // namespace
}  // namespace saker::query
