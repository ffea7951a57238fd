#!/usr/bin/env bash
# Bundles gpu-bench.ts (gateway + upstream pool + GGUF writer + client + report) into one ES module
# for the accelerator machine's carried Node: .cache/gpu-carry/gpu-bench.mjs. node-llama-cpp is
# replaced by a stub (the gateway there has upstreams only); pg's optional native part stays out.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
mkdir -p .cache/gpu-carry
npx esbuild tools/src/bench/gpu/gpu-bench.ts \
  --bundle --platform=node --format=esm --target=node20 \
  --alias:node-llama-cpp=./tools/src/bench/gpu/no-node-llama-cpp.ts \
  --external:pg-native \
  --banner:js="import { createRequire as __hearthCreateRequire } from 'node:module'; const require = __hearthCreateRequire(import.meta.url);" \
  --log-level=warning \
  --outfile=.cache/gpu-carry/gpu-bench.mjs
ls -la .cache/gpu-carry/gpu-bench.mjs
