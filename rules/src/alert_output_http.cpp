// An HTTP POST of Falco's JSON alert per alert, the body falcosidekick's `/` endpoint and
// Falco's http_output send (Content-Type: application/json). A 2xx answer is a delivery.
// A connection that fails (refused, reset, closed without an answer) or a 5xx answer (a
// collector restarting behind a proxy) is tried again, three tries in all, 0.25 s then 0.5 s
// apart; a timeout is not (the receiver hangs: the queue would only fill behind it).
#include <chrono>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "alert_output_factories.h"
#include "saker/http/libcurl.h"
#include "saker/scap/command_error.h"

namespace saker::rules {

namespace {

constexpr long kConnectTimeoutMs = 2000;
constexpr long kTimeoutMs = 5000;
constexpr int kTries = 3;
constexpr auto kFirstBackoff = std::chrono::milliseconds(250);

bool retryable(CURLcode rc) {
  switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return true;
    default:
      return false;
  }
}

// Sleeps `d` unless the recorder stops waiting; false then.
bool backoff(std::chrono::milliseconds d, const std::atomic<bool>& abandon) {
  auto end = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < end) {
    if (abandon) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return !abandon;
}

// "http" or "https" as the URL's scheme, with a host; else why not.
std::string check_url(const std::string& url) {
  CURLU* u = http::libcurl().url();
  std::string why;
  if (CURLUcode rc = http::libcurl().url_set(u, CURLUPART_URL, url.c_str(), 0); rc != CURLUE_OK) {
    why = http::libcurl().url_strerror(rc);
  } else {
    char* scheme = nullptr;
    char* host = nullptr;
    http::libcurl().url_get(u, CURLUPART_SCHEME, &scheme, 0);
    if (http::libcurl().url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host || !*host)
      why = "no host";
    else if (!scheme || (std::string_view(scheme) != "http" && std::string_view(scheme) != "https"))
      why = "not http or https";
    http::libcurl().free(scheme);
    http::libcurl().free(host);
  }
  http::libcurl().url_cleanup(u);
  return why;
}

size_t discard(char*, size_t size, size_t n, void*) {
  return size * n;
}

int progress(void* abandon, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(abandon)->load() ? 1 : 0;
}

class HttpOutput : public AlertOutput {
 public:
  HttpOutput(std::string name, std::string url) : name_(std::move(name)), url_(std::move(url)) {
    if (auto why = check_url(url_); !why.empty())
      throw scap::CommandError(scap::ErrorKind::Usage,
                               fmt::format("alert output {}: bad URL: {}", url_, why));
    curl_ = http::libcurl().easy_init();
    if (!curl_) throw std::runtime_error("libcurl: cannot make a handle");
    headers_ = http::libcurl().slist_append(headers_, "Content-Type: application/json");
    headers_ = http::libcurl().slist_append(headers_, "Expect:");
  }
  ~HttpOutput() override {
    http::libcurl().slist_free_all(headers_);
    http::libcurl().easy_cleanup(curl_);
  }
  const std::string& name() const override { return name_; }
  uint64_t retries() const override { return retries_; }

  void write(const Alert& alert, const std::atomic<bool>& abandon) override {
    auto wait = kFirstBackoff;
    for (int attempt = 1;; ++attempt) {
      bool again = false;
      std::string why = post(alert, abandon, again);
      if (why.empty()) return;
      if (!again || attempt == kTries || !backoff(wait, abandon))
        throw std::runtime_error(attempt > 1 ? fmt::format("{} (after {} tries)", why, attempt) : why);
      ++retries_;
      wait *= 2;
    }
  }

 private:
  // One POST: "" when delivered, else why not, with `again` set when another try may succeed.
  std::string post(const Alert& alert, const std::atomic<bool>& abandon, bool& again) {
    char errbuf[CURL_ERROR_SIZE] = "";
    CURL* c = curl_;
    http::libcurl().easy_setopt(c, CURLOPT_URL, url_.c_str());
    http::libcurl().easy_setopt(c, CURLOPT_POST, 1L);
    http::libcurl().easy_setopt(c, CURLOPT_POSTFIELDS, alert.json.data());
    http::libcurl().easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(alert.json.size()));
    http::libcurl().easy_setopt(c, CURLOPT_HTTPHEADER, headers_);
    http::libcurl().easy_setopt(c, CURLOPT_USERAGENT, "saker");
    http::libcurl().easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    http::libcurl().easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    http::libcurl().easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
    http::libcurl().easy_setopt(c, CURLOPT_TIMEOUT_MS, kTimeoutMs);
    http::libcurl().easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    http::libcurl().easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    http::libcurl().easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress);
    http::libcurl().easy_setopt(c, CURLOPT_XFERINFODATA, &abandon);
    CURLcode rc = http::libcurl().easy_perform(c);
    if (rc != CURLE_OK) {
      again = retryable(rc);
      return errbuf[0] ? errbuf : http::libcurl().easy_strerror(rc);
    }
    long status = 0;
    http::libcurl().easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 200 && status <= 299) return {};
    again = status >= 500 && status <= 599;
    return fmt::format("HTTP {}", status);
  }

  std::string name_, url_;
  std::atomic<uint64_t> retries_{0};
  CURL* curl_ = nullptr;
  curl_slist* headers_ = nullptr;
};

}  // namespace

std::unique_ptr<AlertOutput> make_http_output(const std::string& name, const std::string& url) {
  return std::make_unique<HttpOutput>(name, url);
}

}  // namespace saker::rules
