// Outputs that must not be harmed: every subcommand that writes a file, aimed at device nodes,
// FIFOs, directories, symbolic links, existing files, the input itself (by name, hard link and
// symbolic link), /dev/full and read-only folders. Nothing but the intended file may change:
// the folder is hashed before and after (docs/exit-codes.md, SafeOutput).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "run_command.h"
#include "test_paths.h"

namespace saker {
namespace {

namespace fs = std::filesystem;

// Every entry of `dir`: its type, mode and content (or link target, or device number).
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    struct stat st;
    if (::lstat(e.path().c_str(), &st) != 0) continue;
    std::string v = std::to_string(st.st_mode) + ":" + std::to_string(st.st_ino) + ":";
    if (S_ISREG(st.st_mode)) {
      std::ifstream f(e.path(), std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(f)), {});
      v += std::to_string(std::hash<std::string>{}(text)) + ":" + std::to_string(text.size());
    } else if (S_ISLNK(st.st_mode)) {
      v += fs::read_symlink(e.path()).string();
    } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
      v += std::to_string(st.st_rdev);
    }
    out[e.path().lexically_relative(dir).string()] = v;
  }
  return out;
}

struct Writer {
  std::string name;
  // The command writing `out` (the input is in.scap in the same folder).
  std::function<std::string(const std::string& in, const std::string& out)> command;
};

const std::vector<Writer>& writers() {
  static const std::vector<Writer> w = {
      {"convert", [](auto& in, auto& out) { return "convert " + in + " " + out; }},
      {"convert --compress zstd",
       [](auto& in, auto& out) { return "convert --compress zstd " + in + " " + out; }},
      {"slice", [](auto& in, auto& out) { return "convert --filter 'evt.type = openat' " + in + " " + out; }},
      {"merge", [](auto& in, auto& out) { return "merge -o " + out + " " + in; }},
      {"index", [](auto& in, auto& out) { return "index --no-rules " + in + " -o " + out; }},
      {"replay -o", [](auto& in, auto& out) { return "replay -q " + in + " -o " + out; }},
      {"query --index",
       [](auto& in, auto& out) { return "query " + in + " --index " + out + " 'SELECT 1'"; }},
      {"record -w", [](auto&, auto& out) { return "record --duration 0.1 -w " + out + " -- true"; }},
  };
  return w;
}

class HostileOutput : public ::testing::Test {
 protected:
  void SetUp() override {
    in_ = (dir_ / "in.scap").string();
    fs::copy_file(test::samples_dir() / "shell-session.scap", in_);
    std::ofstream(dir_ / "victim.txt") << "precious evidence\n";
    std::ofstream(dir_ / "existing.out") << "an earlier result\n";
    fs::create_symlink(dir_ / "victim.txt", dir_ / "link-to-victim");
    fs::create_symlink(dir_ / "nowhere", dir_ / "dangling-link");
    fs::create_symlink(in_, dir_ / "link-to-input");
    fs::create_hard_link(in_, dir_ / "hardlink-to-input");
    fs::create_directory(dir_ / "a-directory");
    ASSERT_EQ(::mkfifo((dir_ / "a-fifo").c_str(), 0600), 0);
    has_device_ = ::mknod((dir_ / "a-device").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0;  // /dev/null
  }
  test::TempDir dir_;
  std::string in_;
  bool has_device_ = false;
};

test::CommandResult saker(const std::string& args) {
  return test::run_command("timeout 60 " + std::string(SAKER_BIN) + " " + args + " 2>&1 </dev/null");
}

TEST_F(HostileOutput, RefusedTargetsChangeNothing) {
  std::vector<std::string> targets = {"victim.txt",    "existing.out",  "link-to-victim",
                                      "dangling-link", "link-to-input", "hardlink-to-input",
                                      "in.scap",       "a-directory",   "a-fifo"};
  if (has_device_) targets.push_back("a-device");
  auto before = snapshot(dir_.path());
  for (const auto& w : writers()) {
    for (const auto& t : targets) {
      auto r = saker(w.command(in_, (dir_ / t).string()));
      EXPECT_EQ(r.status, 3) << w.name << " -> " << t << ": " << r.out;
      EXPECT_NE(r.out.find((dir_ / t).string()), std::string::npos) << w.name << " -> " << t << ": " << r.out;
      EXPECT_EQ(snapshot(dir_.path()), before) << w.name << " -> " << t << " changed the folder";
    }
    // --force replaces regular files only, never the input nor through a link.
    if (w.name == "query --index" || w.name == "record -w") continue;
    std::string force = w.name == "replay -o" || w.name == "record -w" ? " --force" : " -f";
    for (const std::string t :
         {"link-to-victim", "link-to-input", "hardlink-to-input", "in.scap", "a-fifo"}) {
      auto r = saker(w.command(in_, (dir_ / t).string()) + force);
      EXPECT_EQ(r.status, 3) << w.name << " --force -> " << t << ": " << r.out;
      EXPECT_EQ(snapshot(dir_.path()), before) << w.name << " --force -> " << t << " changed the folder";
    }
  }
  if (fs::exists("/dev/full")) {
    for (const auto& w : writers()) {
      auto r = saker(w.command(in_, "/dev/full"));
      EXPECT_EQ(r.status, 3) << w.name << ": " << r.out;
      EXPECT_TRUE(fs::is_character_file("/dev/full")) << w.name;
    }
  }
  EXPECT_EQ(snapshot(dir_.path()), before);
}

TEST_F(HostileOutput, OnlyTheIntendedFileChanges) {
  for (const auto& w : writers()) {
    if (w.name == "record -w") continue;  // needs the eBPF driver
    auto before = snapshot(dir_.path());
    auto out = (dir_ / "new.out").string();
    auto r = saker(w.command(in_, out));
    ASSERT_EQ(r.status, 0) << w.name << ": " << r.out;
    auto after = snapshot(dir_.path());
    ASSERT_TRUE(after.count("new.out")) << w.name;
    EXPECT_EQ(fs::status(out).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write)
        << w.name;
    after.erase("new.out");
    EXPECT_EQ(after, before) << w.name << " left other files";
    if (w.name == "query --index") {
      fs::remove(out);
      continue;
    }
    // A regular file is replaced on request, and only it.
    std::string force = w.name == "replay -o" ? " --force" : " -f";
    r = saker(w.command(in_, out) + force);
    EXPECT_EQ(r.status, 0) << w.name << ": " << r.out;
    after = snapshot(dir_.path());
    after.erase("new.out");
    EXPECT_EQ(after, before) << w.name;
    fs::remove(out);
  }
}

// A folder the user cannot write to: a clear error, nothing created (run as nobody, since root
// writes anywhere).
TEST_F(HostileOutput, ReadOnlyFolder) {
  if (::geteuid() != 0 || ::access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "needs root and setpriv";
  fs::permissions(dir_.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                   fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(in_, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  auto before = snapshot(dir_.path());
  for (const auto& w : writers()) {
    if (w.name == "record -w" || w.name == "query --index") continue;
    auto r =
        test::run_command("setpriv --reuid=65534 --regid=65534 --clear-groups " + std::string(SAKER_BIN) +
                          " " + w.command(in_, (dir_ / "new.out").string()) + " 2>&1");
    EXPECT_EQ(r.status, 3) << w.name << ": " << r.out;
    EXPECT_NE(r.out.find("Permission denied"), std::string::npos) << w.name << ": " << r.out;
    EXPECT_EQ(snapshot(dir_.path()), before) << w.name;
  }
}

}  // namespace
}  // namespace saker
