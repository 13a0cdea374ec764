// A ClickHouse server reached over its HTTP interface (libcurl): statements in, text out.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace saker::fleet {

// Why a request failed: the server could not be reached (or answered garbage), or it
// answered with an error (bad SQL, a refused write, a missing table).
class ClickHouseError : public std::runtime_error {
 public:
  enum class Kind { Unreachable, Server };
  ClickHouseError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

using Settings = std::vector<std::pair<std::string, std::string>>;

class ClickHouse {
 public:
  // `url`: http://host:8123 (a path or ?user=...&password=... may follow).
  explicit ClickHouse(std::string url);
  ~ClickHouse();
  ClickHouse(const ClickHouse&) = delete;
  ClickHouse& operator=(const ClickHouse&) = delete;

  // Runs one statement (in the request body) and returns the server's answer.
  std::string execute(std::string_view sql, const Settings& settings = {});

  // Runs `statement` (INSERT ... FORMAT ...) in the URL with `data` as the body, gzip-compressed
  // unless set_compress_inserts(false) (ClickHouse reads Content-Encoding: gzip).
  void insert(std::string_view statement, std::string_view data, const Settings& settings = {});

  // Compressing costs more CPU than it saves on loopback or a fast local network.
  void set_compress_inserts(bool on) { compress_inserts_ = on; }

  const std::string& url() const { return url_; }

 private:
  std::string request(const std::string& url, std::string_view body, bool gzip);
  std::string with_params(const Settings& settings, std::string_view query_param = {});

  std::string url_;
  void* curl_ = nullptr;
  bool compress_inserts_ = true;
  std::string gzip_buffer_;  // reused between inserts: no page faults per batch
};

// Whether `url` names this machine (localhost, 127.0.0.0/8, ::1).
bool is_loopback_url(std::string_view url);

// `url` without user name, password or query string: what may be written into a table.
std::string url_without_credentials(std::string_view url);

// `plain_url` (from url_without_credentials) with the user, password and query string of
// `like`: another server of the cluster, reached as the same user.
std::string with_credentials_of(std::string_view plain_url, std::string_view like);

// SQL literal of a string: 'text' with quotes and backslashes escaped.
std::string sql_quote(std::string_view s);

// Appends `s` escaped for TabSeparated (\t, \n, \\ ...).
void append_tsv(std::string& out, std::string_view s);

}  // namespace saker::fleet
