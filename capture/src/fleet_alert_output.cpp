#include "saker/capture/fleet_alert_output.h"

#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "saker/fleet/clickhouse.h"

namespace saker::capture {

namespace {

std::string json_string(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class FleetAlertOutput : public rules::AlertOutput {
 public:
  FleetAlertOutput(const std::string& url, const std::string& database, std::string host)
      : ch_(url),
        host_(std::move(host)),
        name_(fmt::format("fleet {}", fleet::url_without_credentials(url))),
        insert_(fmt::format("INSERT INTO {}.live_alerts_dist FORMAT TabSeparated", database)) {
    ch_.set_compress_inserts(false);  // one short row
  }

  const std::string& name() const override { return name_; }

  void write(const rules::Alert& alert, const std::atomic<bool>& /*abandon*/) override {
    row_ = live_alert_row(host_, alert.json);
    row_ += '\n';
    // Stored on its shard before the next alert: a failure is counted for this alert.
    ch_.insert(insert_, row_, {{"insert_distributed_sync", "1"}});
  }

 private:
  fleet::ClickHouse ch_;
  std::string host_, name_, insert_, row_;
};

}  // namespace

std::string live_alert_row(const std::string& host, const std::string& json) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object()) throw std::runtime_error("an alert without Falco's JSON");
  uint64_t ts = 0;
  std::string capture;
  if (auto f = j.find("output_fields"); f != j.end() && f->is_object()) {
    if (auto t = f->find("evt.time"); t != f->end() && t->is_number_unsigned()) ts = t->get<uint64_t>();
    if (auto c = f->find("saker.capture"); c != f->end() && c->is_string())
      capture = std::filesystem::path(c->get<std::string>()).filename().string();
  }
  std::string tags;
  if (auto t = j.find("tags"); t != j.end() && t->is_array())
    for (const auto& tag : *t)
      if (tag.is_string()) tags += (tags.empty() ? "" : ",") + tag.get<std::string>();
  std::string row;
  fleet::append_tsv(row, host);
  row += "\t\t";
  fleet::append_tsv(row, capture);
  row += fmt::format("\t0\t{}\t", ts);
  for (const char* key : {"rule", "priority"}) {
    fleet::append_tsv(row, json_string(j, key));
    row += '\t';
  }
  fleet::append_tsv(row, tags);
  row += '\t';
  fleet::append_tsv(row, json_string(j, "source"));
  row += '\t';
  fleet::append_tsv(row, json_string(j, "output"));
  row += '\t';
  fleet::append_tsv(row, json);
  return row;
}

std::unique_ptr<rules::AlertOutput> make_fleet_alert_output(const std::string& url,
                                                            const std::string& database,
                                                            const std::string& host) {
  return std::make_unique<FleetAlertOutput>(url, database, host);
}

}  // namespace saker::capture
