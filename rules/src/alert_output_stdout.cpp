// Standard output: the text line or Falco's JSON, one alert a line.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "alert_output_factories.h"

namespace saker::rules {

namespace {

class StdoutOutput : public AlertOutput {
 public:
  StdoutOutput(std::string name, bool json) : name_(std::move(name)), json_(json) {}
  const std::string& name() const override { return name_; }
  void write(const Alert& alert, const std::atomic<bool>&) override {
    const std::string& s = json_ ? alert.json : alert.text;
    if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size() || std::fputc('\n', stdout) == EOF ||
        std::fflush(stdout) != 0) {
      if (errno == EPIPE) broken_pipe_ = true;
      throw std::runtime_error(std::string("standard output: ") + std::strerror(errno));
    }
  }
  bool broken_pipe() const override { return broken_pipe_; }

 private:
  std::string name_;
  bool json_;
  std::atomic<bool> broken_pipe_{false};
};

}  // namespace

std::unique_ptr<AlertOutput> make_stdout_output(const std::string& name, bool json) {
  return std::make_unique<StdoutOutput>(name, json);
}

}  // namespace saker::rules
