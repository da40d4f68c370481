// Money rules through real libcurl against raw-socket servers that misbehave on purpose: a
// generation reaches the server at most max_retries + 1 times whatever the connections do
// (blocking, async and batch), an answer that began with 2xx is never bought again, and every
// error says how far its request got.
#include <gtest/gtest.h>

#include <edenai/edenai.hpp>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

#include "support/raw_server.hpp"

namespace {

using edenai::Delivery;
using edenai::testing::http_ok;
using edenai::testing::RawServer;

constexpr const char* kImages = R"({"data":[{"b64_json":"QUJD"}],"cost":0.04})";

edenai::ImageGenerationBody body(const std::string& prompt = "a fox") {
  edenai::ImageGenerationBody b;
  b.model = "openai/gpt-image-1";
  b.prompt = prompt;
  return b;
}

edenai::Client client(const std::string& base_url, int max_retries) {
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = base_url;
  options.max_retries = max_retries;
  options.timeout = std::chrono::seconds(20);
  return edenai::Client(options);
}

// The prompt of a recorded request.
std::string prompt_of(const std::string& request) {
  return nlohmann::json::parse(request.substr(request.find("\r\n\r\n") + 4))["prompt"];
}

// Answers the first request of every connection, then reads the next one in full and drops the
// connection without a word: the kept-alive connection "dies" after the request was sent, which
// is when libcurl used to send it again on a fresh connection by itself.
RawServer::Script answer_once_then(bool reset) {
  return [reset](RawServer::Connection& c) {
    if (!c.read_request()) return;
    c.send(http_ok(kImages));
    if (!c.read_request()) return;
    if (reset) {
      c.reset();
    } else {
      c.close();
    }
  };
}

// Parameters: whether the server resets (else closes) the connection, and whether the body is
// large (80 kB of prompt: handed over by a read callback) or small (written with the head).
class DeadKeptAliveConnection : public ::testing::TestWithParam<std::tuple<bool, bool>> {
 protected:
  static bool reset() { return std::get<0>(GetParam()); }
  // A generation whose JSON body is small, or over the 64 KiB written with the head.
  static edenai::ImageGenerationBody body(const std::string& prompt = "a fox") {
    std::string text = prompt;
    if (std::get<1>(GetParam())) {
      for (int i = 0; i < 20000; ++i)
        text += "\xF0\x9F\xA6\x8A";  // U+1F98A, four bytes
    }
    return ::body(text);
  }
};

TEST_P(DeadKeptAliveConnection, IsNotResentByTheTransport) {
  RawServer server(answer_once_then(reset()));
  const auto c = client(server.base_url(), 0);
  EXPECT_EQ(c.generate(body()).data.size(), 1u);
  try {
    c.generate(body());
    FAIL() << "expected a ConnectionError";
  } catch (const edenai::ConnectionError& e) {
    EXPECT_EQ(e.attempts(), 1);
    EXPECT_TRUE(e.retryable());
    EXPECT_EQ(e.delivery(), Delivery::unanswered) << e.what();
    EXPECT_TRUE(e.may_have_been_billed());
    EXPECT_EQ(e.billable_attempts(), 1);
  }
  EXPECT_EQ(server.request_count(), 2u);  // one per call: max_retries + 1
  // The body's size puts it on the path the parameter names (with the head below 64 KiB).
  EXPECT_EQ(server.requests().back().size() > (std::size_t{64} << 10), std::get<1>(GetParam()));
}

TEST_P(DeadKeptAliveConnection, IsResentOnlyByTheRetryLoopAndCounted) {
  RawServer server(answer_once_then(reset()));
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = server.base_url();
  options.max_retries = 1;
  std::vector<std::string> attempts;  // one log line per attempt the SDK made
  options.logger = [&](edenai::LogLevel, const std::string& line) { attempts.push_back(line); };
  const edenai::Client c(options);
  EXPECT_EQ(c.generate(body()).data.size(), 1u);
  // The retry opens a connection of its own, whose first request is answered.
  EXPECT_EQ(c.generate(body()).data.size(), 1u);
  EXPECT_EQ(server.request_count(), 3u);
  ASSERT_EQ(attempts.size(), 3u);  // every request on the wire was an attempt of the SDK's
  EXPECT_NE(attempts[1].find("attempt 1/2"), std::string::npos) << attempts[1];
  EXPECT_NE(attempts[1].find("retrying"), std::string::npos) << attempts[1];
  EXPECT_NE(attempts[2].find("-> 200"), std::string::npos) << attempts[2];
}

TEST_P(DeadKeptAliveConnection, IsNotResentThroughGenerateAsync) {
  RawServer server(answer_once_then(reset()));
  const auto c = client(server.base_url(), 0);
  EXPECT_EQ(c.generate_async(body()).get().data.size(), 1u);
  try {
    c.generate_async(body()).get();
    FAIL() << "expected a ConnectionError";
  } catch (const edenai::ConnectionError& e) {
    EXPECT_EQ(e.attempts(), 1);
    EXPECT_EQ(e.delivery(), Delivery::unanswered) << e.what();
  }
  EXPECT_EQ(server.request_count(), 2u);
}

// Many calls over connections that each serve one request and then die with the next one read:
// no body reaches the server more often than max_retries + 1, and a failed call's attempts()
// is exactly how often it did.
TEST_P(DeadKeptAliveConnection, NoBodyOfABatchIsSentMoreOftenThanAllowed) {
  RawServer server(answer_once_then(reset()));
  const auto c = client(server.base_url(), 1);
  std::vector<edenai::ImageGenerationBody> bodies;
  bodies.reserve(60);
  for (int i = 0; i < 60; ++i)
    bodies.push_back(body("prompt " + std::to_string(i)));
  edenai::BatchOptions options;
  options.concurrency = 6;
  const auto results = c.generate_batch(bodies, options);

  std::map<std::string, int> sent;
  for (const auto& request : server.requests())
    ++sent[prompt_of(request)];
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    const int times = sent[bodies[i].prompt];
    EXPECT_GE(times, 1) << i;
    EXPECT_LE(times, 2) << i;
    if (!results[i].ok()) {
      try {
        results[i].rethrow();
      } catch (const edenai::Error& e) {
        EXPECT_EQ(e.attempts(), times) << i << ": " << e.what();
        EXPECT_EQ(e.billable_attempts(), times) << i;
      }
    }
  }
  EXPECT_EQ(sent.size(), bodies.size());
  // Reused connections did die under the calls (else the test proves nothing).
  EXPECT_GT(server.request_count(), bodies.size());
}

INSTANTIATE_TEST_SUITE_P(CloseOrReset, DeadKeptAliveConnection,
                         ::testing::Combine(::testing::Bool(), ::testing::Bool()),
                         [](const ::testing::TestParamInfo<std::tuple<bool, bool>>& info) {
                           return std::string(std::get<0>(info.param) ? "Reset" : "Close") +
                                  (std::get<1>(info.param) ? "LargeBody" : "SmallBody");
                         });

// Once a 2xx status line has arrived, the generation exists and is billed: whatever goes wrong
// after it, the call is not made again.
struct Answered {
  const char* name;
  std::string head_and_part;  // what the server sends before it closes or resets
  bool reset;
};

class AnsweredThenBroken : public ::testing::TestWithParam<Answered> {
 protected:
  // Reads the request, sends the parameter's start of an answer, then closes or resets.
  RawServer::Script script() const {
    const Answered answered = GetParam();
    return [answered](RawServer::Connection& c) {
      if (!c.read_request()) return;
      c.send(answered.head_and_part);
      if (answered.reset) {
        c.reset();
      } else {
        c.close();
      }
    };
  }
};

TEST_P(AnsweredThenBroken, IsNeverBoughtAgain) {
  RawServer server(script());
  const auto c = client(server.base_url(), 2);
  try {
    c.generate(body());
    FAIL() << "expected an error";
  } catch (const edenai::Error& e) {
    EXPECT_EQ(e.attempts(), 1) << e.what();
    EXPECT_EQ(e.delivery(), Delivery::answered) << e.what();
    EXPECT_TRUE(e.may_have_been_billed());
    if (const auto* connection = dynamic_cast<const edenai::ConnectionError*>(&e)) {
      EXPECT_FALSE(connection->retryable());
    }
  }
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_P(AnsweredThenBroken, IsNeverBoughtAgainThroughGenerateAsync) {
  RawServer server(script());
  const auto c = client(server.base_url(), 2);
  try {
    c.generate_async(body()).get();
    FAIL() << "expected an error";
  } catch (const edenai::Error& e) {
    EXPECT_EQ(e.attempts(), 1) << e.what();
    EXPECT_EQ(e.delivery(), Delivery::answered) << e.what();
  }
  EXPECT_EQ(server.request_count(), 1u);
}

const std::string kHead200 = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";

INSTANTIATE_TEST_SUITE_P(
    Responses, AnsweredThenBroken,
    ::testing::Values(
        Answered{"truncated_body", kHead200 + "Content-Length: 1000\r\n\r\n{\"data\":[", false},
        Answered{"reset_mid_body", kHead200 + "Content-Length: 1000\r\n\r\n{\"data\":[", true},
        Answered{"headers_only", kHead200 + "Content-Length: 1000\r\n", false},
        Answered{"corrupt_gzip",
                 kHead200 + "Content-Encoding: gzip\r\nContent-Length: 12\r\n\r\nnot gzip at!",
                 false},
        Answered{"truncated_chunks",
                 kHead200 + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"data\":[", false},
        Answered{"not_json", kHead200 + "Content-Length: 8\r\n\r\nnot json", false}),
    [](const ::testing::TestParamInfo<Answered>& info) { return std::string(info.param.name); });

TEST(AnsweredThenBroken, AnUnreadableBodyTravelsInItsDecodeError) {
  RawServer server([](RawServer::Connection& c) {
    if (c.read_request()) c.send(http_ok("{\"data\":[{\"b64_json\":\"QUJD\"}]} and more"));
  });
  try {
    client(server.base_url(), 2).generate(body());
    FAIL() << "expected a DecodeError";
  } catch (const edenai::DecodeError& e) {
    EXPECT_EQ(e.body(), "{\"data\":[{\"b64_json\":\"QUJD\"}]} and more");  // nothing paid is lost
    EXPECT_EQ(e.attempts(), 1);
  }
  EXPECT_EQ(server.request_count(), 1u);
}

// An error status cut short is still a failure the retry loop may repeat: nothing was produced.
TEST(AnsweredThenBroken, AnErrorStatusCutShortIsRetried) {
  RawServer server([](RawServer::Connection& c) {
    if (!c.read_request()) return;
    if (c.index() == 0) {
      c.send("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 100\r\n\r\n{\"det");
      c.close();
    } else {
      c.send(http_ok(kImages));
    }
  });
  EXPECT_EQ(client(server.base_url(), 1).generate(body()).data.size(), 1u);
  EXPECT_EQ(server.request_count(), 2u);
}

// The status is read as libcurl reads it: a 200 spelled oddly, then cut short, is still a 200
// that was paid for.
class OddStatusLine : public ::testing::TestWithParam<const char*> {};

TEST_P(OddStatusLine, CutShortIsStillNeverBoughtAgain) {
  const std::string line = GetParam();
  RawServer server([&](RawServer::Connection& c) {
    if (!c.read_request()) return;
    c.send(line + "\r\nContent-Length: 100\r\n\r\n{\"data\":");
    c.close();
  });
  try {
    client(server.base_url(), 2).generate(body());
    FAIL() << "expected a ConnectionError";
  } catch (const edenai::ConnectionError& e) {
    EXPECT_EQ(e.delivery(), Delivery::answered) << e.what();
    EXPECT_EQ(e.attempts(), 1);
  }
  EXPECT_EQ(server.request_count(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Spellings, OddStatusLine,
                         ::testing::Values("HTTP/1.1 200 OK", "HTTP/1.1  200 OK",
                                           "HTTP/1.1 \t200 OK", "http/1.1 200 OK", "HTTP/1.0 200"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return "Spelling" + std::to_string(info.index);
                         });

// Interim answers are followed to the final one, as RFC 9110 wants of a client, even those it
// never asks for; a 101 (a protocol switch nobody asked for, after which no HTTP answer can come)
// ends the attempt at once instead of holding it for its whole timeout, and is not repeated.
TEST(Interim, ASwitchingProtocolsAnswerFailsFastAndIsNotRetried) {
  RawServer server([&](RawServer::Connection& c) {
    if (!c.read_request()) return;
    c.send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
    c.hold();
  });
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = server.base_url();
  options.timeout = std::chrono::seconds(60);  // a call that waited for it would time out first
  try {
    edenai::Client(options).generate(body());
    FAIL() << "expected a ConnectionError";
  } catch (const edenai::TimeoutError& e) {
    FAIL() << "waited for the timeout: " << e.what();
  } catch (const edenai::ConnectionError& e) {
    EXPECT_NE(std::string(e.what()).find("101 Switching Protocols"), std::string::npos) << e.what();
    EXPECT_FALSE(e.retryable());
    EXPECT_EQ(e.attempts(), 1);
    EXPECT_EQ(e.delivery(), Delivery::unanswered);
  }
  EXPECT_EQ(server.request_count(), 1u);
}

class InterimThenAnswer : public ::testing::TestWithParam<const char*> {};

TEST_P(InterimThenAnswer, KeepsTheImages) {
  const std::string interim = GetParam();
  RawServer server([&](RawServer::Connection& c) {
    if (!c.read_request()) return;
    c.send("HTTP/1.1 " + interim + "\r\n\r\n");
    c.send(http_ok(kImages));
  });
  const auto response = client(server.base_url(), 0).generate(body());
  EXPECT_EQ(response.data.size(), 1u);
  EXPECT_EQ(response.cost, 0.04);
}

INSTANTIATE_TEST_SUITE_P(Statuses, InterimThenAnswer,
                         ::testing::Values("100 Continue", "102 Processing", "103 Early Hints",
                                           "199 Unassigned"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return std::string(info.param).substr(0, 3);
                         });

// An interim answer then silence: the server has the request and may be generating it, so the
// timeout that ends the wait is not followed by another purchase.
TEST(Interim, SilenceAfterAnInterimAnswerIsNotRetried) {
  RawServer server([&](RawServer::Connection& c) {
    if (!c.read_request()) return;
    c.send("HTTP/1.1 100 Continue\r\n\r\n");
    c.hold();
  });
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = server.base_url();
  options.max_retries = 2;
  options.timeout = std::chrono::milliseconds(300);
  try {
    edenai::Client(options).generate(body());
    FAIL() << "expected a TimeoutError";
  } catch (const edenai::TimeoutError& e) {
    EXPECT_EQ(e.attempts(), 1) << e.what();
    EXPECT_FALSE(e.retryable());
    EXPECT_EQ(e.delivery(), Delivery::unanswered);
    EXPECT_NE(std::string(e.what()).find("acknowledged"), std::string::npos) << e.what();
  }
  EXPECT_EQ(server.request_count(), 1u);
}

// Only the first line of a response is its status line: a trailer named like one is a trailer.
TEST(Interim, ATrailerThatLooksLikeAStatusLineDoesNotWipeTheBody) {
  RawServer server([](RawServer::Connection& c) {
    if (!c.read_request()) return;
    const std::string body = kImages;
    char size[16];
    std::snprintf(size, sizeof size, "%zx", body.size());
    c.send(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
        "Trailer: http/x\r\n\r\n" +
        std::string(size) + "\r\n" + body + "\r\n0\r\nhttp/x: 1\r\n\r\n");
  });
  const auto response = client(server.base_url(), 0).generate(body());
  EXPECT_EQ(response.data.size(), 1u);
  EXPECT_EQ(response.cost, 0.04);
}

TEST(Delivery, AProxyThatRefusesTheTunnelIsNotRetriedAndSentNothing) {
  RawServer proxy([](RawServer::Connection& c) {
    if (!c.read_request()) return;
    c.send("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
  });
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = "https://127.0.0.1:9";
  options.proxy = proxy.base_url();
  options.max_retries = 2;
  try {
    edenai::Client(options).generate(body());
    FAIL() << "expected a ConnectionError";
  } catch (const edenai::ConnectionError& e) {
    EXPECT_NE(std::string(e.what()).find("407"), std::string::npos) << e.what();
    EXPECT_FALSE(e.retryable());
    EXPECT_EQ(e.attempts(), 1);
    EXPECT_EQ(e.delivery(), Delivery::not_sent);
  }
  EXPECT_EQ(proxy.request_count(), 1u);
}

// A proxy's "200 Connection established" is not Eden's answer: a tunnel that fails before the
// request went through sent nothing, and is retried like any connection failure.
TEST(Delivery, AProxysAnswerToConnectIsNotAnAnswer) {
  RawServer proxy([](RawServer::Connection& c) {
    if (!c.read_request()) return;  // CONNECT 127.0.0.1:9 HTTP/1.1
    c.send("HTTP/1.1 200 Connection established\r\n\r\n");
    c.send("not TLS at all");
    c.close();
  });
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = "https://127.0.0.1:9";
  options.proxy = proxy.base_url();
  options.max_retries = 1;
  try {
    edenai::Client(options).generate(body());
    FAIL() << "expected a ConnectionError";
  } catch (const edenai::ConnectionError& e) {
    EXPECT_EQ(e.delivery(), Delivery::not_sent) << e.what();
    EXPECT_FALSE(e.may_have_been_billed());
    EXPECT_EQ(e.attempts(), 2);
  }
  EXPECT_EQ(proxy.request_count(), 2u);
}

// An image download buys nothing: one cut short is repeated, and its error says nothing was bought.
TEST(Delivery, ADownloadCutShortIsRetriedAndBuysNothing) {
  RawServer host([](RawServer::Connection& c) {
    while (c.read_request()) {
      c.send("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100\r\n\r\n\x89PNG");
      c.close();
      return;
    }
  });
  edenai::ImageDataItem item;
  item.url = host.base_url() + "/a.png";
  try {
    client(host.base_url(), 1).download(item);
    FAIL() << "expected a ConnectionError";
  } catch (const edenai::ConnectionError& e) {
    EXPECT_EQ(e.attempts(), 2) << e.what();
    EXPECT_EQ(e.delivery(), Delivery::not_sent);
    EXPECT_EQ(std::string(e.what()).find("billed"), std::string::npos) << e.what();
  }
  EXPECT_EQ(host.request_count(), 2u);
}

// How far a failure got, per kind: what the caller may have paid for.
TEST(Delivery, NothingSentWhenRefusedBeforeSendingOrNoConnection) {
  edenai::ClientOptions options;
  options.api_key = "test-key";
  {
    RawServer closed([](RawServer::Connection&) {});
    options.base_url = closed.base_url();
  }  // the port is free again: connections are refused
  options.max_retries = 1;
  const edenai::Client c(options);
  try {
    c.generate(body());
    FAIL();
  } catch (const edenai::ConnectionError& e) {
    EXPECT_EQ(e.attempts(), 2);
    EXPECT_EQ(e.delivery(), Delivery::not_sent) << e.what();
    EXPECT_FALSE(e.may_have_been_billed());
    EXPECT_EQ(e.billable_attempts(), 0);
  }
  edenai::ImageGenerationBody invalid = body();
  invalid.n = 11;
  try {
    c.generate(invalid);
    FAIL();
  } catch (const edenai::InvalidRequestError& e) {
    EXPECT_EQ(e.attempts(), 0);
    EXPECT_EQ(e.delivery(), Delivery::not_sent);
  }
  edenai::RequestOptions cancelled;
  cancelled.cancellation = edenai::CancellationToken();
  cancelled.cancellation->cancel();
  try {
    c.generate(body(), cancelled);
    FAIL();
  } catch (const edenai::CancelledError& e) {
    EXPECT_EQ(e.delivery(), Delivery::not_sent);
  }
}

TEST(Delivery, UnansweredThenRejectedStaysPossiblyBilled) {
  RawServer server([](RawServer::Connection& c) {
    if (!c.read_request()) return;
    if (c.index() == 0) {
      c.hold();  // the first attempt times out after sending its request
    } else {
      c.send("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\n\r\n{}");
    }
  });
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = server.base_url();
  options.max_retries = 1;
  options.timeout = std::chrono::milliseconds(300);
  try {
    edenai::Client(options).generate(body());
    FAIL();
  } catch (const edenai::InternalServerError& e) {
    EXPECT_EQ(e.attempts(), 2);
    EXPECT_EQ(e.delivery(), Delivery::unanswered);  // the furthest any attempt got
    EXPECT_EQ(e.billable_attempts(), 1);
  }
}

TEST(Delivery, RejectedWhenEveryAttemptWasAnsweredWithAnError) {
  RawServer server([](RawServer::Connection& c) {
    while (c.read_request())
      c.send("HTTP/1.1 422 Unprocessable Entity\r\nContent-Length: 13\r\n\r\n{\"detail\":[]}");
  });
  try {
    client(server.base_url(), 2).generate(body());
    FAIL();
  } catch (const edenai::UnprocessableEntityError& e) {
    EXPECT_EQ(e.delivery(), Delivery::rejected);
    EXPECT_FALSE(e.may_have_been_billed());
  }
}

TEST(Delivery, ACallCancelledWhileWaitingForTheAnswerMayHaveBeenBilled) {
  RawServer server([](RawServer::Connection& c) {
    if (c.read_request()) c.hold();
  });
  edenai::RequestOptions call;
  call.cancellation = edenai::CancellationToken();
  const edenai::CancellationToken token = *call.cancellation;
  std::thread canceller([&] {
    while (server.request_count() == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    token.cancel();
  });
  try {
    client(server.base_url(), 0).generate(body(), call);
    FAIL();
  } catch (const edenai::CancelledError& e) {
    EXPECT_EQ(e.delivery(), Delivery::unanswered);
    EXPECT_TRUE(e.may_have_been_billed());
  }
  canceller.join();
}

}  // namespace
