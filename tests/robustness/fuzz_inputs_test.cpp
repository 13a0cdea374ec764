// Every input kept beside the fuzzers, run through the same harnesses in the regular build:
// the minimised seed corpora (fuzz/corpus/<target>) and each crash the fuzzers found
// (fuzz/regressions/<target>), so a fixed bug stays fixed even where nobody fuzzes.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "captured_output.h"
#include "file_bytes.h"
#include "harness.h"
#include "saker/query/capture_index.h"
#include "saker/query/field.h"
#include "saker/scap/param_format.h"
#include "saker/scap/writer.h"
#include "test_paths.h"

namespace saker::fuzz {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs(const std::string& kind, std::string_view target) {
  std::vector<fs::path> out;
  fs::path dir = fs::path(SAKER_FUZZ_DIR) / kind / std::string(target);
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename() != "README.md") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

void run_all(const Target& t, const std::vector<fs::path>& files) {
  for (const auto& f : files) {
    SCOPED_TRACE(f.string());
    std::string bytes = test::read_file(f);
    EXPECT_NO_THROW(t.run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  }
}

}  // namespace

// Readable test names in failures: the target's name, not its bytes.
void PrintTo(const Target& t, std::ostream* os) {
  *os << t.name;
}

namespace {

class FuzzInputs : public ::testing::TestWithParam<Target> {};

TEST_P(FuzzInputs, SeedCorpusRunsClean) {
  auto files = inputs("corpus", GetParam().name);
  EXPECT_FALSE(files.empty()) << "fuzz/corpus/" << GetParam().name << " has no seeds";
  run_all(GetParam(), files);
}

TEST_P(FuzzInputs, CrashRegressionsRunClean) {
  run_all(GetParam(), inputs("regressions", GetParam().name));
}

TEST(FuzzInputs, EmptyAndTinyInputs) {
  for (const Target& t : kTargets) {
    SCOPED_TRACE(std::string(t.name));
    for (size_t n = 0; n <= 8; ++n) {
      std::vector<uint8_t> zeros(n, 0), ones(n, 0xff);
      EXPECT_NO_THROW(t.run(zeros.data(), zeros.size()));
      EXPECT_NO_THROW(t.run(ones.data(), ones.size()));
    }
  }
}

TEST(FuzzInputs, BitFlipsInTheSampleThroughStateAndFields) {
  // Damaged captures reach the state engine and every field extractor, not only the reader.
  std::string all = test::read_file(fs::path(SAKER_FUZZ_DIR) / "../samples/shell-session.scap");
  ASSERT_FALSE(all.empty());
  std::mt19937_64 rng(7);
  for (int round = 0; round < 80; ++round) {
    std::string bad = all;
    for (int k = 0; k < 4; ++k) bad[rng() % bad.size()] ^= static_cast<char>(1u << (rng() % 8));
    EXPECT_NO_THROW(state_events(reinterpret_cast<const uint8_t*>(bad.data()), bad.size()));
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzInputs, ::testing::ValuesIn(kTargets),
                         [](const auto& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace saker::fuzz

namespace saker::fuzz {
namespace {

TEST(ExtremeValues, MostNegativeResultRendersWithoutOverflow) {
  // res = INT64_MIN: negating it for the errno name was undefined behaviour.
  scap::EventBuilder b;
  const auto& ev = b.begin(scap::EventType::SyscallCloseX, 1, 42)
                       .num<int64_t>(INT64_MIN)
                       .num<int64_t>(3)
                       .view();  // close exit
  std::string out;
  scap::render_args(out, ev);
  EXPECT_NE(out.find("res=-9223372036854775808"), std::string::npos) << out;
  query::FieldRef ref;
  std::string error, scratch;
  ASSERT_TRUE(query::resolve_field("evt.res", ref, error)) << error;
  query::FieldValue v;
  query::EvalContext ctx{&ev, nullptr, nullptr, 0};
  ASSERT_TRUE(ref.def->extract(ctx, ref, v, scratch));
  EXPECT_EQ(v.s, "UNKNOWN");
}

}  // namespace
}  // namespace saker::fuzz

namespace saker::fuzz {
namespace {

TEST(HostileSql, JsonOutputSurvivesEmptyBlobsAndInvalidUtf8) {
  // Found by fuzz_query: an empty blob gave a null text pointer, and bytes that are not UTF-8
  // (which captures can hold in any string) made the JSON writer throw out of run_query.
  test::TempDir dir;
  const auto capture = (test::samples_dir() / "shell-session.scap").string();
  const auto index = (dir / "sample.saker-index").string();
  auto r = test::capture_output([&](std::FILE* out, std::FILE* err) {
    return query::run_query(capture, index, "SELECT x'' AS e, CAST(x'41ff42' AS TEXT) AS t",
                            query::QueryFormat::Json, out, err);
  });
  EXPECT_EQ(r.status, 0);
  auto lines = test::split_lines(r.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0],
            "{\"e\":\"\",\"t\":\"A\xEF\xBF\xBD"
            "B\"}");
}

}  // namespace
}  // namespace saker::fuzz
