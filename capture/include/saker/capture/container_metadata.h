// Container metadata from a runtime's Docker Engine API (Docker or podman), as the container
// JSON event Falco's libs write into captures (CONTAINER_JSON_2, docs/record.md).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "saker/capture/unix_http.h"

namespace saker::capture {

// An image reference "[host[:port]/]path[:tag][@digest]" split as libs do: the repository
// keeps the registry host.
struct ImageRef {
  std::string repo, tag, digest;
};
ImageRef split_image(std::string_view image);

// "2024-05-01T10:20:30.123456789Z" or "...+02:00" -> seconds since the epoch; nullopt if
// it is not such a time.
std::optional<int64_t> parse_rfc3339(std::string_view s);

// The {"container": {...}} JSON for a container inspection (GET /containers/ID/json) and, when
// it was fetched, its image's inspection (GET /images/ID/json; "" if not). `runtime`: "podman"
// or "docker". nullopt (and `error`) when the body is not a container inspection.
std::optional<std::string> container_event_json(std::string_view container_body, std::string_view image_body,
                                                std::string_view runtime, std::string& error);

// Asks the API behind `get` about container `id` (and its image where the container's own
// answer lacks the digest, repository or tag). `found` is false for an unknown container (404).
using HttpGet = std::function<HttpResponse(std::string_view target)>;
struct LookupResult {
  bool found = false;
  std::string json;   // the event's JSON when found
  std::string error;  // a failure other than "not found"
};
LookupResult lookup_container(const HttpGet& get, std::string_view id, std::string_view runtime);

}  // namespace saker::capture
