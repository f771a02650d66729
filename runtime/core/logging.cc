#include "absl/strings/string_view.h"
#include "runtime/core/logging.h"

#include <cstdlib>
#include <mutex>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "spdlog/sinks/stdout_color_sinks.h"

namespace cudashim {
namespace {

std::shared_ptr<spdlog::logger>* MakeLogger() {
  // stderr, so a program's own stdout (what tests compare) stays clean.
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("cudashim", sink);
  logger->set_pattern("[cudashim %l] %v");
  const char* level = std::getenv("CUDASHIM_LOG");
  logger->set_level(level ? spdlog::level::from_str(level) : spdlog::level::off);
  logger->flush_on(spdlog::level::trace);
  return new std::shared_ptr<spdlog::logger>(std::move(logger));
}

}  // namespace

spdlog::logger& Log() {
  static std::shared_ptr<spdlog::logger>* logger = MakeLogger();
  return **logger;
}

void WarnOnce(absl::string_view key, absl::string_view message) {
  static std::mutex* mu = new std::mutex;
  static auto* seen = new absl::flat_hash_set<std::string>;
  {
    std::lock_guard lock(*mu);
    if (!seen->insert(std::string(key)).second) return;
  }
  Log().warn("{}", message);
}

}  // namespace cudashim
