// The I/O thread: one loop that owns a libcurl multi handle, every asynchronous request's state,
// and the timers of retry waits and rate-limit waits. Other threads only queue work (a new
// request, a cancellation, the end) under a mutex and wake the loop with curl_multi_wakeup.
#include "http/async_engine.hpp"

#include <pthread.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <queue>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/cancellation_scope.hpp"
#include "edenai/errors.hpp"
#include "http/async_job.hpp"
#include "http/curl_common.hpp"

namespace edenai::internal {

using async::client_gone;
using async::Clock;
using async::Job;
using async::Multi;
using async::Timer;
using std::chrono::milliseconds;

constexpr long kMaxIdleConnections = 256;

class AsyncEngine::Loop {
 public:
  explicit Loop(std::shared_ptr<Transport> custom) : custom_(std::move(custom)) {
    curl::ensure_global();
    multi_.reset(curl_multi_init());
    if (!multi_) throw ConnectionError("libcurl could not create a multi handle");
    curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    // libcurl keeps at most 4 x the transfers running, so as a batch of 256 drains it closes
    // connections the next batch reopens (51 of 256 per round measured, bench/scale.sh): keep
    // as many as a wide batch uses. Servers still close what they find idle.
    curl_multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS, kMaxIdleConnections);
    thread_ = std::thread([this] {
#if defined(__GLIBC__)
      pthread_setname_np(pthread_self(), "edenai-io");  // as debuggers and top show it
#endif
      run();
    });
  }

  ~Loop() {
    finish();
  }

  bool on_io_thread() const noexcept {
    return std::this_thread::get_id() == thread_.get_id();
  }

  void shutdown() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    curl_multi_wakeup(multi_.get());
  }

  void submit(std::unique_ptr<Job> job) {
    std::unique_ptr<Job> too_late;  // the loop has ended or is ending
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!stopping_) {
        job->id = ++last_id_;
        incoming_.push_back(std::move(job));
      } else if (on_io_thread()) {
        // From a callback while the client ends: finished by the final drain, after this
        // returns, so that a chain of calls neither recurses nor runs inside its initiating call.
        late_jobs_.push_back(std::move(job));
        return;
      } else {
        too_late = std::move(job);
      }
    }
    if (!too_late) {
      curl_multi_wakeup(multi_.get());
      return;
    }
    end_unstarted(*too_late);
  }

  void post(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!stopping_ || on_io_thread()) {  // while ending: run by the final drain
        posted_.push_back(std::move(task));
        task = nullptr;
      }
    }
    if (task) {
      run_task(task);
    } else {
      curl_multi_wakeup(multi_.get());
    }
  }

  /// Shuts down and joins the I/O thread (idempotent): outstanding calls end first.
  void finish() {
    shutdown();
    if (thread_.joinable()) thread_.join();
  }

 private:
  // Run on cancel(), with the token's lock held: queue and wake, nothing more.
  void request_cancel(std::uint64_t id) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      cancels_.push_back(id);
    }
    curl_multi_wakeup(multi_.get());
  }
  void request_stop(std::uint64_t id) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stops_.push_back(id);
    }
    curl_multi_wakeup(multi_.get());
  }

  void run() {
    for (;;) {
      std::vector<std::unique_ptr<Job>> incoming;
      std::vector<std::uint64_t> cancels;
      std::vector<std::uint64_t> stops;
      std::vector<std::function<void()>> posted;
      bool stopping = false;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        incoming.swap(incoming_);
        posted.swap(posted_);
        cancels.swap(cancels_);
        stops.swap(stops_);
        stopping = stopping_;
      }
      for (auto& task : posted)
        run_task(task);
      if (stopping) {  // nothing more is sent: queued calls end like those in flight
        for (auto& job : incoming)
          jobs_.emplace(job->id, std::move(job));
        while (!jobs_.empty())
          cancel(jobs_.begin()->first, client_gone());
        drain_late();
        return;
      }
      for (const std::uint64_t id : cancels)
        cancel(id, call_cancelled());
      for (auto& job : incoming)
        adopt(std::move(job));
      for (const std::uint64_t id : stops)
        stop_waiting(id);
      fire_timers();
      const milliseconds pace = send_ready();
      int running = 0;
      curl_multi_perform(multi_.get(), &running);
      collect_transfers();
      milliseconds wait{1000};
      if (!timers_.empty()) {
        wait = std::min(wait, std::chrono::ceil<milliseconds>(timers_.top().due - Clock::now()));
      }
      if (!ready_.empty()) wait = std::min(wait, pace);
      curl_multi_poll(multi_.get(), nullptr, 0,
                      static_cast<int>(std::max<milliseconds::rep>(wait.count(), 0)), nullptr);
    }
  }

  void adopt(std::unique_ptr<Job> job) {
    Job& ref = *job;
    jobs_.emplace(job->id, std::move(job));
    if (ref.request.cancellation) {
      if (ref.request.cancellation->cancelled()) {
        cancel(ref.id, call_cancelled());
        return;
      }
      const std::uint64_t id = ref.id;
      ref.subscription = ref.request.cancellation->subscribe([this, id] { request_cancel(id); });
    }
    if (ref.hooks.stop_new_attempts) {
      const std::uint64_t id = ref.id;
      ref.stop_subscription =
          ref.hooks.stop_new_attempts->subscribe([this, id] { request_stop(id); });
    }
    ready_.push_back(ref.id);
  }

  // No new attempt for call `id`: one on the wire goes on (its outcome is final, see
  // RetryState::last); one waiting ends now, with its last outcome or, before its first
  // attempt, as not started.
  void stop_waiting(std::uint64_t id) {
    const auto it = jobs_.find(id);
    if (it == jobs_.end() || it->second->easy.handle) return;
    Job& job = *it->second;
    if (job.state.report().attempts == 0) {
      CancelledError not_started = call_not_started();
      job.state.report().stamp(not_started);
      complete(id, nullptr, std::make_exception_ptr(not_started));
      return;
    }
    std::optional<HttpResponse> response = std::move(job.last_response);
    std::exception_ptr error = std::move(job.last_error);
    if (!response && !error) error = std::make_exception_ptr(call_not_started());  // not reached
    complete(id, response ? &*response : nullptr, std::move(error));
  }

  // Sends the calls that are ready, in order, as far as the rate limit allows; returns how long
  // until the limit allows the next one (when some are left waiting). The queue holds one slot of
  // the limit at a time, for whichever call heads it: it waits in line with blocking callers,
  // which reserve theirs the same way, and a cancelled call passes the slot on, so a cancelled
  // batch wastes at most one. An injected transport blocks the thread for a whole exchange: one
  // such send per turn of the loop, so that cancellations and the client's end are seen between.
  milliseconds send_ready() {
    while (!ready_.empty()) {
      const auto it = jobs_.find(ready_.front());
      if (it == jobs_.end()) {  // cancelled while waiting
        ready_.pop_front();
        continue;
      }
      Job& job = *it->second;
      if (job.state.stopped()) {
        ready_.pop_front();
        stop_waiting(job.id);
        continue;
      }
      if (job.hooks.limiter != nullptr) {  // one limiter per client, hence per engine
        const auto now = Clock::now();
        if (!head_slot_) head_slot_ = now + job.hooks.limiter->reserve();
        if (now < *head_slot_) {
          return std::max(milliseconds(1), std::chrono::ceil<milliseconds>(*head_slot_ - now));
        }
        head_slot_.reset();
      }
      ready_.pop_front();
      send(job);
      if (custom_) break;
    }
    return milliseconds(0);
  }

  void send(Job& job) {
    job.state.begin_attempt();
    job.started = Clock::now();
    // Outcomes are settled outside the catch blocks: see settle().
    std::exception_ptr error;
    if (custom_) {
      std::optional<HttpResponse> response;
      try {
        response = custom_->send(job.request);
      } catch (...) {
        error = std::current_exception();
      }
      if (response) {
        settle(job, &*response, nullptr);
      } else {
        settle(job, nullptr, std::move(error));
      }
      return;
    }
    try {
      job.exchange = std::make_unique<curl::Exchange>();
      job.easy = acquire();
      curl::configure(job.easy, job.request, *job.exchange);
      curl_easy_setopt(job.easy.handle.get(), CURLOPT_PRIVATE, &job);
      // Over TLS, a new transfer waits for a connection being set up to learn whether it can
      // share it through HTTP/2 rather than opening one of its own.
      if (job.easy.shape->https) {
        curl_easy_setopt(job.easy.handle.get(), CURLOPT_PIPEWAIT, 1L);
      }
      if (curl_multi_add_handle(multi_.get(), job.easy.handle.get()) != CURLM_OK) {
        throw ConnectionError("libcurl could not start the transfer", /*retryable=*/false);
      }
    } catch (Error& e) {
      job.easy.handle.reset();
      e.set_delivery(Delivery::not_sent, 0);  // the transfer never began
      error = std::current_exception();
    } catch (...) {
      job.easy.handle.reset();
      error = std::current_exception();
    }
    if (error) settle(job, nullptr, std::move(error));
  }

  void collect_transfers() {
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      const CURLcode code = message->data.result;
      Job* job = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &job);
      curl_multi_remove_handle(multi_.get(), easy);
      std::optional<HttpResponse> response;
      std::exception_ptr error;
      try {
        response = curl::finish(easy, code, *job->exchange);
        curl::after_transfer(job->easy, *job->exchange);
        release(std::move(job->easy));
      } catch (...) {
        job->easy.handle.reset();  // a failed transfer's handle is not reused
        error = std::current_exception();
      }
      job->exchange.reset();
      if (response) {
        settle(*job, &*response, nullptr);
      } else {
        settle(*job, nullptr, std::move(error));
      }
    }
  }

  // The retry rules of the blocking path, applied to an attempt's outcome.
  //
  // A final error reaches the caller's thread as a std::exception_ptr. By then this thread holds
  // no reference to it and is in no catch block handling it, so that the last reference is
  // released (and the exception freed) by the caller, after its own reads. (The reference count
  // lives in libstdc++, which ThreadSanitizer does not see: a last release here would look like
  // a race to it.) Hence errors are taken by value, moved along, and settled outside catch blocks.
  void settle(Job& job, HttpResponse* response, std::exception_ptr error) {
    const auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - job.started);
    std::optional<milliseconds> delay;
    if (response != nullptr) {
      delay = job.state.after_response(*response, took);
    } else {
      try {
        std::rethrow_exception(error);
      } catch (Error& e) {
        delay = job.state.after_error(e, took);
      } catch (...) {  // not an SDK error: final as it is
      }
    }
    if (delay) {
      // Kept while the next attempt waits, in case a stop makes this one the last.
      // (after_error has stamped the report on an error.)
      job.last_response.reset();
      if (response != nullptr) job.last_response = std::move(*response);
      job.last_error = std::move(error);
      set_timer(job, *delay);
    } else {
      complete(job.id, response, std::move(error));
    }
  }

  // A retry wait; when it is over, the call queues for its next attempt.
  void set_timer(Job& job, milliseconds wait) {
    timers_.push(Timer{Clock::now() + wait, job.id, ++job.timer});
  }

  void fire_timers() {
    const auto now = Clock::now();
    while (!timers_.empty() && timers_.top().due <= now) {
      const Timer timer = timers_.top();
      timers_.pop();
      const auto it = jobs_.find(timer.job);
      if (it == jobs_.end() || it->second->timer != timer.serial) continue;  // stale
      ready_.push_back(timer.job);
    }
  }

  // Ends call `id` with `cancelled`, which gets the call's attempt count.
  void cancel(std::uint64_t id, CancelledError cancelled) {
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) return;  // already finished
    Job& job = *it->second;
    if (job.easy.handle) {
      curl::stamp_delivery(cancelled, *job.exchange);  // how far the attempt cut short got
      // Removing a transfer in progress closes its connection: nothing half-read is reused.
      curl_multi_remove_handle(multi_.get(), job.easy.handle.get());
      job.easy.handle.reset();
      job.exchange.reset();
      // The attempt cut short is logged, as the blocking call's is; the report is stamped.
      (void)job.state.after_error(
          cancelled, std::chrono::duration_cast<milliseconds>(Clock::now() - job.started));
    } else {
      job.state.report().stamp(cancelled);
    }
    complete(id, nullptr, std::make_exception_ptr(cancelled));
  }

  void complete(std::uint64_t id, HttpResponse* response, std::exception_ptr error) {
    const auto it = jobs_.find(id);
    std::unique_ptr<Job> job = std::move(it->second);
    jobs_.erase(it);
    // Once unsubscribed, no cancel() can queue this id any more (a queued one finds nothing).
    if (job->subscription) job->request.cancellation->unsubscribe(*job->subscription);
    if (job->stop_subscription) job->hooks.stop_new_attempts->unsubscribe(*job->stop_subscription);
    try {
      job->done(response, std::move(error), job->state.report());
    } catch (...) {
    }
  }

  // The calls and tasks that callbacks started while the client ended, and those they start in
  // turn, one at a time, until none is left (a callback that starts a new call on every
  // failure, CancelledError included, would keep this going: docs/async.md).
  void drain_late() {
    for (;;) {
      std::vector<std::unique_ptr<Job>> jobs;
      std::vector<std::function<void()>> tasks;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        jobs.swap(late_jobs_);
        tasks.swap(posted_);
      }
      if (jobs.empty() && tasks.empty()) return;
      for (auto& task : tasks)
        run_task(task);
      for (auto& job : jobs)
        end_unstarted(*job);
    }
  }

  // A call that was never sent ends as its client's end makes it.
  static void end_unstarted(Job& job) {
    CancelledError gone = client_gone();
    job.state.report().stamp(gone);
    try {
      job.done(nullptr, std::make_exception_ptr(gone), job.state.report());
    } catch (...) {
    }
  }

  static void run_task(std::function<void()>& task) {
    try {
      task();
    } catch (...) {
    }
    task = nullptr;  // what it holds is released here, before the next one runs
  }

  curl::PooledHandle acquire() {
    if (idle_.empty()) {
      curl::PooledHandle fresh;
      fresh.handle = curl::new_handle();
      return fresh;
    }
    curl::PooledHandle handle = std::move(idle_.back());
    idle_.pop_back();
    return handle;
  }

  // Connections live in the multi handle's cache; a reused easy handle only saves allocations.
  // It keeps its options too, for the next transfer of the same shape (curl::configure).
  void release(curl::PooledHandle handle) {
    idle_.push_back(std::move(handle));
  }

  std::shared_ptr<Transport> custom_;
  Multi multi_;  // outlives the jobs' easy handles, declared below
  // Touched by other threads, under mutex_.
  std::mutex mutex_;
  std::vector<std::unique_ptr<Job>> incoming_;
  std::vector<std::uint64_t> cancels_;
  std::vector<std::uint64_t> stops_;
  std::vector<std::function<void()>> posted_;
  std::vector<std::unique_ptr<Job>> late_jobs_;  // submitted from callbacks while ending
  bool stopping_ = false;
  std::uint64_t last_id_ = 0;
  // The I/O thread's own.
  std::vector<curl::PooledHandle> idle_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Job>> jobs_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  std::deque<std::uint64_t> ready_;  // calls waiting to send their next attempt, in order
  std::optional<Clock::time_point> head_slot_;  // the rate-limit slot reserved for ready_'s head
  std::thread thread_;                          // last: starts once everything above exists
};

AsyncEngine::AsyncEngine(std::shared_ptr<Transport> custom)
    : loop_(std::make_unique<Loop>(std::move(custom))) {}

AsyncEngine::~AsyncEngine() = default;

bool AsyncEngine::on_io_thread() const noexcept {
  return loop_->on_io_thread();
}

void AsyncEngine::shutdown() {
  loop_->shutdown();
}

void AsyncEngine::finish() {
  loop_->finish();
}

void AsyncEngine::post(std::function<void()> task) {
  loop_->post(std::move(task));
}

void AsyncEngine::submit(HttpRequest request, int max_retries, RetryHooks hooks, Done done) {
  loop_->submit(
      std::make_unique<Job>(std::move(request), max_retries, std::move(hooks), std::move(done)));
}

}  // namespace edenai::internal
