// A fresh, empty scratch directory for the running test, unique per process and test name.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace edenai::testing {

/// Creates (after removing what a crashed run left) `<tmp>/<prefix>-<pid>-<test name>`.
inline std::filesystem::path scratch_dir(const std::string& prefix) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      (prefix + "-" + std::to_string(::getpid()) + "-" +
       ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace edenai::testing
