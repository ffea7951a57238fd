#!/usr/bin/env bash
# Links prefill-profile.cpp (prompt processing under Node) against the libraries build.sh made, as
# each module variant links them, with function names kept for V8's profiler. After a build:
#
#   native/llama-wasm/profile.sh                     # -> .cache/llama-wasm/profile/prefill-{simd,relaxed}.js
#   node --no-experimental-fetch --experimental-wasm-relaxed-simd .cache/llama-wasm/profile/prefill-relaxed.js MODEL.gguf 236 2 3 [--no-tiled]
#   (cd /tmp && node --no-experimental-fetch --prof --experimental-wasm-relaxed-simd …/prefill-relaxed.js MODEL.gguf && node --prof-process isolate*.log)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="${HEARTH_LLAMA_WASM_WORK:-$REPO/.cache/llama-wasm}"
SRC="$WORK/src"
BUILD="$WORK/build"
OBJ="$WORK/obj"
P="$WORK/profile"
export NODE_PATH=/usr/share/nodejs EMCC_READ_METADATA=python
INCLUDES="-I$SRC/include -I$SRC/ggml/include -I$SRC/ggml/src -I$SRC/ggml/src/ggml-cpu"
mkdir -p "$P"
# emcc writes CommonJS; the repository's package.json says "type": "module".
echo '{ "type": "commonjs" }' > "$P/package.json"
em++ -O3 -msimd128 -pthread -fwasm-exceptions -std=c++17 $INCLUDES -c "$HERE/prefill-profile.cpp" -o "$P/prefill-profile.o"
for v in simd relaxed; do
  extra=""; [ $v = relaxed ] && extra="-mrelaxed-simd"
  EM_CLANG_ADD_VERSION=19 emcc -O3 -DNDEBUG -msimd128 -pthread $extra -mno-multivalue -mno-reference-types $INCLUDES \
    -c "$HERE/tiled-gemm.c" -o "$P/tiled-gemm-$v.o"
done
LIBS=("$BUILD/src/libllama.a" "$BUILD/ggml/src/libggml.a" "$BUILD/ggml/src/libggml-cpu.a" "$BUILD/ggml/src/libggml-base.a")
for v in simd relaxed; do
  objs=("$OBJ/unwind-wasm-lpad.o" "$OBJ/quantize-q8-0.o" "$P/tiled-gemm-$v.o")
  wraps="-Wl,--wrap=quantize_row_q8_0,--wrap=llamafile_sgemm"
  [ $v = relaxed ] && { objs+=("$OBJ/relaxed-dot.o"); wraps="$wraps,--wrap=ggml_vec_dot_q4_0_q8_0,--wrap=ggml_vec_dot_q8_0_q8_0,--wrap=ggml_vec_dot_q4_K_q8_K"; }
  em++ -O1 -msimd128 -pthread -fwasm-exceptions --profiling-funcs -sENVIRONMENT=node -sNODERAWFS=1 -sEXIT_RUNTIME=1 -sWASM_BIGINT=1 \
    -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sPTHREAD_POOL_SIZE=4 \
    "$P/prefill-profile.o" "${objs[@]}" "${LIBS[@]}" $wraps -o "$P/prefill-$v.js"
done
echo "profile.sh: $P/prefill-{simd,relaxed}.js"
