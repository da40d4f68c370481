// The --help texts of edenai-image and of each of its commands.
#include "cli_options.hpp"

namespace edenai::cli {
namespace {

constexpr const char* kConnection = R"(
connection options (every command):
      --base-url URL     API base URL (default $EDENAI_BASE_URL, else https://api.edenai.run)
      --api-key KEY      API key (default $EDENAI_API_KEY, then $EDEN_AI_API_KEY); prefer the
                         environment: a key on the command line is visible to other users
      --timeout SECONDS  total time allowed per attempt (default 600, at most 86400)
      --retries N        retries of transient failures, 0 to 100 (default 2; 0 turns them
                         off). A call whose answer began to arrive is never sent again
      --rate R           requests started per second at most (default 10, Eden AI's default
                         account limit; 0 for no limit, else 0.001 to 1000)
  -v, --verbose          print each attempt on stderr (status, time, retries), key redacted
  -h, --help             this text
  -V, --version          the versions of edenai-image, the SDK and libcurl
Short options take their value attached too: -n2, -ofox.png.
)";

constexpr const char* kExitCodes = R"(
exit codes:
  0  success (generate, edit: the images were saved)
  1  another failure (an unreadable response, a file that could not be written)
  2  usage: the command line is wrong (an unreadable input file included)
  3  invalid request: refused before sending, or by the server (400, 404, 413, 415, 422)
  4  authentication, permission, credits or region (401, 403, 402, 451), or no key at all
  5  rate limited (429) after the retries
  6  server or provider error (5xx) after the retries
  7  connection failure or timeout after the retries
  8  --max-cost: a call (a prompt of a batch) was not sent, its estimate exceeding what is left
  130 interrupted by Ctrl-C
)";

constexpr const char* kImageOptions = R"(
  -m, --model MODEL      provider/model (default openai/gpt-image-1)
  -n N                   number of images, 1 to 10 (default 1)
      --size SIZE        e.g. 1024x1024, 1536x1024, auto, 16:9 (provider-specific)
      --quality Q        e.g. low, medium, high (provider-specific)
  -o, --output FILE      save the one image as FILE (its extension made the image's real
                         format's: fox.png holding a JPEG is saved as fox.jpg); never replaced
      --out-dir DIR      where to save the images (default .; created if missing); --out DIR
                         is the former name
      --extra KEY=VALUE  another body field, repeatable; VALUE is read as JSON when it is JSON
                         (80, true, {"a":1}), else as text: --extra background=transparent
      --max-cost USD     spend at most USD in this run: a call whose estimate (the model's
                         price from the model list, else the last cost seen, else $0.25 an
                         image) would exceed what is left is not sent; a batch starts no such
                         prompt and says how many were left unstarted (exit 8)
      --dry-run          validate every request and print the images and the estimated cost;
                         nothing paid is sent (the free model list is read for the prices)
      --json             print the response as JSON on stdout (base64 elided), each image's
                         saved path in data[i].saved; a failure as {"error": {"type", "status",
                         "code", "request_id", "message", "exit_code"}})";

constexpr const char* kSaving = R"(
Each image is saved as DIR/<words-of-the-prompt>-<k>.<ext>, the extension from the image's real
format (png, jpg, webp, gif). A response's images are numbered together, from the first number
free for all of them: a second run of -n 2 saves -3 and -4 beside the first run's -1 and -2. An
existing file is never overwritten. The output directory is checked before anything is bought.
While waiting, an elapsed-time spinner is shown on stderr when it is a terminal, cut to its
width. A run ends with its cost: the response's, a batch's total, or the total on stderr after
a failure that may have been billed (counted at its estimate) or under --max-cost.
)";

std::string generate_help() {
  return std::string(R"(usage: edenai-image [generate] [options] PROMPT
       edenai-image [generate] [options] --prompts FILE
       edenai-image edit|upload|files|models|credits ... (edenai-image COMMAND --help)

Generates images with Eden AI (POST /v3/images/generations) and saves them. Generation is the
default command: `edenai-image "a fox"` is `edenai-image generate "a fox"`. A prompt whose
first word names a command is generated with `generate` or after `--`:
`edenai-image generate models`, `edenai-image -- models`.

commands:
  generate               generate images from a prompt (the default)
  edit                   edit images: a canvas, references and a mask (edit --help)
  upload FILE            store a file in Eden's file store; prints its id
  files                  list the stored files; files delete ID... deletes some
  models                 list the image models with their prices
  credits                print the account's remaining credits

options:)") +
         kImageOptions + R"(;
                         with --prompts, one JSON object per line and prompt
      --prompts FILE     batch: one prompt per line (- for stdin; blank and # lines skipped),
                         generated concurrently, each saved as it arrives
      --concurrency N    batch: generations in flight at once, 1 to 256 (default 4)
)" + kConnection +
         kSaving +
         R"(In batch mode the spinner counts the prompts finished and failed. A failed prompt is
reported on stderr with its line number and does not stop the others; the exit code is then
that of the first failed line. Ctrl-C starts no new prompt, lets the generations in flight
finish and be saved (they are paid for), prints what was done, saved and not started, and exits
130; a second Ctrl-C quits at once.
)" + kExitCodes;
}

std::string edit_help() {
  return std::string(
             R"(usage: edenai-image edit --image FILE|--file-id ID [--image FILE|--file-id ID ...]
                         [--mask FILE] [options] PROMPT

Edits images with Eden AI (POST /v3/images/edits) and saves the results as generate does.

The images are given in command-line order, --image and --file-id mixed: the FIRST one is the
canvas (the image edited), the others are references (1 to 16 in all).

options:
      --image FILE       a PNG, JPEG, WebP or GIF file, sent inline (repeatable)
      --file-id ID       a file of Eden's file store (see edenai-image upload), repeatable
      --mask FILE        a PNG the canvas's size whose transparent pixels mark where to edit)") +
         kImageOptions + "\n" + kConnection + kSaving +
         R"(Ctrl-C starts no retry and lets an edit already sent (it may be billed) finish and be saved.
)" + kExitCodes;
}

std::string upload_help() {
  return std::string(R"(usage: edenai-image upload [options] FILE

Stores FILE in Eden's file store (POST /v3/upload; uploads are not billed) and prints its id on
stdout, for edenai-image edit --file-id ID.

options:
      --expires-days N   days until Eden deletes it, 1 to 30 (default: Eden's)
      --purpose P        what the file is for (default: Eden's, "general")
      --json             print the whole upload response as JSON instead of the id
)") + kConnection +
         kExitCodes;
}

std::string files_help() {
  return std::string(R"(usage: edenai-image files [list] [--purpose P] [--json]
       edenai-image files delete ID... [--json]
       edenai-image files delete --all --yes [--json]

Lists the files of Eden's file store (GET /v3/upload, every page), newest first, as a table:
id, name, size, type, purpose, created, expires. Deletes files by id (POST /v3/upload/delete;
ids Eden does not know are ignored, and the count deleted says so) or all of them (DELETE
/v3/upload), then prints how many were deleted.

options:
      --purpose P        files: only the files of this purpose
      --all              files delete: every file of the account; needs --yes
      --yes              confirms files delete --all (it cannot be undone)
      --json             files: a JSON array of the files; files delete: {"deleted_count": N}
)") + kConnection +
         kExitCodes;
}

std::string credits_help() {
  return std::string(R"(usage: edenai-image credits [--json]

Prints the account's remaining credits (GET /v2/cost_management/credits/). Eden counts this route
among its dashboard ones: a key that works for images may be refused here (exit 4, the message
says so).

options:
      --json             print {"credits": N}
)") + kConnection +
         kExitCodes;
}

std::string models_help() {
  return std::string(R"(usage: edenai-image models [--json]

Lists the image models of the base URL's region (GET /v3/images/models) as a table: id, owner
and price (the pricing's per_image value, else its first number with its key, else -).

options:
      --json             print the list as JSON (every field, as received)
)") + kConnection +
         kExitCodes;
}

}  // namespace

std::string help_text() {
  return generate_help();
}

std::string help_text(Command command) {
  switch (command) {
    case Command::generate:
      return generate_help();
    case Command::edit:
      return edit_help();
    case Command::upload:
      return upload_help();
    case Command::files:
    case Command::files_delete:
      return files_help();
    case Command::models:
      return models_help();
    case Command::credits:
      return credits_help();
  }
  return generate_help();
}

}  // namespace edenai::cli
