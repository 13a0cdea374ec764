// The capture identity saker ship and saker fleet fetch key rows by: SHA-256 of the whole file,
// as sha256sum gives it (checked on a published test vector and on a file longer than the
// hash's 1 MiB read buffer, against coreutils' own digest).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "saker/fleet/ship.h"

namespace saker::fleet {
namespace {

class ContentHash : public ::testing::Test {
 protected:
  std::filesystem::path dir_ =
      std::filesystem::temp_directory_path() / ("saker-content-hash-" + std::to_string(::getpid()));
  void SetUp() override { std::filesystem::create_directories(dir_); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
};

std::string sha256sum(const std::string& path) {
  std::FILE* p = ::popen(("sha256sum '" + path + "'").c_str(), "r");
  if (p == nullptr) return "";
  char digest[65] = {};
  const size_t n = std::fread(digest, 1, 64, p);
  ::pclose(p);
  return std::string(digest, n);
}

TEST_F(ContentHash, PublishedTestVector) {
  EXPECT_EQ(capture_content_hash(write("abc", "abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(capture_content_hash(write("empty", "")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(ContentHash, FileLongerThanTheReadBufferMatchesSha256sum) {
  std::mt19937_64 rng(20);
  std::string bytes(3 * (1 << 20) + 17, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  const std::string path = write("long.scap", bytes);
  const std::string want = sha256sum(path);
  ASSERT_EQ(want.size(), 64u) << "sha256sum did not run";
  EXPECT_EQ(capture_content_hash(path), want);
}

TEST_F(ContentHash, MissingFileIsAnErrorNamingIt) {
  const std::string path = (dir_ / "absent.scap").string();
  try {
    capture_content_hash(path);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace saker::fleet
