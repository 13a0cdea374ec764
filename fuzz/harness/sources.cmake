# The harness sources, shared by fuzz/CMakeLists.txt and tests/robustness (absolute paths).
set(SAKER_FUZZ_HARNESS_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/capture_targets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/filter_target.cpp
  ${CMAKE_CURRENT_LIST_DIR}/query_target.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rules_target.cpp
  ${CMAKE_CURRENT_LIST_DIR}/state_target.cpp
  ${CMAKE_CURRENT_LIST_DIR}/support.cpp
)
