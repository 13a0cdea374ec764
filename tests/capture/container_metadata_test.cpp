// Docker Engine API answers -> libs' container JSON event -> a capture -> the state engine.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_http_server.h"
#include "saker/capture/container_events.h"
#include "saker/capture/container_metadata.h"
#include "saker/capture/container_watcher.h"
#include "saker/capture/rotating_writer.h"
#include "saker/replay/state.h"
#include "saker/scap/reader.h"
#include "test_paths.h"

namespace saker::capture {
namespace {

using nlohmann::json;

const std::string kId = "4f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0";

std::map<std::string, std::string> big_labels() {
  std::map<std::string, std::string> l = {{"io.kubernetes.pod.namespace", "payments"},
                                          {"io.kubernetes.pod.name", "api-7d9f"},
                                          {"io.kubernetes.sandbox.id", "5b4a39281706f5e4d3c2b1a0"},
                                          {"maintainer", "Saker tests"}};
  for (int i = 0; i < 800; ++i) l["saker.test.label." + std::to_string(i)] = std::string(100, 'a' + i % 26);
  return l;
}

json parse_event(const std::string& text) {
  json j = json::parse(text);
  return j.at("container");
}

TEST(ContainerJson, DockerInspectionMapsToLibsShape) {
  std::string err;
  auto out = container_event_json(
      test::docker_inspect(kId, "web", "registry.local:5000/team/nginx:1.25", {{"a", "b"}}, true), "",
      "docker", err);
  ASSERT_TRUE(out) << err;
  json c = parse_event(*out);
  EXPECT_EQ(c["id"], kId.substr(0, 12));
  EXPECT_EQ(c["full_id"], kId);
  EXPECT_EQ(c["type"], 0);
  EXPECT_EQ(c["name"], "web");
  EXPECT_EQ(c["image"], "registry.local:5000/team/nginx:1.25");
  EXPECT_EQ(c["imagerepo"], "registry.local:5000/team/nginx");
  EXPECT_EQ(c["imagetag"], "1.25");
  EXPECT_EQ(c["imageid"], std::string(64, 'e'));
  EXPECT_EQ(c["imagedigest"], "");
  EXPECT_EQ(c["privileged"], true);
  EXPECT_EQ(c["is_pod_sandbox"], false);
  EXPECT_EQ(c["ip"], "172.17.0.5");  // from the bridge network: the top-level address is empty
  EXPECT_EQ(c["labels"], json({{"a", "b"}}));
  EXPECT_EQ(c["created_time"], 1714558830);
  ASSERT_EQ(c["Mounts"].size(), 1u);
  EXPECT_EQ(c["Mounts"][0], json({{"Source", "/srv/data"},
                                  {"Destination", "/data"},
                                  {"Mode", "rw"},
                                  {"RW", true},
                                  {"Propagation", "rprivate"}}));
  // TCP only, host address in host byte order (0.0.0.0 -> 0), as libs keep them.
  EXPECT_EQ(c["port_mappings"], json::parse(R"([{"HostIp":0,"HostPort":8080,"ContainerPort":80}])"));
  EXPECT_FALSE(c.contains("env")) << "the environment is in the process table already";
}

TEST(ContainerJson, ImageInspectionFillsDigestAndNames) {
  std::string err;
  std::string img =
      R"({"Id":"sha256:)" + std::string(64, 'e') +
      R"(","RepoTags":["other:1","nginx:1.25"],"RepoDigests":["other@sha256:111","nginx@sha256:abc"]})";
  auto out = container_event_json(test::docker_inspect(kId, "k8s_POD_api", "nginx:1.25", {}, false), img,
                                  "docker", err);
  ASSERT_TRUE(out) << err;
  json c = parse_event(*out);
  EXPECT_EQ(c["imagedigest"], "sha256:abc");
  EXPECT_EQ(c["is_pod_sandbox"], true);
  EXPECT_EQ(c["privileged"], false);
  // Run by image id: the names come from the image.
  out = container_event_json(test::docker_inspect(kId, "x", "sha256:eeee", {}, false), img, "podman", err);
  ASSERT_TRUE(out) << err;
  c = parse_event(*out);
  EXPECT_EQ(c["type"], 11);
  EXPECT_EQ(c["imagerepo"], "other");
  EXPECT_EQ(c["imagetag"], "1");
}

TEST(ContainerJson, RejectsWhatIsNotAContainer) {
  std::string err;
  EXPECT_FALSE(container_event_json("{not json", "", "docker", err));
  EXPECT_NE(err.find("not a JSON object"), std::string::npos);
  EXPECT_FALSE(container_event_json(R"({"Id":"abc"})", "", "docker", err));
  EXPECT_NE(err.find("64-hex"), std::string::npos);
  EXPECT_FALSE(container_event_json("[1,2]", "", "docker", err));
  // Wrong types inside are ignored, not fatal.
  auto out = container_event_json(R"({"Id":")" + kId + R"(","Name":7,"Config":[],"Mounts":{"a":1},)" +
                                      R"("NetworkSettings":{"Ports":{"80/tcp":"x"}},"Created":"yesterday"})",
                                  "", "docker", err);
  ASSERT_TRUE(out) << err;
  EXPECT_EQ(parse_event(*out)["name"], "");
}

TEST(ContainerJson, ImageReferencesAndTimes) {
  auto r = split_image("localhost:5000/a/b:tag@sha256:123");
  EXPECT_EQ(r.repo, "localhost:5000/a/b");
  EXPECT_EQ(r.tag, "tag");
  EXPECT_EQ(r.digest, "sha256:123");
  r = split_image("localhost:5000/a/b");
  EXPECT_EQ(r.repo, "localhost:5000/a/b");
  EXPECT_EQ(r.tag, "");
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:10Z"), 10);
  EXPECT_EQ(parse_rfc3339("2024-05-01T12:20:30.5+02:00"), 1714558830);
  EXPECT_EQ(parse_rfc3339("0001-01-01T00:00:00Z").has_value(), true);
  EXPECT_FALSE(parse_rfc3339("2024-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2024-05-01 00:00:00"));
  EXPECT_FALSE(parse_rfc3339(""));
}

TEST(ContainerLookup, AsksForTheImageOnlyWhenTheDigestIsMissing) {
  std::vector<std::string> asked;
  std::string img = R"({"RepoDigests":["nginx@sha256:abc"]})";
  auto get = [&](std::string_view target) {
    asked.emplace_back(target);
    HttpResponse r;
    r.ok = true;
    r.status = 200;
    if (target.starts_with("/containers/" + kId))
      r.body = test::docker_inspect(kId, "web", "nginx:1.25", {}, false);
    else if (target.starts_with("/images/"))
      r.body = img;
    else
      r.status = 404;
    return r;
  };
  auto res = lookup_container(get, kId, "docker");
  ASSERT_TRUE(res.found) << res.error;
  EXPECT_EQ(parse_event(res.json)["imagedigest"], "sha256:abc");
  EXPECT_EQ(asked, (std::vector<std::string>{"/containers/" + kId + "/json",
                                             "/images/" + std::string(64, 'e') + "/json"}));
  asked.clear();
  res = lookup_container(get, std::string(64, '1'), "docker");
  EXPECT_FALSE(res.found);
  EXPECT_TRUE(res.error.empty()) << "404 is 'unknown here', not a failure";
  auto broken = [](std::string_view) {
    HttpResponse r;
    r.error = "timed out";
    return r;
  };
  res = lookup_container(broken, kId, "docker");
  EXPECT_FALSE(res.found);
  EXPECT_EQ(res.error, "timed out");
}

// Over 64 KiB of labels: a LARGE block that the reader and the state engine take back whole.
TEST(ContainerJson, LargeMetadataRoundTripsThroughACapture) {
  test::TempDir dir;
  std::string err;
  auto labels = big_labels();
  auto text =
      container_event_json(test::docker_inspect(kId, "api", "nginx:1.25", labels, true), "", "docker", err);
  ASSERT_TRUE(text) << err;
  ASSERT_GT(text->size(), 65536u);
  std::string path = (dir / "c.scap").string();
  {
    scap::Writer w(path);
    w.begin_section({});
    scap::EventBuilder b;
    w.write_event(container_event(b, *text, 1714558830000000000ull));
    EXPECT_EQ(w.stats().large_blocks, 1u);
  }
  scap::Reader r(path);
  replay::State state;
  state.load(r.metadata());
  scap::EventView ev;
  ASSERT_TRUE(r.next(ev));
  EXPECT_EQ(ev.event_type(), scap::EventType::ContainerJson_2E);
  EXPECT_EQ(ev.block_type, 0x221u);  // EV_V2_LARGE
  EXPECT_EQ(ev.tid, ~uint64_t{0});
  state.apply(ev);
  EXPECT_EQ(state.event_container_id(), kId.substr(0, 12));
  const replay::Container* c = state.container(kId.substr(0, 12));
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->full_id, kId);
  EXPECT_EQ(c->type, "docker");
  EXPECT_EQ(c->name, "api");
  EXPECT_EQ(c->image, "nginx:1.25");
  EXPECT_EQ(c->image_repo, "nginx");
  EXPECT_EQ(c->image_tag, "1.25");
  EXPECT_EQ(c->image_id, std::string(64, 'e'));
  EXPECT_TRUE(c->privileged);
  EXPECT_FALSE(c->pod_sandbox);
  EXPECT_EQ(c->pod_sandbox_id, "5b4a39281706f5e4d3c2b1a0") << "dockershim's sandbox label";
  EXPECT_EQ(c->ip, "172.17.0.5");
  EXPECT_EQ(c->created_ts, 1714558830000000000ull);
  ASSERT_EQ(c->mounts.size(), 1u);
  EXPECT_EQ(c->mounts[0].source, "/srv/data");
  EXPECT_EQ(c->mounts[0].destination, "/data");
  EXPECT_TRUE(c->mounts[0].rw);
  EXPECT_EQ(c->mounts[0].propagation, "rprivate");
  ASSERT_EQ(c->port_mappings.size(), 1u);
  EXPECT_EQ(c->port_mappings[0].host_port, 8080);
  EXPECT_EQ(c->port_mappings[0].container_port, 80);
  EXPECT_EQ(c->labels.size(), labels.size());
  EXPECT_EQ(c->labels.at("io.kubernetes.pod.namespace"), "payments");
  EXPECT_EQ(c->labels.at("saker.test.label.799"), std::string(100, 'a' + 799 % 26));

  // A checkpoint keeps all of it.
  std::string saved;
  state.save(saved);
  replay::State restored;
  restored.restore(saved);
  const replay::Container* rc = restored.container(kId.substr(0, 12));
  ASSERT_NE(rc, nullptr);
  EXPECT_EQ(rc->labels, c->labels);
  EXPECT_TRUE(rc->pod_sandbox == c->pod_sandbox && rc->privileged);
  ASSERT_EQ(rc->port_mappings.size(), 1u);
  EXPECT_EQ(rc->port_mappings[0].host_port, 8080);
}

// Files a recording starts later (rotation, triggered captures) open with the containers.
TEST(ContainerEvents, KeepsTheNewestPerContainerAndWritesThemAll) {
  test::TempDir dir;
  ContainerEvents kept;
  scap::EventBuilder b;
  std::string err;
  auto one = container_event_json(test::docker_inspect(kId, "old", "a", {}, false), "", "docker", err);
  auto two = container_event_json(test::docker_inspect(kId, "new", "a", {}, false), "", "docker", err);
  auto other = container_event_json(test::docker_inspect(std::string(64, 'b'), "b", "a", {}, false), "",
                                    "docker", err);
  EXPECT_TRUE(kept.remember(container_event(b, *one, 1)));
  EXPECT_TRUE(kept.remember(container_event(b, *two, 2)));
  EXPECT_TRUE(kept.remember(container_event(b, *other, 3)));
  EXPECT_FALSE(kept.remember(b.begin(scap::EventType::SyscallExecve_19X, 4, 1).view()));
  EXPECT_EQ(kept.size(), 2u);
  std::string path = (dir / "k.scap").string();
  {
    scap::Writer w(path);
    w.begin_section({});
    kept.write_all(w, 77);
  }
  scap::Reader r(path);
  replay::State state;
  scap::EventView ev;
  int n = 0;
  while (r.next(ev)) {
    EXPECT_EQ(ev.ts, 77u);
    EXPECT_TRUE(ev.initial_state);
    state.apply(ev);
    ++n;
  }
  EXPECT_EQ(n, 2);
  ASSERT_NE(state.container(kId.substr(0, 12)), nullptr);
  EXPECT_EQ(state.container(kId.substr(0, 12))->name, "new");
}

TEST(ContainerEvents, EveryRotatedFileStartsWithTheContainers) {
  test::TempDir dir;
  std::string err;
  auto text = container_event_json(test::docker_inspect(kId, "api", "nginx:1.25", big_labels(), false), "",
                                   "docker", err);
  ASSERT_TRUE(text) << err;
  RotationOptions rot;
  rot.max_bytes = 200000;
  scap::EventBuilder b;
  {
    RotatingWriter w((dir / "r.scap").string(), {}, rot, {}, nullptr);
    w.write_event(container_event(b, *text, 1000));
    for (uint64_t i = 0; i < 4000; ++i)
      w.write_event(b.begin(scap::EventType::NotificationE, 2000 + i, 7)
                        .str("n")
                        .str(std::string(100, 'x'))
                        .view());  // notification
    w.close();
    ASSERT_GE(w.files_opened(), 3u);
  }
  for (int f = 0; std::filesystem::exists(dir / ("r" + std::to_string(f) + ".scap")); ++f) {
    scap::Reader r((dir / ("r" + std::to_string(f) + ".scap")).string());
    replay::State state;
    state.load(r.metadata());
    scap::EventView ev;
    ASSERT_TRUE(r.next(ev));
    EXPECT_EQ(ev.event_type(), scap::EventType::ContainerJson_2E) << "file " << f;
    EXPECT_TRUE(ev.initial_state);
    state.apply(ev);
    ASSERT_NE(state.container(kId.substr(0, 12)), nullptr) << "file " << f;
    EXPECT_EQ(state.container(kId.substr(0, 12))->labels.size(), big_labels().size());
    ASSERT_TRUE(r.next(ev));
    EXPECT_EQ(ev.event_type(), scap::EventType::NotificationE);
  }
}

// The worker asks each socket in turn; unknown ids and dead sockets are counted, not fatal.
TEST(ContainerWatcher, FindsContainersOnTheSocketThatKnowsThem) {
  test::TempDir dir;
  test::FakeHttpServer empty((dir / "a.sock").string()), docker((dir / "b.sock").string());
  docker.serve("/containers/" + kId + "/json",
               test::http_chunked_response(test::docker_inspect(kId, "web", "nginx@sha256:d1", {}, false)));
  std::string malformed_id(64, 'c');
  docker.serve("/containers/" + malformed_id + "/json", test::http_response("{\"Id\": tru"));
  ContainerWatcher w({(dir / "absent.sock").string(), empty.path(), docker.path()});
  ASSERT_EQ(w.sockets(), (std::vector<std::string>{empty.path(), docker.path()}));
  w.request(kId, "docker");
  w.request(kId, "docker");  // asked once
  w.request(malformed_id, "docker");
  w.request(std::string(64, 'd'), "podman");
  w.request("", "");
  ASSERT_TRUE(w.wait_idle(std::chrono::steady_clock::now() + std::chrono::seconds(20)));
  std::vector<ContainerFound> found;
  w.take(found);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, kId.substr(0, 12));
  json c = parse_event(found[0].json);
  EXPECT_EQ(c["name"], "web");
  EXPECT_EQ(c["imagedigest"], "sha256:d1");
  EXPECT_EQ(docker.requests("/containers/" + kId + "/json"), 1);
  auto st = w.stats();
  EXPECT_EQ(st.found, 1u);
  EXPECT_EQ(st.unknown, 1u);
  EXPECT_EQ(st.failed, 1u);
  EXPECT_NE(st.last_error.find("cccccccccccc"), std::string::npos) << st.last_error;
}

TEST(ContainerWatcher, WithoutSocketsItIsInactive) {
  test::TempDir dir;
  ContainerWatcher w({(dir / "absent.sock").string(), dir.path().string()});
  EXPECT_FALSE(w.active());
  w.request(kId, "docker");
  EXPECT_TRUE(w.wait_idle(std::chrono::steady_clock::now()));
}

// Destroying the watcher does not wait for a daemon that does not answer.
TEST(ContainerWatcher, StopsPromptlyDuringAStalledLookup) {
  test::TempDir dir;
  test::FakeHttpServer stuck((dir / "s.sock").string());
  stuck.stall("/containers/" + kId + "/json");
  auto t0 = std::chrono::steady_clock::now();
  {
    HttpLimits limits;
    limits.timeout = std::chrono::seconds(60);
    ContainerWatcher w({stuck.path()}, limits);
    w.request(kId, "docker");
    EXPECT_FALSE(w.wait_idle(std::chrono::steady_clock::now() + std::chrono::milliseconds(200)));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
}

}  // namespace
}  // namespace saker::capture
