// Runs a program as a child process for end-to-end tests of the command-line tools, capturing
// its stdout, stderr and exit code, in the foreground or in the background (to signal it).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace edenai::testing {

struct ProcessResult {
  int exit_code = -1;  ///< -1 when the process was killed by a signal
  std::string out;
  std::string err;
};

/// A program running as a child process: its output is collected on a thread of its own, so
/// that the test may signal it meanwhile.
class BackgroundProcess {
 public:
  /// Starts `program` with `args` and the test's environment, changed by `env` (an empty value
  /// removes the variable); standard input is /dev/null.
  BackgroundProcess(const std::string& program, const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> environment;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      const std::string text = *entry;
      if (env.count(text.substr(0, text.find('='))) == 0) environment.push_back(text);
    }
    for (const auto& [name, value] : env) {
      if (!value.empty()) environment.push_back(name + "=" + value);
    }
    std::vector<char*> argv{const_cast<char*>(program.c_str())};
    for (const auto& arg : args)
      argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& entry : environment)
      envp.push_back(entry.data());
    envp.push_back(nullptr);

    int out_pipe[2];
    int err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
      throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    const int spawned =
        posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (spawned != 0) {
      close(out_pipe[0]);
      close(err_pipe[0]);
      throw std::runtime_error("cannot run " + program);
    }
    reader_ = std::thread([this, out = out_pipe[0], err = err_pipe[0]] { drain(out, err); });
  }

  ~BackgroundProcess() {
    if (reader_.joinable()) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  void signal(int number) const { ::kill(pid_, number); }

  /// What the process wrote on stderr so far.
  std::string err_so_far() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return result_.err;
  }

  /// Whether the process exits within `limit` (polled every 5 ms).
  bool wait_for_exit(std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!reaped_ && std::chrono::steady_clock::now() < until) {
      reaped_ = waitpid(pid_, &status_, WNOHANG) == pid_;
      if (!reaped_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return reaped_;
  }

  /// Waits for the process to exit and both streams to close.
  ProcessResult wait() {
    reader_.join();
    if (!reaped_) waitpid(pid_, &status_, 0);
    reaped_ = true;
    std::lock_guard<std::mutex> lock(mutex_);
    result_.exit_code = WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
    return result_;
  }

 private:
  void drain(int out, int err) {
    pollfd fds[2] = {{out, POLLIN, 0}, {err, POLLIN, 0}};
    int open_fds = 2;
    while (open_fds > 0) {
      if (poll(fds, 2, -1) < 0) continue;
      for (int i = 0; i < 2; ++i) {
        if (fds[i].fd < 0 || fds[i].revents == 0) continue;
        char buffer[65536];
        const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
        if (n > 0) {
          std::lock_guard<std::mutex> lock(mutex_);
          (i == 0 ? result_.out : result_.err).append(buffer, static_cast<std::size_t>(n));
        } else {
          close(fds[i].fd);
          fds[i].fd = -1;
          --open_fds;
        }
      }
    }
  }

  pid_t pid_ = 0;
  bool reaped_ = false;
  int status_ = 0;
  std::thread reader_;
  mutable std::mutex mutex_;
  ProcessResult result_;
};

/// Runs `program` with `args` and the test's environment, changed by `env` (an empty value
/// removes the variable). Blocks until the process exits.
inline ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                                 const std::map<std::string, std::string>& env = {}) {
  return BackgroundProcess(program, args, env).wait();
}

}  // namespace edenai::testing
