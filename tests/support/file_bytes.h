// Whole files as bytes, for tests that damage, cut or inspect captures.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "saker/scap/byte_source.h"

namespace saker::test {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream o(path, std::ios::binary | std::ios::trunc);
  o.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A capture's uncompressed stream (the file itself when it is not compressed).
inline std::string stream_bytes(const std::string& path) {
  auto src = scap::open_byte_source(path);
  std::string all;
  char buf[65536];
  for (size_t n; (n = src->read(buf, sizeof buf)) > 0;) all.append(buf, n);
  return all;
}

}  // namespace saker::test
