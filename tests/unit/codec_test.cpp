// The JSON codec: request encoding (omitted optionals, extras, escapes) and response decoding
// (nulls, unknown keys, escapes, wrong types, malformed bodies), with DecodeError paths.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>

#include "api/images.hpp"
#include "edenai/errors.hpp"
#include "json/base64.hpp"
#include "json/codec.hpp"

namespace edenai::internal {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;

ImageGenerationBody minimal_body() {
  ImageGenerationBody body;
  body.model = "openai/gpt-image-1";
  body.prompt = "a lighthouse at dawn";
  return body;
}

// Decodes with a caller-made string, exercising the copy path (no spare capacity assumed).
ImageResponse decode(const std::string& text) {
  return decode_image_response(text);
}

// An error body's text to its validation details, as throw_api_error reads them.
std::optional<HTTPValidationError> decode_validation_error(std::string_view text) {
  const auto json = parse_error_body(text);
  return json ? validation_from_json(*json) : std::nullopt;
}

std::string decode_error(const std::string& text) {
  try {
    decode(text);
  } catch (const DecodeError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no DecodeError for " << text;
  return {};
}

TEST(EncodeRequest, OmitsUnsetOptionals) {
  const json wire = json::parse(encode_request(minimal_body()));
  EXPECT_EQ(wire, json({{"model", "openai/gpt-image-1"}, {"prompt", "a lighthouse at dawn"}}));
}

TEST(EncodeRequest, SendsEveryTypedFieldAndMergesExtra) {
  ImageGenerationBody body = minimal_body();
  body.n = 3;
  body.size = "1536x1024";
  body.user = "user-42";
  body.quality = "high";
  body.response_format = "b64_json";
  body.metadata = json{{"job", 7}};
  body.extra_headers = std::map<std::string, std::string>{{"X-Trace", "abc"}};
  body.extra = json{{"background", "transparent"}, {"output_format", "webp"}};
  const json wire = json::parse(encode_request(body));
  EXPECT_EQ(wire, json({{"model", "openai/gpt-image-1"},
                        {"prompt", "a lighthouse at dawn"},
                        {"n", 3},
                        {"size", "1536x1024"},
                        {"user", "user-42"},
                        {"quality", "high"},
                        {"response_format", "b64_json"},
                        {"metadata", {{"job", 7}}},
                        {"extra_headers", {{"X-Trace", "abc"}}},
                        {"background", "transparent"},
                        {"output_format", "webp"}}));
}

TEST(EncodeRequest, NullMetadataAndNullExtraAreNotSent) {
  ImageGenerationBody body = minimal_body();
  body.metadata = json(nullptr);
  body.extra = json(nullptr);
  const std::string wire = encode_request(body);
  EXPECT_THAT(wire, ::testing::Not(HasSubstr("null")));
  EXPECT_EQ(json::parse(wire).size(), 2u);
}

TEST(EncodeRequest, EscapesSpecialCharacters) {
  ImageGenerationBody body = minimal_body();
  body.prompt = "quote \" backslash \\ newline \n tab \t control \x01 caf\xc3\xa9 \xf0\x9f\x8e\xa8";
  const std::string wire = encode_request(body);
  EXPECT_THAT(wire, HasSubstr("\\\""));
  EXPECT_THAT(wire, HasSubstr("\\n"));
  EXPECT_THAT(wire, HasSubstr("\\u0001"));
  EXPECT_EQ(json::parse(wire)["prompt"], body.prompt);
}

TEST(DecodeResponse, ReadsTheDocumentedExample) {
  const ImageResponse r = decode(
      R"({"created":1779792103,"data":[{"b64_json":"iVBORw==","url":null,"revised_prompt":null}],)"
      R"("output_format":"png","size":"1024x1024","usage":{"total_tokens":291,"input_tokens":19,)"
      R"("output_tokens":272},"cost":0.010975,"provider":"google"})");
  EXPECT_EQ(r.created, 1779792103);
  EXPECT_EQ(r.cost, 0.010975);
  EXPECT_EQ(r.provider, "google");
  ASSERT_EQ(r.data.size(), 1u);
  EXPECT_EQ(r.data[0].b64_json, "iVBORw==");
  EXPECT_FALSE(r.data[0].url);
  EXPECT_FALSE(r.data[0].revised_prompt);
  EXPECT_TRUE(r.data[0].extra.empty());
  ASSERT_TRUE(r.usage);
  EXPECT_EQ((*r.usage)["total_tokens"], 291);
  EXPECT_EQ(r.extra, json({{"output_format", "png"}, {"size", "1024x1024"}}));
}

TEST(DecodeResponse, NullMeansAbsent) {
  const ImageResponse r =
      decode(R"({"cost":null,"provider":null,"created":null,"data":null,"usage":null})");
  EXPECT_FALSE(r.cost);
  EXPECT_FALSE(r.provider);
  EXPECT_FALSE(r.created);
  EXPECT_TRUE(r.data.empty());
  EXPECT_FALSE(r.usage);
  EXPECT_TRUE(r.extra.empty());
}

TEST(DecodeResponse, KeepsUnknownKeysOfEveryType) {
  const ImageResponse r =
      decode(R"({"data":[{"url":"https://x/y.png","seed":-3,"nsfw":false,"tags":["a",1.5,null],)"
             R"("big":18446744073709551615}],"quality":"high","nested":{"a":{"b":[{}]}}})");
  ASSERT_EQ(r.data.size(), 1u);
  EXPECT_EQ(r.data[0].url, "https://x/y.png");
  EXPECT_EQ(r.data[0].extra, json::parse(R"({"seed":-3,"nsfw":false,"tags":["a",1.5,null],)"
                                         R"("big":18446744073709551615})"));
  EXPECT_EQ(r.extra, json::parse(R"({"quality":"high","nested":{"a":{"b":[{}]}}})"));
}

TEST(DecodeResponse, UnescapesStrings) {
  const ImageResponse r = decode(
      R"({"provider":"op\u00e9n\n\"ai\"","data":[{"url":"https:\/\/h\/i.png","revised_prompt":"\ud83c\udfa8"}],)"
      R"("k\u00e9y":"\t"})");
  EXPECT_EQ(r.provider, "op\xc3\xa9n\n\"ai\"");
  EXPECT_EQ(r.data[0].url, "https://h/i.png");
  EXPECT_EQ(r.data[0].revised_prompt, "\xf0\x9f\x8e\xa8");
  EXPECT_EQ(r.extra["k\xc3\xa9y"], "\t");
}

TEST(DecodeResponse, Base64StringsAreReadExactlyWhateverSurroundsThem) {
  // b64_json is copied from the raw token when it has no escape: check the token's edges.
  const std::pair<const char*, const char*> cases[] = {
      {R"({"data":[{"b64_json":"QUJD"}]})", "QUJD"},
      {"{\"data\":[{\"b64_json\" : \"QUJD\" \n\t\r , \"url\":null}]}", "QUJD"},
      {"{\"data\":[{\"b64_json\":\"QUJD\"\n}\n]}", "QUJD"},
      {R"({"data":[{"b64_json":""}]})", ""},
      {R"({"data":[{"b64_json":"ab\/cd"}]})", "ab/cd"},
      {R"({"data":[{"b64_json":"a\"b"}]})", "a\"b"},
      {R"({"data":[{"b64_json":"x\\"}]})", "x\\"},
      {R"({"data":[{"b64_json":"\u0041BCD"}]})", "ABCD"},
  };
  for (const auto& [json_text, expected] : cases) {
    const ImageResponse r = decode(json_text);
    ASSERT_EQ(r.data.size(), 1u) << json_text;
    EXPECT_EQ(r.data[0].b64_json, expected) << json_text;
  }
  EXPECT_THROW(decode(R"({"data":[{"b64_json":"abc}]})"), DecodeError);
}

TEST(DecodeResponse, Base64TextLiesInTheBodyAndItsEscapesAreUndoneWhenUsed) {
  // A server escaping '/' (PHP's json_encode does) still gives images: the first decode fails
  // on the backslash, the escapes are undone once, and the text decodes.
  const ImageResponse r = decode(R"({"data":[{"b64_json":"QU\/D"},{"b64_json":"QUJD"}]})");
  ASSERT_EQ(r.data.size(), 2u);
  EXPECT_TRUE(r.data[0].b64_json->shares_response_buffer());
  EXPECT_TRUE(r.data[1].b64_json->shares_response_buffer());
  EXPECT_EQ(r.data[0].bytes(), (std::vector<std::uint8_t>{0x41, 0x4f, 0xc3}));  // "QU/D"
  EXPECT_EQ(r.data[0].b64_json, "QU/D");
  EXPECT_EQ(r.data[1].bytes(), (std::vector<std::uint8_t>{'A', 'B', 'C'}));
  EXPECT_EQ(r.data[1].b64_json, "QUJD");
  // Escapes that are not JSON leave the text as received; only that image fails to decode
  // (it used to cost the whole response, its other images included).
  const ImageResponse bad = decode(R"({"data":[{"b64_json":"abc\q"},{"b64_json":"QUJD"}]})");
  ASSERT_EQ(bad.data.size(), 2u);
  EXPECT_EQ(bad.data[0].b64_json, "abc\\q");
  EXPECT_THROW((void)bad.data[0].bytes(), DecodeError);
  EXPECT_EQ(bad.data[1].bytes(), (std::vector<std::uint8_t>{'A', 'B', 'C'}));
  // The same when the body is parsed from a repaired copy (a bad byte elsewhere): the texts are
  // copies then, under the same rule.
  const ImageResponse repaired =
      decode("{\"data\":[{\"b64_json\":\"abc\\q\"},{\"b64_json\":\"QU\\/D\"}],\"note\":\"\xff\"}");
  ASSERT_EQ(repaired.data.size(), 2u);
  EXPECT_FALSE(repaired.data[0].b64_json->shares_response_buffer());
  EXPECT_EQ(repaired.data[0].b64_json, "abc\\q");
  EXPECT_THROW((void)repaired.data[0].bytes(), DecodeError);
  EXPECT_EQ(repaired.data[1].bytes(), (std::vector<std::uint8_t>{0x41, 0x4f, 0xc3}));
}

// The shape that carries the images is strict: a wrong type there is a DecodeError naming its path.
TEST(DecodeResponse, WrongTypesInTheImagesNameTheirPath) {
  EXPECT_THAT(decode_error(R"({"data":{}})"),
              HasSubstr("$.data: expected array or null, got object"));
  EXPECT_THAT(decode_error(R"({"data":[{"url":"a"},7]})"),
              HasSubstr("$.data[1]: expected object, got number"));
  EXPECT_THAT(decode_error(R"({"data":[{"b64_json":true}]})"),
              HasSubstr("$.data[0].b64_json: expected string"));
  EXPECT_THAT(decode_error(R"({"data":[{"url":[]}]})"), HasSubstr("$.data[0].url"));
  EXPECT_THAT(decode_error(R"({"data":"none"})"), HasSubstr("$.data: expected array"));
}

// Metadata is lenient: a typed field whose value does not fit is left unset and kept, as
// received, in `extra`; the images survive.
TEST(DecodeResponse, OddMetadataIsKeptInExtraAndTheImagesSurvive) {
  const ImageResponse r = decode(R"({"cost":"0.04","provider":7,"created":1.7e9,"usage":[1,2],)"
                                 R"("data":[{"b64_json":"iVBORw==","revised_prompt":{"x":1}}]})");
  ASSERT_EQ(r.data.size(), 1u);
  EXPECT_EQ(r.data[0].b64_json, "iVBORw==");
  EXPECT_FALSE(r.cost);
  EXPECT_EQ(r.extra["cost"], "0.04");
  EXPECT_FALSE(r.provider);
  EXPECT_EQ(r.extra["provider"], 7);
  EXPECT_FALSE(r.created);
  EXPECT_DOUBLE_EQ(r.extra["created"].get<double>(), 1.7e9);
  EXPECT_FALSE(r.usage);
  EXPECT_EQ(r.extra["usage"], json::parse("[1,2]"));
  EXPECT_FALSE(r.data[0].revised_prompt);
  EXPECT_EQ(r.data[0].extra["revised_prompt"], json::parse(R"({"x":1})"));

  // Out of range: beyond double's range, beyond 64 bits.
  const ImageResponse huge =
      decode(R"({"cost":1e400,"created":99999999999999999999,"data":[{"url":"u"}]})");
  EXPECT_FALSE(huge.cost);
  EXPECT_EQ(huge.extra["cost"], "1e400");
  EXPECT_FALSE(huge.created);
  EXPECT_TRUE(huge.extra.contains("created"));
  EXPECT_EQ(huge.data.at(0).url, "u");
  EXPECT_FALSE(decode(R"({"created":"1"})").created);
  EXPECT_FALSE(decode(R"({"created":1.5})").created);
  EXPECT_EQ(decode(R"({"created":-5})").created, -5);
  EXPECT_EQ(decode(R"({"cost":2})").cost, 2.0);
}

// RFC 8259 leaves an unpaired surrogate escape undefined, and simdjson refuses it: it becomes
// U+FFFD, wherever it is, instead of costing the images.
TEST(DecodeResponse, AnUnpairedSurrogateBecomesTheReplacementCharacter) {
  const ImageResponse r = decode(
      R"({"data":[{"b64_json":"QUJD","revised_prompt":"a \ud800 b \udc00"}],"note":"x\udbff",)"
      R"("k\ud801":1,"ok":"\ud83c\udfa8"})");
  ASSERT_EQ(r.data.size(), 1u);
  EXPECT_EQ(r.data[0].b64_json, "QUJD");
  EXPECT_EQ(r.data[0].revised_prompt, "a \xEF\xBF\xBD b \xEF\xBF\xBD");
  EXPECT_EQ(r.extra["note"], "x\xEF\xBF\xBD");
  EXPECT_EQ(r.extra["k\xEF\xBF\xBD"], 1);
  EXPECT_EQ(r.extra["ok"], "\xf0\x9f\x8e\xa8");
}

TEST(DecodeResponse, SkipsAUtf8ByteOrderMark) {
  const ImageResponse r = decode("\xEF\xBB\xBF{\"data\":[{\"b64_json\":\"QUJD\"}],\"cost\":0.04}");
  ASSERT_EQ(r.data.size(), 1u);
  EXPECT_EQ(r.data[0].b64_json, "QUJD");
  EXPECT_EQ(r.cost, 0.04);
  EXPECT_THROW(decode("\xEF\xBB\xBF"), DecodeError);
  EXPECT_THROW(decode("\xEF\xBB{}"), DecodeError);  // half a mark is not one
}

// Invalid UTF-8 makes simdjson refuse the whole document; the images are worth a second pass.
TEST(DecodeResponse, InvalidUtf8OutsideTheImagesIsReplaced) {
  const ImageResponse r =
      decode("{\"provider\":\"op\xff\xfe\",\"data\":[{\"b64_json\":\"QUJD\",\"x\":\"\xc3\"}]}");
  ASSERT_EQ(r.data.size(), 1u);
  EXPECT_EQ(r.data[0].b64_json, "QUJD");
  EXPECT_EQ(r.provider, "op\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(r.data[0].extra["x"], "\xEF\xBF\xBD");
}

TEST(DecodeResponse, PathsFromServerKeysStayOneBoundedLine) {
  const std::string key = "line\\nbreak" + std::string(1000, 'k');
  const std::string message = decode_error("{\"" + key + "\":nope}");
  EXPECT_THAT(message, HasSubstr("$.line?break"));
  EXPECT_EQ(message.find('\n'), std::string::npos);
  EXPECT_LT(message.size(), 200u);
  // A cut never splits a UTF-8 character.
  std::string accents;
  for (int i = 0; i < 40; ++i)
    accents += "\xc3\xa9";
  const std::string cut = decode_error("{\"a" + accents + "\":nope}");
  EXPECT_THAT(cut, HasSubstr("$.a"));
  EXPECT_EQ(cut.find("\xc3..."), std::string::npos);
}

TEST(DecodeResponse, MalformedBodiesAreDecodeErrors) {
  for (const char* bad :
       {"", "   ", "not json", "<html><body>502</body></html>", "[1,2]", "42", "\"text\"", "null",
        R"({"data":[)", R"({"data":[]} trailing)", R"({"data":[]}{})", R"({"a":"\x"})",
        R"({"a":tru})", R"({"a":1,})", R"({"a":"\u12"})", R"({"a":"\ud800\x"})", "{\"a\xff\":[}",
        R"({"data":[{"x":01}]})"}) {
    EXPECT_THROW(decode(bad), DecodeError) << bad;
  }
}

TEST(DecodeResponse, LiteralsThatOnlyLookLikeNullAreRejected) {
  // simdjson classifies a value by its first byte; each of these starts with 'n'.
  for (const char* bad : {R"({"data":nope})", R"({"cost":nXYZ})", R"({"provider":nul0})",
                          R"({"created":n})", R"({"usage":nil})", R"({"data":[{"url":nah}]})",
                          R"({"data":[{"b64_json":nix}]})", R"({"data":[{"revised_prompt":nu}]})",
                          R"({"extra":nulll})", R"({"flag":truth})", R"({"flag":fals})"}) {
    EXPECT_THROW(decode(bad), DecodeError) << bad;
  }
}

TEST(DecodeResponse, KeepsNumbersBeyondSixtyFourBitsInFreeFormFields) {
  const ImageResponse r =
      decode(R"({"usage":{"seed":99999999999999999999},"huge":1e400,"tiny":-1e-400,)"
             R"("data":[{"url":"u","seed":18446744073709551616}]})");
  ASSERT_TRUE(r.usage);
  EXPECT_DOUBLE_EQ((*r.usage)["seed"].get<double>(), 1e20);
  EXPECT_DOUBLE_EQ(r.data.at(0).extra["seed"].get<double>(), 18446744073709551616.0);
  EXPECT_EQ(r.extra["huge"], "1e400");  // beyond double's range: kept as its text
  EXPECT_TRUE(r.extra["tiny"].is_number() || r.extra["tiny"] == "-1e-400");
  for (const char* bad : {R"({"x":01})", R"({"x":-})", R"({"x":1.})", R"({"x":.5})", R"({"x":1e})",
                          R"({"x":+1})", R"({"x":0x10})", R"({"x":1e400.5})"}) {
    EXPECT_THROW(decode(bad), DecodeError) << bad;
  }
}

// Raw control characters inside strings (a line break inside base64) are refused by simdjson,
// as by Python and Node; the images are worth a second pass with them escaped.
TEST(DecodeResponse, RawControlCharactersInStringsDoNotCostTheImages) {
  const ImageResponse r =
      decode("{\"data\":[{\"b64_json\":\"QU\nJD\",\"revised_prompt\":\"a\tfox\"}]}");
  ASSERT_EQ(r.data.size(), 1u);
  EXPECT_EQ(r.data[0].b64_json, "QU\nJD");
  const auto bytes = r.data[0].bytes();
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), "ABC");
  EXPECT_EQ(r.data[0].revised_prompt, "a\tfox");
  EXPECT_THROW(decode("{\"data\":\n[1}"), DecodeError);  // still no JSON
}

// Duplicate names are undefined by RFC 8259: a repeated key that carries nothing never replaces
// one that carries images; otherwise the last wins, as in other parsers.
TEST(DecodeResponse, ARepeatedKeyThatCarriesNothingKeepsTheImages) {
  for (const char* text : {R"({"data":[{"b64_json":"QUJD"}],"data":null})",
                           R"({"data":[{"b64_json":"QUJD"}],"data":[]})",
                           R"({"data":null,"data":[{"b64_json":"QUJD"}]})",
                           R"({"data":[],"data":[{"b64_json":"QUJD"}]})",
                           R"({"data":[{"b64_json":"QUJD","b64_json":null}]})",
                           R"({"data":[{"b64_json":null,"b64_json":"QUJD"}]})",
                           R"({"data":[{"b64_json":"eHl6"}],"data":[{"b64_json":"QUJD"}]})"}) {
    const ImageResponse r = decode(text);
    ASSERT_EQ(r.data.size(), 1u) << text;
    EXPECT_EQ(r.data[0].b64_json, "QUJD") << text;
  }
  const ImageResponse url = decode(R"({"data":[{"url":"https://a/b.png","url":null}]})");
  EXPECT_EQ(url.data.at(0).url, "https://a/b.png");
}

TEST(DecodeResponse, DeepNestingIsNeitherACrashNorALoss) {
  // Deep enough to overflow the stack of a converter that recursed without a bound: beyond 64
  // levels, a free-form value is kept as its JSON text (simdjson skips it without recursing).
  const auto bottom_of = [](const json& value, int& levels) {
    const json* level = &value;
    for (levels = 0; level->is_array() || level->is_object(); ++levels)
      level = level->is_array() ? &(*level)[0] : &level->begin().value();
    return *level;
  };
  const ImageResponse r = decode("{\"data\":[{\"url\":\"u\"}],\"x\":" + std::string(200, '[') +
                                 std::string(200, ']') + "}");
  ASSERT_EQ(r.data.size(), 1u);
  int levels = 0;
  EXPECT_EQ(bottom_of(r.extra["x"], levels), std::string(136, '[') + std::string(136, ']'));
  EXPECT_EQ(levels, kMaxJsonDepth);

  const std::size_t depth = 1'000'000;
  const ImageResponse deep =
      decode("{\"data\":[{\"b64_json\":\"QUJD\",\"y\":" + std::string(depth, '[') +
             std::string(depth, ']') + "}]}");
  ASSERT_EQ(deep.data.size(), 1u);
  EXPECT_EQ(deep.data[0].b64_json, "QUJD");
  EXPECT_EQ(bottom_of(deep.data[0].extra["y"], levels).get<std::string>().size(),
            2 * (depth - (kMaxJsonDepth - 2)));  // an item's members start at level 3
  // Moderate nesting within the bound is kept as JSON.
  const std::string ok = "{\"x\":" + std::string(40, '[') + std::string(40, ']') + "}";
  EXPECT_TRUE(decode(ok).extra["x"].is_array());
  // Unbalanced brackets are still no JSON.
  EXPECT_THROW(decode("{\"x\":" + std::string(100, '[') + "}"), DecodeError);
}

TEST(DecodeResponse, DecodesABodyThatCarriesTheParsersPadding) {
  std::vector<std::uint8_t> image(100000, 0x5A);
  const std::string b64 = encode_base64(image.data(), image.size());
  std::string body;
  body.reserve(b64.size() + 200);
  body += R"({"data":[{"b64_json":")";  // appending keeps the reserved capacity
  body += b64;
  body += R"("}]})";
  ASSERT_GE(body.capacity() - body.size(), 64u);
  const ImageResponse r = decode_image_response(body);
  ASSERT_EQ(r.data.size(), 1u);
  EXPECT_EQ(r.data[0].bytes(), image);
}

TEST(DecodeValidationError, ParsesLocationsOfBothKinds) {
  const auto v = decode_validation_error(
      R"({"detail":[{"loc":["body","n"],"msg":"too big","type":"less_than_equal","ctx":{"le":10}},)"
      R"({"loc":["body","metadata",0],"msg":"bad","type":"dict_type","input":"x"}]})");
  ASSERT_TRUE(v);
  ASSERT_EQ(v->detail.size(), 2u);
  EXPECT_EQ(format_location(v->detail[0].loc), "body.n");
  EXPECT_EQ(v->detail[0].msg, "too big");
  EXPECT_EQ(v->detail[0].type, "less_than_equal");
  EXPECT_EQ(std::get<std::int64_t>(v->detail[1].loc[2]), 0);
  EXPECT_EQ(format_location(v->detail[1].loc), "body.metadata.0");
}

TEST(DecodeValidationError, KeepsEveryIndexExact) {
  const auto v = decode_validation_error(
      R"({"detail":[{"loc":["body","extra",18446744073709551615,9223372036854775807,-3],)"
      R"("msg":"m","type":"t"}]})");
  ASSERT_TRUE(v);
  ASSERT_EQ(v->detail.size(), 1u);
  EXPECT_EQ(format_location(v->detail[0].loc),
            "body.extra.18446744073709551615.9223372036854775807.-3");
  EXPECT_EQ(std::get<std::int64_t>(v->detail[0].loc[3]), INT64_MAX);
}

TEST(DecodeValidationError, RejectsOtherShapes) {
  for (const char* other : {R"({"detail":"Not authenticated"})", R"({"error":"x"})", "oops", "",
                            R"({"detail":[{"loc":"body","msg":"m","type":"t"}]})",
                            R"({"detail":[{"loc":[],"msg":1,"type":"t"}]})",
                            R"({"detail":[{"loc":[1.5],"msg":"m","type":"t"}]})"}) {
    EXPECT_FALSE(decode_validation_error(other)) << other;
  }
}

}  // namespace
}  // namespace edenai::internal
