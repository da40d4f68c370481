// A scripted Transport for fake-transport tests: returns queued responses (or throws queued
// errors) and records every request it was given.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "edenai/transport.hpp"

namespace edenai::testing {

class FakeTransport : public Transport {
 public:
  using Step = std::function<HttpResponse(const HttpRequest&)>;

  /// Queues a response with `status` and `body` (and optional headers).
  void respond(int status, std::string body, std::vector<Header> headers = {}) {
    push([=](const HttpRequest&) { return HttpResponse{status, headers, body}; });
  }

  /// Queues an arbitrary step (it may throw, e.g. ConnectionError).
  void push(Step step) {
    std::lock_guard<std::mutex> lock(mutex_);
    steps_.push_back(std::move(step));
  }

  HttpResponse send(const HttpRequest& request) override {
    Step step;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(request);
      if (steps_.empty()) throw std::logic_error("FakeTransport: no response queued");
      step = std::move(steps_.front());
      steps_.pop_front();
    }
    return step(request);
  }

  std::vector<HttpRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  mutable std::mutex mutex_;
  std::deque<Step> steps_;
  std::vector<HttpRequest> requests_;
};

}  // namespace edenai::testing
