#!/usr/bin/env bash
# Builds llama.cpp's own OpenAI-compatible server (llama-server), natively, from the source the
# project already pins (node-llama-cpp's llama/gitRelease.bundle, the commit native/llama-wasm
# builds), for the gateway's upstream test against the engine users actually run.
#
#   native/llama-server/build.sh        # prints the binary's path; cached: seconds when built
#
# Work files and the binary go to .cache/llama-server (gitignored). A build records the commit it
# came from beside the binary, so a changed pin rebuilds. ~10 min of compiling on 2 shared cores.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="${HEARTH_LLAMA_SERVER_WORK:-$REPO/.cache/llama-server}"
BUNDLE="$REPO/node_modules/node-llama-cpp/llama/gitRelease.bundle"
# The pin native/llama-wasm/build.sh builds; one source for both.
PIN="$(sed -n 's/^PIN=\([0-9a-f]\{40\}\)$/\1/p' "$REPO/native/llama-wasm/build.sh")"
BIN="$WORK/build/bin/llama-server"
JOBS="${HEARTH_BUILD_JOBS:-2}"

[ -n "$PIN" ] || { echo "build-llama-server: no PIN in native/llama-wasm/build.sh" >&2; exit 1; }
if [ -x "$BIN" ] && [ "$(cat "$WORK/built-from" 2>/dev/null)" = "$PIN" ]; then echo "$BIN"; exit 0; fi
command -v cmake >/dev/null || { echo "build-llama-server: cmake not found. Install it: apt-get install -y cmake g++" >&2; exit 1; }
command -v g++ >/dev/null || { echo "build-llama-server: g++ not found. Install it: apt-get install -y g++" >&2; exit 1; }
[ -f "$BUNDLE" ] || { echo "build-llama-server: $BUNDLE missing; run npm install" >&2; exit 1; }
mkdir -p "$WORK"
[ -d "$WORK/src/.git" ] || git clone --quiet --no-checkout "$BUNDLE" "$WORK/src"
git -C "$WORK/src" -c advice.detachedHead=false checkout --quiet --detach "$PIN"
# CPU only, no network at build time (no curl, no OpenSSL, the web UI as shipped in the source).
cmake -S "$WORK/src" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DGGML_OPENMP=OFF \
  -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
  -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON -DLLAMA_USE_PREBUILT_UI=OFF >"$WORK/configure.log" 2>&1 \
  || { tail -20 "$WORK/configure.log" >&2; exit 1; }
cmake --build "$WORK/build" --target llama-server -j "$JOBS" >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; exit 1; }
echo "$PIN" >"$WORK/built-from"
echo "$BIN"
