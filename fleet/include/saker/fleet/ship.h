// saker ship: a capture's rows (from its local index, and the line `saker print` shows per
// event) sent to the fleet's ClickHouse in batches, once per capture, resumable.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "saker/query/capture_index.h"

namespace saker::fleet {

// Whether INSERT bodies are gzip-compressed: Auto compresses unless the server is on this
// machine (on loopback, compressing costs more CPU than it saves).
enum class Compression { Auto, Gzip, None };

struct ShipOptions {
  std::vector<std::string> captures;
  std::string url;   // a server of the cluster (its HTTP interface)
  std::string host;  // default: the capture's machine name, else this machine's
  std::string database = "saker";
  uint64_t batch_rows = 100000;  // rows per INSERT (a batch never spans two days)
  bool quiet = false;            // no progress line
  Compression compress = Compression::Auto;
  // Where the local index is built or found; empty: beside the capture or in the cache folder
  // (query::ensure_index). One capture only when set (the recorder ships into a scratch folder).
  std::string index_path;
};

// Exit status: 0; 1 when a capture cannot be read or indexed; 3 when the server cannot be
// reached or refuses the rows (then running the same command again resumes).
int run_ship(const ShipOptions& opts, std::FILE* err, const query::ObserverFactory& observers = {});

// SHA-256 of the file's bytes, in hex: with the host, the identity of a shipped capture.
std::string capture_content_hash(const std::string& path);

}  // namespace saker::fleet
