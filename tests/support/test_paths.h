// Where tests find the shared captures and Saker's own samples.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace saker::test {

inline std::filesystem::path shared_dir() {
  return SAKER_SHARED_DIR;
}
inline std::filesystem::path samples_dir() {
  return SAKER_SAMPLES_DIR;
}

inline bool have_shared() {
  return std::filesystem::exists(shared_dir() / "captures");
}

// The real captures in ../shared/captures, sorted; empty where ../shared is absent.
inline std::vector<std::filesystem::path> shared_captures() {
  std::vector<std::filesystem::path> out;
  if (!have_shared()) return out;
  for (const auto& e : std::filesystem::directory_iterator(shared_dir() / "captures"))
    if (e.path().extension() == ".scap") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

#define SAKER_REQUIRE_SHARED()                                                                       \
  do {                                                                                               \
    if (!::saker::test::have_shared())                                                               \
      GTEST_SKIP() << "../shared/captures is absent (it exists in CI and developer checkouts only)"; \
  } while (0)

inline bool have_sysdig() {
  return std::filesystem::exists("/usr/bin/sysdig");
}

// A scratch directory unique to the running test, removed by the caller's TempDir.
class TempDir {
 public:
  TempDir() {
    auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() / (std::string("saker-test-") + info->test_suite_name() +
                                                      "-" + info->name() + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace saker::test
