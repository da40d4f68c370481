// Batches of image operations (generate_batch, edit_batch): at most `concurrency` calls in flight
// on the I/O thread, results handed back in completion order to the calling thread, and the two
// stops (cancel everything; launch nothing more).
#include <condition_variable>
#include <deque>
#include <mutex>

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
  const auto launch = [&](std::size_t index) {
    // A cancelled or failed batch, or one told to stop launching: the rest is not even encoded.
    const bool stopped = stop.cancelled();
    if (stopped || calm.cancelled()) {
      const CancelledError not_started =
          stopped ? internal::call_cancelled() : internal::call_not_started();
      std::lock_guard<std::mutex> lock(finished->mutex);
      finished->queue.emplace_back(index, GenerationResult(std::make_exception_ptr(not_started)));
      return;
    }
    start<ImageResponse>([&describe, index] { return describe(index); }, name, call_options, decode,
                         [finished, index](GenerationResult result) {
                           std::lock_guard<std::mutex> lock(finished->mutex);
                           finished->queue.emplace_back(index, std::move(result));
                           finished->ready.notify_one();
                         });
  };

  std::vector<std::optional<GenerationResult>> slots(count);
  std::size_t next = 0;
  std::size_t running = 0;
  for (; next < count && running < options.concurrency; ++next, ++running)
    launch(next);
  std::exception_ptr callback_error;
  while (running > 0) {
    std::unique_lock<std::mutex> lock(finished->mutex);
    finished->ready.wait(lock, [&] { return !finished->queue.empty(); });
    auto [index, result] = std::move(finished->queue.front());
    finished->queue.pop_front();
    lock.unlock();
    --running;
    if (next < count) {  // keep the pipe full before handing the result over
      launch(next++);
      ++running;
    }
    slots[index].emplace(std::move(result));
    if (options.on_result && !callback_error) {
      try {
        options.on_result(index, *slots[index]);
      } catch (...) {
        callback_error = std::current_exception();
        stop.cancel();
      }
    }
  }
  if (callback_error) std::rethrow_exception(callback_error);
  std::vector<GenerationResult> results;
  results.reserve(count);
  for (auto& slot : slots)
    results.push_back(std::move(*slot));
  return results;
}

}  // namespace edenai
