#!/usr/bin/env bash
# The demo: builds the SDK and its example, then generates an image with Eden AI.
#   EDENAI_API_KEY=sk-eden-... scripts/demo.sh ["PROMPT"]
# Images are saved in ./out/. Without EDENAI_API_KEY the build still runs and the script says
# what it needs (an offline mock server is planned; see the README).
set -euo pipefail
cd "$(dirname "$0")/.."
prompt=${1:-"a lighthouse on a rocky coast at dawn, watercolor"}

bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target generate_and_save

if [ -z "${EDENAI_API_KEY:-}${EDEN_AI_API_KEY:-}" ]; then
  echo "demo: built build/examples/generate_and_save."
  echo "demo: set EDENAI_API_KEY (an Eden AI key) to generate images with it."
  exit 0
fi
mkdir -p out
cd out
../build/examples/generate_and_save "$prompt" 1
echo "demo: images are in $(pwd)"
