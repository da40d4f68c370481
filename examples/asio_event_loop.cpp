// Generations driven from an asio event loop: each call's callback (on the SDK's I/O thread) only
// posts its result to the loop; the loop's thread saves the images, while a timer on the same
// loop prints a heartbeat to stderr: the loop is never blocked by the calls in flight.
//
//   EDENAI_API_KEY=... ./asio_event_loop "a red fox" "a lighthouse at dawn"
#include <asio.hpp>
#include <edenai/edenai.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  std::vector<std::string> prompts(argv + 1, argv + argc);
  if (prompts.empty()) prompts = {"a red fox in the snow", "a lighthouse at dawn"};

  // First, so that it outlives the client: a client's end may still post results to it.
  asio::io_context loop;

  auto made = edenai::Client::try_create();  // the key and base URL from the environment
  if (!made.ok()) {
    std::fprintf(stderr, "asio_event_loop: %s\n", made.error_message().c_str());
    return 2;
  }
  const edenai::Client client = std::move(made).value();

  auto keep_running = asio::make_work_guard(loop);  // until the last result has been handled
  std::size_t pending = prompts.size();
  int failed = 0;

  // Runs on the loop's thread, one result at a time: no locking needed.
  const auto handle = [&](std::size_t index, edenai::Result<edenai::ImageResponse>& result) {
    if (!result.ok()) {
      std::fprintf(stderr, "prompt %zu failed (%s): %s\n", index + 1,
                   edenai::to_string(result.kind()), result.error_message().c_str());
      ++failed;
    } else {
      for (const auto& item : result.value().data) {
        // On the loop's thread, which this holds meanwhile (a write and an fsync; a url item
        // would be downloaded here too): a real program may hand it to a worker thread.
        auto saved = client.try_save_in(item, ".", "loop-" + std::to_string(index + 1));
        if (saved.ok()) {
          std::printf("prompt %zu: %s\n", index + 1, saved.value().c_str());
        } else {
          std::fprintf(stderr, "prompt %zu: %s\n", index + 1, saved.error_message().c_str());
          ++failed;
        }
      }
    }
    if (--pending == 0) keep_running.reset();  // run() returns once the timer has seen it
  };

  for (std::size_t i = 0; i < prompts.size(); ++i) {
    edenai::ImageGenerationBody body;
    body.model = "openai/gpt-image-1";
    body.prompt = prompts[i];
    body.size = "1024x1024";
    client.generate_async(body, [&loop, &handle, i](edenai::Result<edenai::ImageResponse> result) {
      // The SDK's I/O thread: hand over and return at once.
      asio::post(loop, [&handle, i, result = std::move(result)]() mutable { handle(i, result); });
    });
  }

  asio::steady_timer timer(loop);
  std::function<void()> tick = [&] {
    timer.expires_after(std::chrono::milliseconds(250));
    timer.async_wait([&](const asio::error_code& error) {
      if (error || pending == 0) return;
      std::fputc('.', stderr);
      tick();
    });
  };
  tick();

  loop.run();  // returns once every result is handled and the timer has stopped
  std::printf("%zu prompt(s), %d failed\n", prompts.size(), failed);
  return failed == 0 ? 0 : 1;
}
