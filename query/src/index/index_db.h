// Thin RAII wrappers over SQLite for the index: a connection and prepared statements.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace saker::query::index_db {

struct Db {
  sqlite3* db = nullptr;
  Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db() {
    if (db) sqlite3_close_v2(db);  // v2: statements still alive do not keep the connection open
  }
  void exec(const char* sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string m = msg ? msg : "error";
      sqlite3_free(msg);
      throw std::runtime_error(fmt::format("SQLite: {}", m));
    }
  }
};

struct Stmt {
  sqlite3* db;
  sqlite3_stmt* s = nullptr;
  Stmt(sqlite3* d, const char* sql) : db(d) {
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error(fmt::format("SQLite: {}", sqlite3_errmsg(db)));
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s); }
  // Binds text that stays alive until step() (no copy).
  void text(int i, std::string_view v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void text_or_null(int i, std::string_view v) {
    if (v.empty())
      sqlite3_bind_null(s, i);
    else
      text(i, v);
  }
  void blob(int i, const void* p, size_t n) { sqlite3_bind_blob64(s, i, p, n, SQLITE_STATIC); }
  void i64(int i, int64_t v) { sqlite3_bind_int64(s, i, v); }
  void id_or_null(int i, uint32_t id) {
    if (id)
      sqlite3_bind_int64(s, i, id);
    else
      sqlite3_bind_null(s, i);
  }
  void null(int i) { sqlite3_bind_null(s, i); }
  void step() {
    if (sqlite3_step(s) != SQLITE_DONE)
      throw std::runtime_error(fmt::format("SQLite: {}", sqlite3_errmsg(db)));
    sqlite3_reset(s);
  }
  bool row() {
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) throw std::runtime_error(fmt::format("SQLite: {}", sqlite3_errmsg(db)));
    return false;
  }
  int64_t col_i64(int i) const { return sqlite3_column_int64(s, i); }
  std::string_view col_text(int i) const {
    const unsigned char* t = sqlite3_column_text(s, i);
    return t ? std::string_view(reinterpret_cast<const char*>(t),
                                static_cast<size_t>(sqlite3_column_bytes(s, i)))
             : std::string_view();
  }
  std::string_view col_blob(int i) const {
    const void* p = sqlite3_column_blob(s, i);
    return p ? std::string_view(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(s, i)))
             : std::string_view();
  }
};

}  // namespace saker::query::index_db
