// The library's image saving: formats from the bytes, the real extension, files never replaced,
// errors that keep the image, and Client::save / save_in for b64 and url items.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <type_traits>

#include "edenai/edenai.hpp"
#include "support/fake_transport.hpp"

namespace edenai {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

Bytes bytes(std::initializer_list<int> values, std::size_t pad = 0) {
  Bytes out;
  for (const int v : values)
    out.push_back(static_cast<std::uint8_t>(v));
  out.resize(out.size() + pad, 0);
  return out;
}

const Bytes kPng = bytes({0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13,
                          'I',  'H', 'D', 'R', 0,    0,    2,    0x80, 0, 0, 1, 0xE0});
const Bytes kJpeg =
    bytes({0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 17, 8, 0x01, 0x2C, 0x01, 0x90}, 16);
const Bytes kWebp = bytes({'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E',  'B',  'P', 'V',  'P',  '8',
                           'X', 10,  0,   0,   0, 0, 0, 0, 0,   0xFF, 0x03, 0,   0xFF, 0x02, 0});

Bytes read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A fresh directory of its own per test, removed afterwards.
struct SaveTest : ::testing::Test {
  fs::path dir =
      fs::temp_directory_path() / ("edenai-save-" + std::to_string(::getpid()) + "-" +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  void SetUp() override { fs::remove_all(dir); }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
};

TEST(ImageFormat, FormatsAreDetectedFromTheBytesWithTheirSize) {
  const ImageFormat png = detect_image_format(kPng);
  EXPECT_EQ(png.extension, "png");
  EXPECT_EQ(png.mime_type, "image/png");
  EXPECT_EQ(png.width, 640);
  EXPECT_EQ(png.height, 480);
  // JPEG: SOI, an APP0 segment of 4 bytes, then SOF0 with height 300, width 400.
  const ImageFormat jpeg = detect_image_format(kJpeg);
  EXPECT_EQ(jpeg.extension, "jpg");
  EXPECT_EQ(jpeg.mime_type, "image/jpeg");
  EXPECT_EQ(jpeg.width, 400);
  EXPECT_EQ(jpeg.height, 300);
  // WebP, extended format: canvas 1024 x 768 stored minus one, 24-bit little-endian.
  const ImageFormat webp = detect_image_format(kWebp);
  EXPECT_EQ(webp.extension, "webp");
  EXPECT_EQ(webp.width, 1024);
  EXPECT_EQ(webp.height, 768);
  const ImageFormat gif =
      detect_image_format(bytes({'G', 'I', 'F', '8', '9', 'a', 0x20, 0, 0x10, 0}));
  EXPECT_EQ(gif.extension, "gif");
  EXPECT_EQ(gif.mime_type, "image/gif");
  EXPECT_EQ(gif.width, 32);
  EXPECT_EQ(gif.height, 16);
  const ImageFormat unknown = detect_image_format(bytes({'h', 'e', 'l', 'l', 'o'}));
  EXPECT_EQ(unknown.extension, "bin");
  EXPECT_FALSE(unknown.known());
  EXPECT_FALSE(unknown.width);
  EXPECT_EQ(detect_image_format(Bytes{}).extension, "bin");
  // Cut headers name the format without a size, and read nothing beyond the bytes.
  const ImageFormat cut = detect_image_format(Bytes(kPng.begin(), kPng.begin() + 12));
  EXPECT_EQ(cut.extension, "png");
  EXPECT_FALSE(cut.width);
  EXPECT_EQ(detect_image_format(Bytes(kJpeg.begin(), kJpeg.begin() + 12)).extension, "jpg");
}

TEST_F(SaveTest, SavingInADirectoryNeverReplacesAFile) {
  const fs::path nested = dir / "a" / "b";  // created with its parents
  const fs::path first = save_image_in(kPng, nested, "fox-1");
  const fs::path second = save_image_in(kJpeg, nested, "fox-1");
  const fs::path third = save_image_in(kPng, nested, "fox-1");
  EXPECT_EQ(first, nested / "fox-1.png");
  EXPECT_EQ(second, nested / "fox-1.jpg");  // another extension: its own first name
  EXPECT_EQ(third, nested / "fox-1-2.png");
  EXPECT_EQ(read(first), kPng);
  EXPECT_EQ(read(second), kJpeg);
  EXPECT_EQ(read(third), kPng);
}

TEST_F(SaveTest, ASavedFileGetsTheRealFormatsExtension) {
  EXPECT_EQ(save_image(kPng, dir / "same.png"), dir / "same.png");
  EXPECT_EQ(save_image(kJpeg, dir / "upper.JPEG"), dir / "upper.JPEG");  // JPEG by another name
  EXPECT_EQ(save_image(kJpeg, dir / "fox.png"), dir / "fox.jpg");   // an image extension: replaced
  EXPECT_EQ(save_image(kWebp, dir / "plain"), dir / "plain.webp");  // none: appended
  EXPECT_EQ(save_image(kPng, dir / "fox.v2"), dir / "fox.v2.png");  // not an image's: appended
  const Bytes text = bytes({'h', 'i'});
  EXPECT_EQ(save_image(text, dir / "notes.dat"), dir / "notes.dat");  // unknown: as given
  EXPECT_EQ(save_image(kPng, dir / "dot."), dir / "dot.png");         // not "dot..png"
  EXPECT_EQ(fs::directory_iterator(dir)->path().filename().string().rfind(".edenai", 0),
            std::string::npos);  // no temporary file left
  EXPECT_EQ(read(dir / "fox.jpg"), kJpeg);
  EXPECT_FALSE(fs::exists(dir / "fox.png"));
}

TEST_F(SaveTest, AnExistingFileIsNeverReplacedAndTheErrorKeepsTheImage) {
  fs::create_directories(dir);
  std::ofstream(dir / "fox.png") << "mine";
  try {
    save_image(kPng, dir / "fox.png");
    FAIL() << "an existing file was replaced";
  } catch (const SaveError& e) {
    EXPECT_EQ(e.code(), std::make_error_code(std::errc::file_exists));
    EXPECT_EQ(e.path(), dir / "fox.png");
    EXPECT_EQ(e.bytes(), kPng);
    EXPECT_EQ(e.kind(), ErrorKind::save);
    EXPECT_STREQ(to_string(e.kind()), "save");
    EXPECT_NE(std::string(e.what()).find("fox.png"), std::string::npos) << e.what();
  }
  std::ifstream in(dir / "fox.png");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "mine");
}

TEST_F(SaveTest, AFileInTheWayOfTheDirectoryIsASaveError) {
  fs::create_directories(dir);
  std::ofstream(dir / "taken") << "x";
  try {
    save_image_in(kPng, dir / "taken" / "sub", "a");
    FAIL() << "saved under a file";
  } catch (const SaveError& e) {
    EXPECT_EQ(e.bytes(), kPng);
  }
  EXPECT_THROW(save_image_in(kPng, dir / "taken", "a"), SaveError);  // a file, not a directory
  EXPECT_THROW(save_image(kPng, dir / "taken" / "a.png"), SaveError);
}

TEST_F(SaveTest, AFailedWriteLeavesNoPartialFileAndSaysWhy) {
  fs::create_directories(dir);
  // A file-size limit of 16 bytes makes the write of a 40-byte image fail with EFBIG.
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = saved;
  small.rlim_cur = 16;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  Bytes big = kPng;
  big.resize(40, 7);
  std::error_code code;
  try {
    save_image_in(big, dir, "big");
  } catch (const SaveError& e) {
    code = e.code();
  }
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(code, std::make_error_code(std::errc::file_too_large));
  EXPECT_TRUE(fs::is_empty(dir));  // neither big.png nor the temporary file with 16 bytes
}

TEST_F(SaveTest, AStemThatIsNotAFileNameIsRefused) {
  for (const char* stem : {"", ".", "..", "a/b", "/abs"}) {
    EXPECT_THROW(save_image_in(kPng, dir, stem), InvalidRequestError) << stem;
  }
  EXPECT_THROW(save_image_in(kPng, dir, std::string_view("a\0b", 3)), InvalidRequestError);
  EXPECT_THROW(save_image(kPng, dir / ""), InvalidRequestError);  // a directory, no file name
  EXPECT_THROW(save_image(kPng, dir / "."), InvalidRequestError);
  EXPECT_THROW(save_image(kPng, dir / "sub" / ".."), InvalidRequestError);
  EXPECT_FALSE(fs::exists(dir));  // refused before anything was made
}

TEST_F(SaveTest, TheClientSavesAB64ItemAndAUrlItem) {
  auto transport = std::make_shared<testing::FakeTransport>();
  ClientOptions options;
  options.api_key = "sk-test";
  options.transport = transport;
  const Client client(options);

  ImageDataItem b64;
  b64.b64_json = "/9j/4AAQ";  // FF D8 FF E0 00 10: a JPEG
  EXPECT_EQ(client.save_in(b64, dir, "fox"), dir / "fox.jpg");
  EXPECT_EQ(client.save(b64, dir / "again.png"), dir / "again.jpg");
  EXPECT_TRUE(transport->requests().empty());  // decoded, not fetched

  transport->respond(200, std::string(kWebp.begin(), kWebp.end()));
  ImageDataItem url;
  url.url = "https://cdn.test/a.png";
  EXPECT_EQ(client.save_in(url, dir, "fox"), dir / "fox.webp");
  EXPECT_EQ(read(dir / "fox.webp"), kWebp);
  ASSERT_EQ(transport->requests().size(), 1u);
  EXPECT_EQ(transport->requests().at(0).url, "https://cdn.test/a.png");

  // A name that cannot be saved is refused before the image is downloaded for nothing.
  EXPECT_THROW(client.save_in(url, dir, "a/b"), InvalidRequestError);
  EXPECT_THROW(client.save(url, dir / ".."), InvalidRequestError);
  EXPECT_EQ(transport->requests().size(), 1u);
}

TEST(SaveErrorType, CopiesWithoutThrowingAndSharesTheImage) {
  static_assert(std::is_nothrow_copy_constructible_v<SaveError>);
  const SaveError error("cannot write", "out/a.png", std::make_error_code(std::errc::io_error),
                        std::make_shared<const Bytes>(kPng));
  const SaveError copy = error;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(&copy.bytes(), &error.bytes());
  EXPECT_EQ(copy.path(), "out/a.png");
  EXPECT_TRUE(SaveError("x", "p", {}).bytes().empty());
}

}  // namespace
}  // namespace edenai
