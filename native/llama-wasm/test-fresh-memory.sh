#!/usr/bin/env bash
# Builds fresh-memory-test.c with fresh-memory.c against the ggml library build.sh made, linked
# with the same --wrap flags as the module, and runs it under Node. build.sh runs it before
# linking the module; by hand (after a build):
#
#   native/llama-wasm/test-fresh-memory.sh [WORK_DIR]     # default .cache/llama-wasm
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="${1:-${HEARTH_LLAMA_WASM_WORK:-$REPO/.cache/llama-wasm}}"
SRC="$WORK/src"
BUILD="$WORK/build"
T="$WORK/fresh-memory-test"
export NODE_PATH=/usr/share/nodejs EMCC_READ_METADATA=python
INCLUDES="-I$SRC/include -I$SRC/ggml/include -I$SRC/ggml/src"
mkdir -p "$T"
echo '{ "type": "commonjs" }' > "$T/package.json"
emcc -O2 -msimd128 -pthread -fwasm-exceptions $INCLUDES -c "$HERE/fresh-memory-test.c" -o "$T/test.o"
emcc -O3 -DNDEBUG -msimd128 -pthread -fwasm-exceptions $INCLUDES -c "$HERE/fresh-memory.c" -o "$T/fresh-memory.o"
em++ -O1 -msimd128 -pthread -fwasm-exceptions -sENVIRONMENT=node -sEXIT_RUNTIME=1 -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=64MB -sASSERTIONS=0 -sWASM_BIGINT=1 \
  -sPTHREAD_POOL_SIZE=1 "$T/test.o" "$T/fresh-memory.o" "$BUILD/ggml/src/libggml-base.a" \
  -Wl,--wrap=ggml_aligned_malloc,--wrap=ggml_aligned_free,--wrap=ggml_backend_buffer_clear -o "$T/test.js"
echo "fresh-memory-test:"
node --no-experimental-fetch "$T/test.js"
