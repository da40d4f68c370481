// edenai-mock-server: Eden AI's v3 image API, offline. See `--help`.
#include <edenai/mock/server.hpp>
#include <edenai/version.hpp>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>

namespace {

const char* const kHelp = R"(usage: edenai-mock-server [--port N] [--host ADDR] [--api-key KEY]
                          [--latency MS] [--fault SPECS]... [--fault-route ROUTE=SPECS]...
                          [--region global|eu] [--max-upload-bytes N] [--workers N]
                          [--credits USD] [--refuse-credits] [--quiet]

Serves Eden AI's v3 image API offline: real PNG images, FastAPI-style 422 validation, 401 for a
wrong key on every route, and scripted faults. Stops on SIGINT or SIGTERM. Routes:
  POST   /v3/images/generations  generate: b64_json for openai/gpt-image-*, url for others
  POST   /v3/images/edits        edit (JSON {images:[{file_id}|{image_url}], mask?} or
                                 multipart image[] + mask): the first image re-tinted, or
                                 repainted where the mask is transparent
  POST   /v3/upload              store a file (multipart: file, expires_in_days, purpose)
  GET    /v3/upload              list files, newest first (?purpose=&page=1&limit=100)
  POST   /v3/upload/delete       delete files by id ({"file_ids": [...]})
  DELETE /v3/upload              delete every file
  GET    /v3/images/models       the image models, with pricing ({"per_image": USD})
  GET    /v3/models              every model (what OpenAI's SDKs' models.list() reads)
  GET    /v2/cost_management/credits/
                                 the account's credits left ({"credits": USD})
  GET    /v3/mock-images/...     the images behind url answers (no key needed)

options:
  --port N         port to listen on; 0 (the default) picks a free one
  --host ADDR      address to bind (default 127.0.0.1; anything else is reachable by others)
  --api-key KEY    the only Bearer token accepted (default: any non-empty token)
  --latency MS     wait this long before answering each generation or edit
  --fault SPECS    faults for the next generations, in order, comma-separated; repeatable.
                   SPEC is STATUS[:retry-after=S][:retry-after-ms=MS][:html][:delay=MS],
                   reset, truncate or ok. Example: --fault 429:retry-after=1,500,ok
  --fault-route ROUTE=SPECS
                   faults for the next requests of one route ("METHOD PATH" as listed above,
                   but not /v3/mock-images); repeatable.
                   Example: --fault-route 'POST /v3/upload=500,ok'
  --region R       global (the default) or eu: the EU host lists only EU-cleared models and
                   answers 451 to generations and edits with the others
  --max-upload-bytes N
                   the largest file POST /v3/upload stores (default 104857600); larger: 413
  --workers N      connections served at once (default 64, at most 4096): each connection
                   holds a worker thread for as long as it is kept alive (up to 5 s idle), so
                   N clients connected at once need N workers; more wait for a free one
  --credits USD    the account's credits (default 100000): each generation or edit takes
                   its cost from them; one costing more than is left gets 402
  --refuse-credits answer 403 to GET /v2/cost_management/credits/, as Eden may for a key
                   not allowed on its dashboard routes
  --quiet          do not log requests on stderr
  -h, --help       this text
  -V, --version    the version

Prints "edenai-mock-server listening on http://HOST:PORT" on stdout once ready. Point the SDK
or the CLI at that URL (EDENAI_BASE_URL), OpenAI's SDKs at that URL followed by /v3.
)";

int usage(const std::string& message) {
  std::cerr << "edenai-mock-server: " << message << " (see --help)\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  edenai::mock::ServerOptions options;
  bool quiet = false;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      const auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
        return argv[++i];
      };
      const auto number = [&](const std::string& text) {
        std::size_t used = 0;
        const int parsed = std::stoi(text, &used);
        if (used != text.size() || parsed < 0) throw std::invalid_argument(arg + ": " + text);
        return parsed;
      };
      if (arg == "-h" || arg == "--help") {
        std::cout << kHelp;
        return 0;
      } else if (arg == "-V" || arg == "--version") {
        std::cout << "edenai-mock-server " << edenai::version() << "\n";
        return 0;
      } else if (arg == "--port") {
        options.port = number(value());
      } else if (arg == "--host") {
        options.host = value();
      } else if (arg == "--api-key") {
        options.api_key = value();
      } else if (arg == "--latency") {
        options.latency = std::chrono::milliseconds(number(value()));
      } else if (arg == "--fault") {
        for (auto& fault : edenai::mock::Fault::parse_list(value())) {
          options.script.push_back(std::move(fault));
        }
      } else if (arg == "--fault-route") {
        auto [route, faults] = edenai::mock::Fault::parse_route(value());
        auto& script = options.route_scripts[route];
        script.insert(script.end(), faults.begin(), faults.end());
      } else if (arg == "--region") {
        options.region = value();
        if (options.region != "global" && options.region != "eu") {
          throw std::invalid_argument("--region must be global or eu, not '" + options.region +
                                      "'");
        }
      } else if (arg == "--max-upload-bytes") {
        const std::string text = value();
        std::size_t used = 0;
        const unsigned long long parsed = std::stoull(text, &used);
        if (used != text.size() || text.front() == '-' || parsed == 0) {
          throw std::invalid_argument(arg + ": " + text);
        }
        options.max_upload_bytes = static_cast<std::size_t>(parsed);
      } else if (arg == "--workers") {
        const int workers = number(value());
        if (workers < 1 || workers > 4096) {
          throw std::invalid_argument("--workers must be from 1 to 4096");
        }
        options.worker_threads = static_cast<std::size_t>(workers);
      } else if (arg == "--credits") {
        const std::string text = value();
        std::size_t used = 0;
        const double credits = std::stod(text, &used);
        if (used != text.size() || !(credits >= 0) || credits > 1e12) {
          throw std::invalid_argument("--credits must be a number of USD from 0 to 1e12");
        }
        options.credits = credits;
      } else if (arg == "--refuse-credits") {
        options.refuse_credits_route = true;
      } else if (arg == "--quiet") {
        quiet = true;
      } else {
        return usage("unknown argument '" + arg + "'");
      }
    }
  } catch (const std::exception& e) {
    return usage(e.what());
  }
  if (options.port > 65535) return usage("--port must be from 0 to 65535");

  static std::mutex log_mutex;
  if (!quiet) {
    options.on_request = [](const std::string& line) {
      std::lock_guard<std::mutex> lock(log_mutex);
      std::cerr << line << std::endl;
    };
  }

  // The signals are taken synchronously by this thread; the server's threads inherit the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  try {
    edenai::mock::Server server(options);
    server.start();
    std::cout << "edenai-mock-server listening on " << server.base_url() << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    server.stop();
  } catch (const std::exception& e) {
    std::cerr << "edenai-mock-server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
