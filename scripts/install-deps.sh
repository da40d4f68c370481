#!/usr/bin/env bash
# Installs the Debian 12 packages the build and tests need, when they are missing.
# Extra package names may be passed as arguments (e.g. `clang` for the clang build in CI).
# Runs apt-get as root, or through sudo.
set -euo pipefail

packages=(g++ cmake make pkg-config libcurl4-openssl-dev nlohmann-json3-dev libsimdjson-dev
          libgtest-dev libgmock-dev libcpp-httplib-dev zlib1g-dev libasio-dev zsh locales openssl "$@")

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
