// The live_alerts row the recorder's fleet output inserts for an alert (Falco's JSON alert).
#include <gtest/gtest.h>

#include "saker/capture/fleet_alert_output.h"

namespace saker::capture {
namespace {

TEST(FleetAlertRow, FalcoJsonBecomesTheTableColumns) {
  std::string json =
      R"({"hostname":"vm","output":"08:00:00.000000001: Warning read\tof /etc/shadow","output_fields":)"
      R"({"evt.time":1732521600000000001,"fd.name":"/etc/shadow","saker.capture":"/var/lib/saker/i/x.scap"},)"
      R"("priority":"Warning","rule":"Sensitive file read","source":"syscall","tags":["filesystem","T1555"],)"
      R"("time":"2024-11-25T08:00:00.000000001Z"})";
  std::string row = live_alert_row("web\t7", json);
  std::string escaped_json;
  for (char c : json) escaped_json += c == '\\' ? std::string("\\\\") : std::string(1, c);  // TSV escaping
  EXPECT_EQ(
      row,
      "web\\t7\t\tx.scap\t0\t1732521600000000001\tSensitive file read\tWarning\tfilesystem,T1555\tsyscall\t"
      "08:00:00.000000001: Warning read\\tof /etc/shadow\t" +
          escaped_json);
}

TEST(FleetAlertRow, MissingPartsAreEmptyAndGarbageIsRefused) {
  EXPECT_EQ(live_alert_row("h", R"({"rule":"r"})"), "h\t\t\t0\t0\tr\t\t\t\t\t{\"rule\":\"r\"}");
  EXPECT_THROW(live_alert_row("h", "not json"), std::runtime_error);
  EXPECT_THROW(live_alert_row("h", "[1,2]"), std::runtime_error);
}

}  // namespace
}  // namespace saker::capture
