// libcurl's entry points, loaded with dlopen on first use.
//
// Linking libcurl made every saker run load its chain of libraries (TLS, HTTP/2, SSH, LDAP,
// Kerberos, IDN: 13 ms of dynamic loading, a third of `saker print` on a small capture), while
// only `ship`, `fleet` and HTTP alert outputs use it (docs/decisions.md).
#pragma once

#include <curl/curl.h>

namespace saker::http {

struct LibCurl {
  decltype(&::curl_easy_init) easy_init;
  decltype(&::curl_easy_cleanup) easy_cleanup;
  decltype(&::curl_easy_reset) easy_reset;
  decltype(&::curl_easy_setopt) easy_setopt;
  decltype(&::curl_easy_perform) easy_perform;
  decltype(&::curl_easy_getinfo) easy_getinfo;
  decltype(&::curl_easy_strerror) easy_strerror;
  decltype(&::curl_slist_append) slist_append;
  decltype(&::curl_slist_free_all) slist_free_all;
  decltype(&::curl_url) url;
  decltype(&::curl_url_cleanup) url_cleanup;
  decltype(&::curl_url_set) url_set;
  decltype(&::curl_url_get) url_get;
  decltype(&::curl_url_strerror) url_strerror;
  decltype(&::curl_free) free;
};

// Loads libcurl and runs curl_global_init once (thread-safe). Throws std::runtime_error
// saying which library or symbol is missing when it cannot.
const LibCurl& libcurl();

}  // namespace saker::http
