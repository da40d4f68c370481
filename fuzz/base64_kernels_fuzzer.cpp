// libFuzzer target: the base64 kernels against each other, against decode_base64, and against an
// oracle that works the way the decoder they replaced did (drop the whitespace, then decode the
// compact text in one go). Each input is decoded as it is and, so that the fuzzer reaches the
// SIMD blocks, as the encoding of itself with one of its bytes spliced in. decode_base64_into
// writes into a buffer of exactly decoded_size_bound bytes, so ASan reports a write past the
// bound. Any difference aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/base64.hpp"

namespace {

using Bytes = std::vector<std::uint8_t>;
using edenai::internal::Base64Kernel;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int sextet(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

// The previous decoder's rule and shape: compact the text, strip up to two '=' (which must then
// complete a quad), a tail of 1 is invalid, the low bits of a partial quad are not checked.
std::optional<Bytes> oracle(std::string_view text) {
  std::string compact;
  for (const char c : text) {
    if (!is_space(c)) compact += c;
  }
  std::size_t len = compact.size();
  std::size_t padding = 0;
  while (len > 0 && padding < 2 && compact[len - 1] == '=') {
    --len;
    ++padding;
  }
  if (padding > 0 && compact.size() % 4 != 0) return std::nullopt;
  if (len % 4 == 1) return std::nullopt;
  Bytes out;
  for (std::size_t q = 0; q < len; q += 4) {
    std::uint32_t v = 0;
    const std::size_t n = len - q < 4 ? len - q : 4;
    for (std::size_t i = 0; i < 4; ++i) {
      const int s = i < n ? sextet(static_cast<unsigned char>(compact[q + i])) : 0;
      if (s < 0) return std::nullopt;
      v = (v << 6) | static_cast<std::uint32_t>(s);
    }
    for (std::size_t i = 0; i + 1 < n; ++i)
      out.push_back(static_cast<std::uint8_t>(v >> (16 - 8 * i)));
  }
  return out;
}

std::optional<Bytes> decode_with(std::string_view text, Base64Kernel kernel) {
  Bytes out(edenai::internal::decoded_size_bound(text));  // exactly the bound: ASan sees past it
  const std::optional<std::size_t> size =
      edenai::internal::decode_base64_into(text, out.data(), kernel);
  if (!size) return std::nullopt;
  if (*size > out.size()) std::abort();
  out.resize(*size);
  return out;
}

void check(std::string_view text) {
  const std::optional<Bytes> expected = oracle(text);
  const std::optional<Bytes> scalar = decode_with(text, Base64Kernel::scalar);
  const std::optional<Bytes> avx2 = decode_with(text, Base64Kernel::avx2);
  const std::optional<Bytes> vector = edenai::internal::decode_base64(text);
  const char* differs = scalar != expected   ? "scalar"
                        : avx2 != expected   ? "avx2"
                        : vector != expected ? "decode_base64"
                                             : nullptr;
  if (differs != nullptr) {
    std::fprintf(stderr, "%s differs from the oracle (which says %s) on %zu characters\n", differs,
                 expected ? "valid" : "invalid", text.size());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check(std::string_view(reinterpret_cast<const char*>(data), size));
  if (size < 2) return 0;
  // The encoding of the rest, with the first byte spliced in (or written over a character) at a
  // place the second byte picks.
  std::string text = edenai::internal::encode_base64(data + 2, size - 2);
  const std::size_t at = (std::size_t{data[1]} * 131) % (text.size() + 1);
  const char c = static_cast<char>(data[0]);
  if (data[1] % 2 == 0 || at == text.size()) {
    text.insert(at, 1, c);
  } else {
    text[at] = c;
  }
  check(text);
  return 0;
}
