// The outputs behind make_alert_output, one class per file (rules/src/alert_output_*.cpp).
#pragma once

#include <memory>
#include <string>

#include "saker/rules/alert_output.h"

namespace saker::rules {

std::unique_ptr<AlertOutput> make_stdout_output(const std::string& name, bool json);
// Throws scap::CommandError (Output) when the file cannot be opened for appending.
std::unique_ptr<AlertOutput> make_file_output(const std::string& name, const std::string& path);
std::unique_ptr<AlertOutput> make_program_output(const std::string& name, const std::string& command);
// `path`: the syslog socket ("" for /dev/log).
std::unique_ptr<AlertOutput> make_syslog_output(const std::string& name, const std::string& path);
// Throws scap::CommandError (Usage) for a URL curl does not accept or that is not http(s).
std::unique_ptr<AlertOutput> make_http_output(const std::string& name, const std::string& url);

}  // namespace saker::rules
