// The two events the filter tests evaluate: an openat exit of /etc/shadow by tid 42 (fd 3,
// cpu 1, evt.num 10) and a failed read exit (ENOENT, data "secret", tid 43, evt.num 11).
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "saker/query/filter.h"
#include "saker/scap/event_table.h"
#include "saker/scap/writer.h"

namespace saker::query::test {

class FilterFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    openat_ = b1_.begin(scap::EventType::SyscallOpenat_2X, 1700000000123456789ull, 42, 1)
                  .num<int64_t>(3)
                  .num<int64_t>(-100)
                  .str("/etc/shadow")
                  .num<uint32_t>(1 | (1 << 12))
                  .num<uint32_t>(0)
                  .num<uint32_t>(0x803)
                  .num<uint64_t>(77)
                  .view();
    openat_.num = 10;
    read_ = b2_.begin(scap::EventType::SyscallReadX, 1700000000223456789ull, 43, 0)
                .num<int64_t>(-2)
                .bytes("secret", 6)
                .num<int64_t>(5)
                .num<uint32_t>(64)
                .view();
    read_.num = 11;
  }
  bool match(std::string_view filter, const scap::EventView& ev) {
    auto f = Filter::compile(filter);
    EvalContext ctx;
    ctx.ev = &ev;
    return f.matches(ctx);
  }
  scap::EventBuilder b1_, b2_;
  scap::EventView openat_, read_;
};

}  // namespace saker::query::test
