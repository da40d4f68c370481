// The non-throwing entry points (Client::try_*, try_save_image*) over a fake transport: each gives
// the value, or the error its throwing twin raises, as a Result that is read without a rethrow
// (error_as<E>()), and none throws.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "edenai/edenai.hpp"
#include "support/fake_transport.hpp"

namespace edenai {
namespace {

namespace fs = std::filesystem;
using testing::FakeTransport;

ClientOptions fake_options(std::shared_ptr<Transport> transport) {
  ClientOptions options;
  options.api_key = "sk-nothrow-secret";
  options.base_url = "http://eden.test";
  options.transport = std::move(transport);
  options.max_retries = 0;
  return options;
}

ImageGenerationBody body(const std::string& prompt) {
  ImageGenerationBody b;
  b.model = "openai/gpt-image-1";
  b.prompt = prompt;
  return b;
}

constexpr const char* kOneImage = R"({"data":[{"b64_json":"iVBORw0KGgo="}],"cost":0.01})";

// Every entry point is declared noexcept: code built with -fno-exceptions may call it. (Every
// argument is given, as a reference: building a temporary or a default one could throw itself.)
template <typename T>
const T& any() noexcept;
static_assert(noexcept(Client::try_create(std::declval<ClientOptions&&>())));
static_assert(noexcept(any<Client>().try_generate(any<ImageGenerationBody>(),
                                                  any<RequestOptions>())));
static_assert(noexcept(any<Client>().try_edit_batch(any<std::vector<ImageEditBody>>(),
                                                    any<BatchOptions>())));
static_assert(noexcept(any<Client>().try_save_in(any<ImageDataItem>(), any<fs::path>(),
                                                 any<std::string_view>())));
static_assert(noexcept(try_save_image(any<std::vector<std::uint8_t>>(), any<fs::path>())));

TEST(NonThrowing, CreateGivesTheClientOrWhyNot) {
  auto transport = std::make_shared<FakeTransport>();
  ClientOptions bad = fake_options(transport);
  bad.base_url = "ftp://eden.test";
  const Result<Client> refused = Client::try_create(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.kind(), ErrorKind::invalid_request);
  ASSERT_NE(refused.error_as<InvalidRequestError>(), nullptr);
  EXPECT_NE(refused.error_message().find("base_url"), std::string::npos) << refused.error_message();
  bad = fake_options(transport);
  bad.max_retries = -1;
  EXPECT_EQ(Client::try_create(bad).kind(), ErrorKind::invalid_request);

  Result<Client> made = Client::try_create(fake_options(transport));
  ASSERT_TRUE(made.ok()) << made.error_message();
  EXPECT_EQ(made.error_as(), nullptr);  // success: no error to look at
  const Client client = std::move(made).value();
  EXPECT_EQ(client.base_url(), "http://eden.test");
}

TEST(NonThrowing, GenerateGivesTheResponseOrTheTypedErrorWithItsDetails) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, kOneImage);
  transport->respond(
      422,
      R"({"detail":[{"type":"missing","loc":["body","prompt"],"msg":"Field required",)"
      R"("input":{}}]})",
      {{"x-request-id", "req-422"}});
  const Client client(fake_options(transport));
  const Result<ImageResponse> ok = client.try_generate(body("fox"));
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(ok.value().data.at(0).bytes().at(1), 'P');

  const Result<ImageResponse> rejected = client.try_generate(body("fox"));
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.kind(), ErrorKind::unprocessable_entity);
  EXPECT_EQ(rejected.status(), 422);
  EXPECT_EQ(rejected.request_id(), "req-422");
  const auto* unprocessable = rejected.error_as<UnprocessableEntityError>();
  ASSERT_NE(unprocessable, nullptr);
  ASSERT_EQ(unprocessable->validation().detail.size(), 1u);
  EXPECT_EQ(unprocessable->validation().detail[0].msg, "Field required");
  EXPECT_NE(rejected.error_as<ApiError>(), nullptr);  // a base class finds it too
  EXPECT_EQ(rejected.error_as<TimeoutError>(), nullptr);

  // Refused before sending: nothing more reaches the transport.
  ImageGenerationBody invalid = body("fox");
  invalid.n = 0;
  const Result<ImageResponse> refused = client.try_generate(invalid);
  EXPECT_EQ(refused.kind(), ErrorKind::invalid_request);
  EXPECT_EQ(refused.error_as()->attempts(), 0);
  EXPECT_EQ(transport->requests().size(), 2u);
}

TEST(NonThrowing, AnExceptionThatIsNotTheSdksIsKeptAsKindOther) {
  auto transport = std::make_shared<FakeTransport>();
  transport->push([](const HttpRequest&) -> HttpResponse { throw std::logic_error("broken"); });
  const Client client(fake_options(transport));
  const Result<ImageResponse> result = client.try_generate(body("fox"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.kind(), ErrorKind::other);
  EXPECT_EQ(result.error_message(), "broken");
  EXPECT_EQ(result.error_as(), nullptr);  // not an edenai::Error
}

TEST(NonThrowing, BatchesKeepTheBatchsErrorApartFromEachCalls) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, kOneImage);
  const Client client(fake_options(transport));
  BatchOptions no_concurrency;
  no_concurrency.concurrency = 0;
  EXPECT_EQ(client.try_generate_batch({body("a")}, no_concurrency).kind(),
            ErrorKind::invalid_request);
  ImageGenerationBody invalid = body("b");
  invalid.n = 0;
  const auto batch = client.try_generate_batch({body("a"), invalid});
  ASSERT_TRUE(batch.ok()) << batch.error_message();
  ASSERT_EQ(batch.value().size(), 2u);
  EXPECT_TRUE(batch.value()[0].ok());
  EXPECT_EQ(batch.value()[1].kind(), ErrorKind::invalid_request);
  EXPECT_EQ(client.try_edit_batch({ImageEditBody{}}).value().at(0).kind(),
            ErrorKind::invalid_request);
}

TEST(NonThrowing, TheOtherCallsGiveTheirValuesAndErrors) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, R"({"deleted_count":2})");
  transport->respond(200, R"({"deleted_count":5})");
  transport->respond(500, R"({"detail":"boom"})");
  const Client client(fake_options(transport));
  const Result<int> deleted = client.try_delete_files(
      {"3f2b8c1e-0d4a-4b6e-9a7c-1e2d3f4a5b6c", "4f2b8c1e-0d4a-4b6e-9a7c-1e2d3f4a5b6c"});
  ASSERT_TRUE(deleted.ok()) << deleted.error_message();
  EXPECT_EQ(deleted.value(), 2);
  EXPECT_EQ(client.try_delete_all_files().value(), 5);
  EXPECT_EQ(client.try_list_image_models().status(), 500);
  EXPECT_EQ(client.try_delete_files({"not-a-uuid"}).kind(), ErrorKind::invalid_request);
  ListFilesQuery page_zero;
  page_zero.page = 0;
  EXPECT_EQ(client.try_list_files(page_zero).kind(), ErrorKind::invalid_request);
  EXPECT_EQ(client.try_list_all_files(page_zero).kind(), ErrorKind::invalid_request);
  EXPECT_EQ(client.try_upload(UploadRequest::bytes("", "empty.png", "image/png")).kind(),
            ErrorKind::invalid_request);
  EXPECT_EQ(client.try_edit(ImageEditBody{}).kind(), ErrorKind::invalid_request);
  EXPECT_EQ(client.try_download(ImageDataItem{}).kind(), ErrorKind::decode);
  EXPECT_EQ(transport->requests().size(), 3u);  // only the three valid calls were sent
}

TEST(NonThrowing, SavingGivesThePathOrTheSaveErrorWithTheImage) {
  const fs::path dir = fs::temp_directory_path() / ("edenai-nothrow-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const Client client(fake_options(std::make_shared<FakeTransport>()));
  ImageDataItem item;
  item.b64_json = "iVBORw0KGgo=";  // a PNG signature
  const Result<fs::path> saved = client.try_save_in(item, dir, "fox");
  ASSERT_TRUE(saved.ok()) << saved.error_message();
  EXPECT_EQ(saved.value(), dir / "fox.png");
  const Result<fs::path> taken = client.try_save(item, dir / "fox.png");
  ASSERT_EQ(taken.kind(), ErrorKind::save);
  const auto* save_error = taken.error_as<SaveError>();
  ASSERT_NE(save_error, nullptr);
  EXPECT_EQ(save_error->code(), std::errc::file_exists);
  EXPECT_EQ(save_error->bytes(), item.bytes());  // the image is not lost
  EXPECT_EQ(client.try_save_in(item, dir, "..").kind(), ErrorKind::invalid_request);
  EXPECT_EQ(try_save_image(item.bytes(), dir / "fox.png").kind(), ErrorKind::save);
  EXPECT_EQ(try_save_image_in(item.bytes(), dir, "fox").value(), dir / "fox-2.png");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace edenai
