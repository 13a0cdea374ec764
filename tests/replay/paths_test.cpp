// Path joining and normalisation (libsinsp's concatenate_paths), in place and as a new string.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "saker/replay/resolve_path.h"

namespace saker::replay {
namespace {

// The plain reading: split the joined path at '/', drop "" and ".", let ".." remove the
// previous component, join with '/'.
std::string reference(std::string_view dir, std::string_view path) {
  std::string joined =
      !path.empty() && path[0] == '/' ? std::string(path) : std::string(dir) + "/" + std::string(path);
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= joined.size()) {
    size_t j = joined.find('/', i);
    if (j == std::string::npos) j = joined.size();
    std::string comp = joined.substr(i, j - i);
    if (comp == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!comp.empty() && comp != ".") {
      parts.push_back(comp);
    }
    i = j + 1;
  }
  std::string out;
  for (const auto& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

TEST(ResolvePath, JoinsAndNormalises) {
  EXPECT_EQ(resolve_path("/home/alice/", "notes.txt"), "/home/alice/notes.txt");
  EXPECT_EQ(resolve_path("/home/alice", "../bob/./x"), "/home/bob/x");
  EXPECT_EQ(resolve_path("/", "../../etc//passwd"), "/etc/passwd");
  EXPECT_EQ(resolve_path("/tmp", "/etc/../var/log/"), "/var/log");
  EXPECT_EQ(resolve_path("/tmp", ""), "/tmp");
  EXPECT_EQ(resolve_path("", ""), "/");
  EXPECT_EQ(resolve_path("", "a/b/.."), "/a");
  EXPECT_EQ(resolve_path("/a/b", "../.."), "/");
}

TEST(ResolvePath, AppendsAfterWhatTheStringHoldsAndNeverCutsIt) {
  std::string out = "pre/fix";
  append_resolved_path(out, "/a", "../../..");
  EXPECT_EQ(out, "pre/fix/");
  out = "x";
  append_resolved_path(out, "/a/b", "c/../d");
  EXPECT_EQ(out, "x/a/b/d");
}

TEST(ResolvePath, MatchesThePlainReadingOnRandomPaths) {
  std::mt19937 rng(7);
  const char* pieces[] = {"a", "bb", ".", "..", "", "etc", "...", ".x"};
  auto random_path = [&](bool absolute) {
    std::string p = absolute ? "/" : "";
    for (size_t n = rng() % 7; n > 0; --n) {
      p += pieces[rng() % 8];
      if (rng() % 4) p += '/';
    }
    return p;
  };
  std::string out;
  for (int i = 0; i < 20000; ++i) {
    const std::string dir = random_path(rng() % 4 != 0), path = random_path(rng() % 3 == 0);
    out.assign("keep");
    append_resolved_path(out, dir, path);
    ASSERT_EQ(out, "keep" + reference(dir, path)) << "dir '" << dir << "' path '" << path << "'";
  }
}

}  // namespace
}  // namespace saker::replay
