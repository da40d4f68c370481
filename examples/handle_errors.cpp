// What to do about each error the SDK throws. Try it against the mock's scripted faults:
//
//   edenai-mock-server --port 8080 --fault 402 &
//   EDENAI_API_KEY=any EDENAI_BASE_URL=http://127.0.0.1:8080 ./handle_errors "a fox"
#include <edenai/edenai.hpp>

#include <iostream>

int main(int argc, char** argv) {
  edenai::ImageGenerationBody body;
  body.model = "openai/gpt-image-1";
  body.prompt = argc > 1 ? argv[1] : "a red fox in the snow";

  try {
    const edenai::Client client;  // EDENAI_API_KEY, and EDENAI_BASE_URL if set
    const edenai::ImageResponse response = client.generate(body);
    std::cout << response.data.size() << " image(s), cost $" << response.cost.value_or(0.0) << "\n";
    return 0;
  } catch (const edenai::InvalidRequestError& e) {
    // Nothing was sent: fix the body (the message names the field).
    std::cerr << "fix the request: " << e.what() << "\n";
  } catch (const edenai::UnprocessableEntityError& e) {
    // 422: the server's validation, one entry per field.
    for (const auto& problem : e.validation().detail) {
      std::cerr << "invalid " << edenai::format_location(problem.loc) << ": " << problem.msg << " ("
                << problem.type << ")\n";
    }
  } catch (const edenai::AuthenticationError&) {
    std::cerr << "the API key was refused: check EDENAI_API_KEY\n";  // never print the key
  } catch (const edenai::InsufficientCreditsError&) {
    std::cerr << "the account is out of credits: top it up; retrying will not help\n";
  } catch (const edenai::RateLimitError& e) {
    // Already retried with backoff (max_retries); slow down or raise the account's limit.
    std::cerr << "rate limited: " << e.what() << "\n";
  } catch (const edenai::InternalServerError& e) {
    // Already retried. The request id, when the server sent one, helps Eden's support.
    std::cerr << "server error " << e.status() << ", request id '" << e.request_id() << "'\n";
  } catch (const edenai::ApiError& e) {
    // Any other status: 400 (e.g. a size the provider refuses), 403, 404, 409...
    std::cerr << "HTTP " << e.status() << ": " << e.what() << "\n";
  } catch (const edenai::TimeoutError& e) {
    std::cerr << "timed out (raise ClientOptions::timeout for slow models): " << e.what() << "\n";
  } catch (const edenai::ConnectionError& e) {
    std::cerr << "could not reach the server: " << e.what() << "\n";
  } catch (const edenai::Error& e) {
    // DecodeError, ResponseTooLargeError: the response was not what the API documents.
    std::cerr << "unexpected response: " << e.what() << "\n";
  }
  return 1;
}
