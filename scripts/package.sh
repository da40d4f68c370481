#!/usr/bin/env bash
# The Debian packages, end to end: a shared build for /usr, `cpack -G DEB` (one package per
# install component: docs/packaging.md), `dpkg -i` of all of them (apt for what they depend on),
# then the consumer of tests/consumer built against /usr with find_package and with pkg-config,
# and run; the installed tools run too. The packages are removed again on exit.
#   scripts/package.sh [BUILD_DIR]      (as root, or with sudo)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-deb}
# dpkg-shlibdeps (dpkg-dev) writes the dependencies; CPack needs `file` to find the binaries.
bash scripts/install-deps.sh dpkg-dev file
sudo=()
[ "$(id -u)" -ne 0 ] && sudo=(sudo)

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
  -DCMAKE_INSTALL_PREFIX=/usr -DEDENAI_BUILD_TESTS=OFF -DEDENAI_BUILD_EXAMPLES=OFF \
  -DEDENAI_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"
rm -f "$build"/*.deb
(cd "$build" && cpack -G DEB >/dev/null)
debs=("$build"/*.deb)
[ "${#debs[@]}" = 4 ] || { echo "package: expected 4 packages, made ${#debs[@]}" >&2; exit 1; }
names=()
for deb in "${debs[@]}"; do
  echo "== $(basename "$deb")"
  dpkg-deb --field "$deb" Package Version Depends
  names+=("$(dpkg-deb --field "$deb" Package)")
done
remove() { "${sudo[@]}" dpkg --purge "${names[@]}" >/dev/null 2>&1 || true; }
trap remove EXIT
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" dpkg -i "${debs[@]}" || "${sudo[@]}" apt-get install -f -y -qq

echo "== the installed files"
dpkg -L libedenai-dev libedenai-mock-dev edenai-image | grep -E '\.(so|pc|cmake)$|/bin/|/doc/' || true
# Read from the package, not /usr/share/doc: some images' dpkg configuration leaves docs out.
# (grep reads to the end: with -q it would stop early and dpkg-deb die of a broken pipe.)
dpkg-deb --contents "$build"/libedenai0.*.deb | grep '/usr/share/doc/edenai/LICENSE$' >/dev/null
cli_contents=$(dpkg-deb --contents "$build"/edenai-image_*.deb)
for file in /usr/share/man/man1/edenai-image.1 /usr/share/bash-completion/completions/edenai-image \
    /usr/share/zsh/vendor-completions/_edenai-image; do
  grep -E " \.$file\$" <<<"$cli_contents" >/dev/null || { echo "package: no $file" >&2; exit 1; }
done

echo "== a consumer against /usr: find_package"
consumer=$(mktemp -d)
cmake -S tests/consumer -B "$consumer/cmake" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$consumer/cmake" >/dev/null
"$consumer/cmake/consumer"
"$consumer/cmake/consumer_no_exceptions"
echo "== a consumer against /usr: pkg-config alone"
# shellcheck disable=SC2046  # the flags are words
g++ -std=c++17 tests/consumer/main.cpp $(pkg-config --cflags --libs edenai-mock edenai) \
  -o "$consumer/consumer_pkg_config"
"$consumer/consumer_pkg_config"
echo "== the installed tools"
/usr/bin/edenai-image --version
/usr/bin/edenai-mock-server --version
rm -rf "$consumer"
