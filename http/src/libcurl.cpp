#include "saker/http/libcurl.h"

#include <dlfcn.h>

#include <stdexcept>
#include <string>

namespace saker::http {

namespace {

// libcurl4 (OpenSSL) first, then the GnuTLS build Debian also ships under another name.
constexpr const char* kLibraries[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};

template <typename F>
void bind(void* lib, F& slot, const char* name) {
  void* sym = dlsym(lib, name);
  if (!sym) throw std::runtime_error(std::string("libcurl has no ") + name + " (a libcurl older than 7.80?)");
  slot = reinterpret_cast<F>(sym);
}

LibCurl load() {
  void* lib = nullptr;
  std::string why;
  for (const char* name : kLibraries) {
    if ((lib = dlopen(name, RTLD_NOW | RTLD_LOCAL))) break;
    if (why.empty()) why = dlerror();
  }
  if (!lib) throw std::runtime_error("cannot load libcurl (install Debian's libcurl4): " + why);
  LibCurl c{};
  bind(lib, c.easy_init, "curl_easy_init");
  bind(lib, c.easy_cleanup, "curl_easy_cleanup");
  bind(lib, c.easy_reset, "curl_easy_reset");
  bind(lib, c.easy_setopt, "curl_easy_setopt");
  bind(lib, c.easy_perform, "curl_easy_perform");
  bind(lib, c.easy_getinfo, "curl_easy_getinfo");
  bind(lib, c.easy_strerror, "curl_easy_strerror");
  bind(lib, c.slist_append, "curl_slist_append");
  bind(lib, c.slist_free_all, "curl_slist_free_all");
  bind(lib, c.url, "curl_url");
  bind(lib, c.url_cleanup, "curl_url_cleanup");
  bind(lib, c.url_set, "curl_url_set");
  bind(lib, c.url_get, "curl_url_get");
  bind(lib, c.url_strerror, "curl_url_strerror");
  bind(lib, c.free, "curl_free");
  decltype(&::curl_global_init) global_init = nullptr;
  bind(lib, global_init, "curl_global_init");
  if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl cannot start");
  return c;
}

}  // namespace

const LibCurl& libcurl() {
  static const LibCurl loaded = load();
  return loaded;
}

}  // namespace saker::http
