// An application built with -fno-exceptions, using the installed package through its
// non-throwing entry points against the installed mock: Client::try_create, try_generate (a
// success and a 422 read through error_as), the callback form of generate_async, try_save_in.
// Exits 0 when every step behaved.
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#error "this consumer must be compiled with -fno-exceptions"
#endif

#include <edenai/edenai.hpp>
#include <edenai/mock/server.hpp>

#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  std::printf("%s: %s\n", ok ? "ok" : "FAILED", what);
  if (!ok) ++failures;
}

}  // namespace

int main() {
  edenai::mock::ServerOptions mock_options;
  mock_options.api_key = "no-exceptions-key";
  edenai::mock::Server mock(mock_options);
  mock.start();

  edenai::ClientOptions bad;
  bad.api_key = "no-exceptions-key";
  bad.base_url = "not a url";
  const auto refused = edenai::Client::try_create(bad);
  check(!refused.ok() && refused.kind() == edenai::ErrorKind::invalid_request,
        "a bad base_url is a Result, not an abort");

  edenai::ClientOptions options;
  options.api_key = "no-exceptions-key";
  options.base_url = mock.base_url();
  options.max_retries = 0;
  auto made = edenai::Client::try_create(options);
  check(made.ok(), "the client is created");
  if (!made.ok()) return 1;
  const edenai::Client client = std::move(made).value();

  edenai::ImageGenerationBody body;
  body.model = "openai/gpt-image-1";
  body.prompt = "built without exceptions";
  body.size = "32x32";
  const auto generated = client.try_generate(body);
  check(generated.ok() && generated.value().data.size() == 1, "try_generate gives the image");

  mock.push_faults({edenai::mock::Fault::http(422)});
  const auto rejected = client.try_generate(body);
  const auto* unprocessable = rejected.error_as<edenai::UnprocessableEntityError>();
  check(rejected.status() == 422 && unprocessable != nullptr &&
            !unprocessable->validation().detail.empty(),
        "a 422's validation details are read without a catch");

  // The callback form: the result arrives on the I/O thread; this thread waits for it.
  std::mutex mutex;
  std::condition_variable arrived;
  std::optional<edenai::Result<edenai::ImageResponse>> delivered;
  client.generate_async(body, [&](edenai::Result<edenai::ImageResponse> result) {
    const std::lock_guard<std::mutex> lock(mutex);
    delivered.emplace(std::move(result));
    arrived.notify_one();
  });
  {
    std::unique_lock<std::mutex> lock(mutex);
    arrived.wait(lock, [&] { return delivered.has_value(); });
  }
  check(delivered->ok() && delivered->value().data.size() == 1, "the callback gets the image");

  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "edenai-no-exceptions";
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  if (generated.ok()) {
    const auto saved = client.try_save_in(generated.value().data[0], dir, "image");
    check(saved.ok() && saved.value().extension() == ".png", "try_save_in saves the PNG");
    const auto again = client.try_save(generated.value().data[0], saved.value());
    const auto* save_error = again.error_as<edenai::SaveError>();
    check(save_error != nullptr && !save_error->bytes().empty(),
          "a taken name is a SaveError that keeps the image");
  }
  std::filesystem::remove_all(dir, ignored);
  return failures == 0 ? 0 : 1;
}
