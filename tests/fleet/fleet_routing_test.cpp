// How saker ship finds a host's shard and reaches it: the Distributed table's slot rule and the
// URL helpers (credentials are never written into the shards table).
#include <gtest/gtest.h>

#include "saker/fleet/clickhouse.h"
#include "saker/fleet/fleet_schema.h"

namespace saker::fleet {
namespace {

ShardMap two_equal_shards() {
  ShardMap m;
  m.cluster = "saker";
  m.shards = {{1, 1, "http://ch1:8123"}, {2, 1, "http://ch2:8123"}};
  return m;
}

TEST(ShardRouting, EqualWeightsTakeTheKeyModuloTheShardCount) {
  ShardMap m = two_equal_shards();
  EXPECT_EQ(m.shard_for(0)->shard_num, 1u);
  EXPECT_EQ(m.shard_for(1)->shard_num, 2u);
  EXPECT_EQ(m.shard_for(0xFFFFFFFFFFFFFFFFULL)->shard_num, 2u);
  EXPECT_EQ(m.shard_for(0xFFFFFFFFFFFFFFFEULL)->shard_num, 1u);
}

TEST(ShardRouting, WeightsGiveConsecutiveSlotsInShardOrder) {
  ShardMap m;
  m.shards = {{1, 2, "http://a"}, {2, 1, "http://b"}, {3, 3, "http://c"}};
  const uint32_t want[] = {1, 1, 2, 3, 3, 3};
  for (uint64_t key = 0; key < 12; ++key) EXPECT_EQ(m.shard_for(key)->shard_num, want[key % 6]) << key;
}

TEST(ShardRouting, AShardWithoutAUrlOrNoShardsMeansTheDistributedTable) {
  ShardMap m = two_equal_shards();
  m.shards[1].url.clear();
  EXPECT_NE(m.shard_for(0), nullptr);
  EXPECT_EQ(m.shard_for(1), nullptr);
  EXPECT_EQ(ShardMap{}.shard_for(7), nullptr);
}

TEST(FleetUrls, CredentialsAreLeftOutOfStoredUrlsAndCarriedToOtherShards) {
  EXPECT_EQ(url_without_credentials("http://u:secret@ch1:8123/?user=u&password=p"), "http://ch1:8123/");
  EXPECT_EQ(url_without_credentials("https://ch1:8443"), "https://ch1:8443");
  EXPECT_EQ(with_credentials_of("http://ch2:8123/", "http://u:secret@ch1:8123/?user=u&password=p"),
            "http://u:secret@ch2:8123/?user=u&password=p");
  EXPECT_EQ(with_credentials_of("http://ch2:8123", "http://ch1:8123"), "http://ch2:8123");
}

TEST(FleetUrls, LoopbackServersAreRecognised) {
  EXPECT_TRUE(is_loopback_url("http://127.0.0.1:8123"));
  EXPECT_TRUE(is_loopback_url("http://localhost:8123/?user=x"));
  EXPECT_TRUE(is_loopback_url("http://u:p@127.0.0.2"));
  EXPECT_TRUE(is_loopback_url("http://[::1]:8123"));
  EXPECT_FALSE(is_loopback_url("http://ch1.example.net:8123"));
  EXPECT_FALSE(is_loopback_url("http://10.0.0.1:8123"));
  EXPECT_FALSE(is_loopback_url("http://localhost.example.net"));
}

}  // namespace
}  // namespace saker::fleet
