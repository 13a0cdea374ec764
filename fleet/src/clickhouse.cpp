#include "saker/fleet/clickhouse.h"

#include <zlib.h>
#include "saker/http/libcurl.h"

#include <fmt/format.h>

namespace saker::fleet {

namespace {

size_t collect(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

// Compresses `data` into `out` (its capacity reused), returning the compressed bytes.
std::string_view gzip(std::string_view data, std::string& out) {
  z_stream zs{};
  // 15 + 16: a gzip header and trailer; level 1: the network, not the CPU, should be the limit.
  if (deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib: deflateInit2 failed");
  size_t bound = deflateBound(&zs, data.size());
  if (out.size() < bound) out.resize(bound);  // never shrunk: later batches write no zeros
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  size_t n = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib: deflate failed");
  return std::string_view(out.data(), n);
}

// "scheme://" and the authority of a URL, split off the rest.
struct UrlParts {
  std::string_view scheme, userinfo, hostport, path, query;
};
UrlParts split_url(std::string_view url) {
  UrlParts p;
  if (size_t s = url.find("://"); s != std::string_view::npos) {
    p.scheme = url.substr(0, s + 3);
    url.remove_prefix(s + 3);
  }
  size_t end = url.find_first_of("/?");
  std::string_view authority = url.substr(0, end);
  url = end == std::string_view::npos ? std::string_view{} : url.substr(end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    p.userinfo = authority.substr(0, at);
    authority.remove_prefix(at + 1);
  }
  p.hostport = authority;
  size_t q = url.find('?');
  p.path = url.substr(0, q);
  if (q != std::string_view::npos) p.query = url.substr(q + 1);
  return p;
}

std::string url_escape(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

ClickHouse::ClickHouse(std::string url) : url_(std::move(url)) {
  try {
    http::libcurl();
  } catch (const std::runtime_error& e) {
    throw ClickHouseError(ClickHouseError::Kind::Unreachable, e.what());
  }
  curl_ = http::libcurl().easy_init();
  if (!curl_) throw ClickHouseError(ClickHouseError::Kind::Unreachable, "libcurl: cannot make a handle");
}

ClickHouse::~ClickHouse() {
  http::libcurl().easy_cleanup(static_cast<CURL*>(curl_));
}

std::string ClickHouse::with_params(const Settings& settings, std::string_view query_param) {
  std::string u = url_;
  bool has_query = u.find('?') != std::string::npos;
  if (!has_query && (u.empty() || u.back() != '/')) u += '/';
  auto add = [&](std::string_view k, std::string_view v) {
    u += has_query ? '&' : '?';
    has_query = true;
    u += k;
    u += '=';
    u += url_escape(v);
  };
  if (!query_param.empty()) add("query", query_param);
  for (const auto& [k, v] : settings) add(k, v);
  return u;
}

std::string ClickHouse::request(const std::string& url, std::string_view body, bool compress) {
  CURL* c = static_cast<CURL*>(curl_);
  std::string_view payload = compress ? gzip(body, gzip_buffer_) : body;
  std::string answer;
  char errbuf[CURL_ERROR_SIZE] = {};
  http::libcurl().easy_reset(c);
  http::libcurl().easy_setopt(c, CURLOPT_URL, url.c_str());
  http::libcurl().easy_setopt(c, CURLOPT_POST, 1L);
  http::libcurl().easy_setopt(c, CURLOPT_POSTFIELDS, payload.data());
  http::libcurl().easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
  http::libcurl().easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  http::libcurl().easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  http::libcurl().easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  http::libcurl().easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  http::libcurl().easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  // Answers come back gzip-compressed when the server is asked to compress them.
  http::libcurl().easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
  struct curl_slist* headers = nullptr;
  if (compress) headers = http::libcurl().slist_append(headers, "Content-Encoding: gzip");
  headers = http::libcurl().slist_append(headers, "Expect:");
  http::libcurl().easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  CURLcode rc = http::libcurl().easy_perform(c);
  http::libcurl().slist_free_all(headers);
  if (rc != CURLE_OK) {
    throw ClickHouseError(
        ClickHouseError::Kind::Unreachable,
        fmt::format("{}: {}", url_, errbuf[0] ? errbuf : http::libcurl().easy_strerror(rc)));
  }
  long status = 0;
  http::libcurl().easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    while (!answer.empty() && (answer.back() == '\n' || answer.back() == ' ')) answer.pop_back();
    // 5xx answers without a ClickHouse exception text come from something else on the path.
    bool server = answer.find("DB::Exception") != std::string::npos || answer.rfind("Code:", 0) == 0;
    throw ClickHouseError(server ? ClickHouseError::Kind::Server : ClickHouseError::Kind::Unreachable,
                          fmt::format("{}: HTTP {}: {}", url_, status, answer));
  }
  // An error after the answer started streaming comes as a last line "Code: N, e.displayText()
  // = DB::Exception: ..." under status 200.
  size_t last = answer.rfind('\n', answer.size() >= 2 ? answer.size() - 2 : 0);
  std::string_view tail = std::string_view(answer).substr(last == std::string::npos ? 0 : last + 1);
  if (tail.starts_with("Code: ") && tail.find("DB::Exception") != std::string_view::npos) {
    std::string what(tail);
    while (!what.empty() && what.back() == '\n') what.pop_back();
    throw ClickHouseError(ClickHouseError::Kind::Server, fmt::format("{}: {}", url_, what));
  }
  return answer;
}

std::string ClickHouse::execute(std::string_view sql, const Settings& settings) {
  // Compression first: a readonly=1 in `settings` forbids changing settings after it.
  Settings s{{"enable_http_compression", "1"}};
  s.insert(s.end(), settings.begin(), settings.end());
  return request(with_params(s), sql, false);
}

void ClickHouse::insert(std::string_view statement, std::string_view data, const Settings& settings) {
  request(with_params(settings, statement), data, compress_inserts_);
}

bool is_loopback_url(std::string_view url) {
  std::string_view h = split_url(url).hostport;
  if (h.starts_with('[')) return h.starts_with("[::1]");
  h = h.substr(0, h.find(':'));
  return h == "localhost" || h.starts_with("127.");
}

std::string url_without_credentials(std::string_view url) {
  UrlParts p = split_url(url);
  return fmt::format("{}{}{}", p.scheme, p.hostport, p.path);
}

std::string with_credentials_of(std::string_view plain_url, std::string_view like) {
  UrlParts p = split_url(plain_url), l = split_url(like);
  return fmt::format("{}{}{}{}{}{}", p.scheme, l.userinfo, l.userinfo.empty() ? "" : "@", p.hostport, p.path,
                     l.query.empty() ? std::string() : fmt::format("?{}", l.query));
}

std::string sql_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

void append_tsv(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\0':
        out += "\\0";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace saker::fleet
