// Batches of image operations (generate_batch, edit_batch): at most `concurrency` calls in flight
// on the I/O thread, results handed back in completion order to the calling thread, and the two
// stops (cancel everything; launch nothing more).
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "core/cancellation_scope.hpp"
#include "core/client_impl.hpp"

namespace edenai {

using internal::redacting;

std::vector<GenerationResult> Client::Impl::batch(
    std::size_t count, const BatchOptions& options, const char* name,
    const std::function<internal::Operation(std::size_t)>& describe,
    internal::Decoder<ImageResponse> decode) const {
  if (options.concurrency == 0) throw InvalidRequestError("concurrency must be at least 1");
  redacting(secrets, [&] {
    refuse_on_io_thread(name);
    internal::validate_call_options(options.request);
  });
  // One token for the batch: the caller's cancels it, and so does a throwing on_result. And one
  // for its calls' gentler stop: the caller's own, or stop_launching.
  CancellationToken stop;
  const internal::ScopedSubscription link(options.request.cancellation, [stop] { stop.cancel(); });
  RequestOptions call_options = options.request;
  call_options.cancellation = stop;
  const CancellationToken calm;
  const internal::ScopedSubscription calm_on_request(options.request.stop_new_attempts,
                                                     [calm] { calm.cancel(); });
  const internal::ScopedSubscription calm_on_launch(options.stop_launching,
                                                    [calm] { calm.cancel(); });
  if (options.request.stop_new_attempts || options.stop_launching) {
    call_options.stop_new_attempts = calm;
  }

  // Finished calls, handed from the I/O thread to this one.
  struct Finished {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::pair<std::size_t, GenerationResult>> queue;
  };
  auto finished = std::make_shared<Finished>();
  const std::thread::id caller = std::this_thread::get_id();
  // Starts the call of `index`. What ends it at once, before anything is sent (stopped, refused:
  // a refusal reaches its callback on this thread, inside `start`), is returned rather than
  // queued.
  const auto launch = [&](std::size_t index) -> std::optional<GenerationResult> {
    // A cancelled or failed batch, or one told to stop launching: the rest is not even encoded.
    const bool stopped = stop.cancelled();
    if (stopped || calm.cancelled()) {
      const CancelledError not_started =
          stopped ? internal::call_cancelled() : internal::call_not_started();
      return GenerationResult(std::make_exception_ptr(not_started));
    }
    std::optional<GenerationResult> at_once;
    start<ImageResponse>([&describe, index] { return describe(index); }, name, call_options, decode,
                         [finished, index, caller, &at_once](GenerationResult result) {
                           if (std::this_thread::get_id() == caller) {
                             at_once.emplace(std::move(result));
                             return;
                           }
                           std::lock_guard<std::mutex> lock(finished->mutex);
                           finished->queue.emplace_back(index, std::move(result));
                           finished->ready.notify_one();
                         });
    return at_once;
  };

  std::vector<std::optional<GenerationResult>> slots(count);
  std::exception_ptr callback_error;
  const auto hand_over = [&](std::size_t index, GenerationResult result) {
    slots[index].emplace(std::move(result));
    if (options.on_result && !callback_error) {
      try {
        options.on_result(index, *slots[index]);
      } catch (...) {
        callback_error = std::current_exception();
        stop.cancel();
      }
    }
  };
  std::size_t next = 0;
  std::size_t running = 0;
  // Calls the budget refused while others of the batch ran: each is tried again once one of
  // them has ended (its settlement may free enough), and refused for good when none runs.
  std::deque<std::size_t> deferred;
  const auto try_launch = [&](std::size_t index) {
    std::optional<GenerationResult> ended = launch(index);
    if (!ended) {
      ++running;
    } else if (ended->kind() == ErrorKind::budget_exceeded && running > 0) {
      deferred.push_back(index);
    } else {
      hand_over(index, std::move(*ended));
    }
  };
  const auto fill = [&] {
    for (std::size_t waiting = deferred.size(); waiting > 0 && running < options.concurrency;
         --waiting) {
      const std::size_t index = deferred.front();
      deferred.pop_front();
      try_launch(index);
    }
    while (next < count && running < options.concurrency)
      try_launch(next++);
  };
  fill();
  while (running > 0) {
    std::unique_lock<std::mutex> lock(finished->mutex);
    finished->ready.wait(lock, [&] { return !finished->queue.empty(); });
    auto [index, result] = std::move(finished->queue.front());
    finished->queue.pop_front();
    lock.unlock();
    --running;
    fill();  // keep the pipe full before handing the result over
    hand_over(index, std::move(result));
  }
  if (callback_error) std::rethrow_exception(callback_error);
  std::vector<GenerationResult> results;
  results.reserve(count);
  for (auto& slot : slots)
    results.push_back(std::move(*slot));
  return results;
}

}  // namespace edenai
