#!/usr/bin/env bash
# Builds Hearth's WebAssembly llama.cpp from the source node-llama-cpp's npm package carries
# (llama/gitRelease.bundle), with Debian's emscripten 3.1.6 (clang 14) plus clang 19 for the
# relaxed-SIMD kernel file. One command: `npm run build:llama-wasm`.
#
#   native/llama-wasm/build.sh [OUT_DIR]
#
# OUT_DIR defaults to packages/sdk/src/engines/llama-wasm/artifact (the committed artifact).
# Work files go to .cache/llama-wasm (gitignored): src/ (the clone), build/ (CMake), obj/.
# Needs: apt-get install -y emscripten clang-19 cmake git. ~4 min of libraries + 2 links on 2 cores.
#
# Two variants, one JS glue:
#   hearth-llama-simd.wasm     ggml's wasm SIMD kernels (i32x4.dot_i16x8_s); runs wherever wasm
#                              SIMD + threads do.
#   hearth-llama-relaxed.wasm  the same, with Q4_0/Q8_0 dot products on relaxed SIMD
#                              (relaxed-dot.c); the host picks it when WebAssembly.validate says
#                              the browser has relaxed SIMD.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
OUT="${1:-$REPO/packages/sdk/src/engines/llama-wasm/artifact}"
WORK="${HEARTH_LLAMA_WASM_WORK:-$REPO/.cache/llama-wasm}"
BUNDLE="$REPO/node_modules/node-llama-cpp/llama/gitRelease.bundle"
# The commit node-llama-cpp 3.22.1 pins (llama.cpp.info.json says tag v0.5.0); bump deliberately.
PIN=de3ff815ea7d559ee917f063901b8986f038abc6
SRC="$WORK/src"
BUILD="$WORK/build"
OBJ="$WORK/obj"
JOBS="${HEARTH_BUILD_JOBS:-2}"

# Debian's emcc runs node scripts that need acorn from Debian's node modules; without this CMake
# reports the misleading "Could NOT find Threads".
export NODE_PATH=/usr/share/nodejs
# Read link metadata with emscripten's Python reader: binaryen 108 (Debian's) predates the final
# relaxed-SIMD opcodes and would misread i32x4.relaxed_dot_i8x16_i7x16_add_s.
export EMCC_READ_METADATA=python

need() { command -v "$1" >/dev/null || { echo "build-llama-wasm: $1 not found. $2" >&2; exit 1; }; }
need emcc "Install it: apt-get update && apt-get install -y emscripten"
need clang-19 "Install it: apt-get install -y clang-19 (compiles the relaxed-SIMD kernels)"
need cmake "Install it: apt-get install -y cmake"
need git "Install it: apt-get install -y git"
# sed, not head: head exits after one line and emcc (Python) then dies of a broken pipe under pipefail.
EMCC_VERSION="$(emcc --version | sed -n 1p)"
case "$EMCC_VERSION" in *" 3.1.6 "*) ;; *) echo "build-llama-wasm: expected emscripten 3.1.6, got: $EMCC_VERSION" >&2; exit 1 ;; esac
[ -f "$BUNDLE" ] || { echo "build-llama-wasm: $BUNDLE missing; run npm install" >&2; exit 1; }

mkdir -p "$WORK" "$OBJ" "$OUT"
if [ ! -d "$SRC/.git" ]; then
  git clone --quiet --no-checkout "$BUNDLE" "$SRC"
fi
git -C "$SRC" -c advice.detachedHead=false checkout --quiet --detach "$PIN"
[ "$(git -C "$SRC" rev-parse HEAD)" = "$PIN" ] || { echo "build-llama-wasm: source is not at $PIN" >&2; exit 1; }
[ -z "$(git -C "$SRC" status --porcelain)" ] || { echo "build-llama-wasm: $SRC has local changes; delete it to re-clone" >&2; exit 1; }

# Paths differ between machines; map them away so the same source gives the same bytes.
PREFIX_MAP="-ffile-prefix-map=$SRC=/llama.cpp -ffile-prefix-map=$BUILD=/build -ffile-prefix-map=$HERE=/hearth"
# -fwasm-exceptions: llama.cpp reports a bad GGUF by throwing; native wasm exceptions let it catch
# that (and return NULL) at no cost on the non-throwing path.
COMMON_FLAGS="-O3 -DNDEBUG -msimd128 -pthread -fwasm-exceptions"
# Hearth's two C kernel files throw nothing; clang 19 refuses -fwasm-exceptions with the pinned features.
KERNEL_FLAGS="-O3 -DNDEBUG -msimd128 -pthread"

started=$(date +%s)
# EMSCRIPTEN_SYSTEM_PROCESSOR=wasm32 is the decisive setting: emscripten's CMake toolchain says
# "x86" otherwise, and ggml then compiles its generic C kernels instead of arch/wasm (the reason
# wllama's CPU path is 7-15x slower than native; ENVIRONMENT.md).
CMAKE_OPTS=(
  -DCMAKE_BUILD_TYPE=Release
  -DEMSCRIPTEN_SYSTEM_PROCESSOR=wasm32
  -DBUILD_SHARED_LIBS=OFF
  -DGGML_NATIVE=OFF -DGGML_OPENMP=OFF -DGGML_LLAMAFILE=ON
  -DLLAMA_WASM_MEM64=OFF -DLLAMA_BUILD_HTML=OFF
  -DLLAMA_BUILD_COMMON=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_EXAMPLES=OFF
  -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF -DLLAMA_OPENSSL=OFF
)
emcmake cmake -S "$SRC" -B "$BUILD" -G "Unix Makefiles" "${CMAKE_OPTS[@]}" \
  -DCMAKE_C_FLAGS="$COMMON_FLAGS $PREFIX_MAP" \
  -DCMAKE_CXX_FLAGS="$COMMON_FLAGS $PREFIX_MAP" \
  > "$WORK/cmake-configure.log"
grep -q "Wasm detected" "$WORK/cmake-configure.log" || { echo "build-llama-wasm: ggml did not select its wasm kernels (see $WORK/cmake-configure.log)" >&2; exit 1; }
cmake --build "$BUILD" --target llama -j "$JOBS" > "$WORK/cmake-build.log"
libs_done=$(date +%s)

INCLUDES="-I$SRC/include -I$SRC/ggml/include -I$SRC/ggml/src -I$SRC/common -I$SRC/vendor"
# llama.cpp's JSON Schema to GBNF converter and the common/ files it needs (nlohmann json from
# vendor/), compiled as they are; common-strings.cpp supplies the three helpers it takes from
# common.cpp, which would drag in the rest of common/. LLAMA_BUILD_COMMON stays off for that reason.
SCHEMA_SOURCES="json-schema-to-grammar json-schema json trie unicode"
printf '%s\n' $SCHEMA_SOURCES | xargs -P "$JOBS" -I{} \
  em++ $COMMON_FLAGS $PREFIX_MAP -std=c++17 $INCLUDES -c "$SRC/common/{}.cpp" -o "$OBJ/common-{}.o"
SCHEMA_OBJS=()
for f in $SCHEMA_SOURCES; do SCHEMA_OBJS+=("$OBJ/common-$f.o"); done
em++ $COMMON_FLAGS $PREFIX_MAP -std=c++17 $INCLUDES -c "$HERE/common-strings.cpp" -o "$OBJ/common-strings.o"
SCHEMA_OBJS+=("$OBJ/common-strings.o")
em++ $COMMON_FLAGS $PREFIX_MAP -std=c++17 $INCLUDES -c "$HERE/hearth-llama.cpp" -o "$OBJ/hearth-llama.o"
emcc $KERNEL_FLAGS $PREFIX_MAP $INCLUDES -c "$HERE/quantize-q8-0.c" -o "$OBJ/quantize-q8-0.o"
# Skips llama.cpp's clear of a KV cache still as the heap gave it (zeros): see the file.
emcc $COMMON_FLAGS $PREFIX_MAP $INCLUDES -c "$HERE/fresh-memory.c" -o "$OBJ/fresh-memory.o"
# Replaces libunwind's landing-pad glue so C++ catch blocks work with clang 14 + pthreads (see the file).
emcc $COMMON_FLAGS $PREFIX_MAP -c "$HERE/unwind-wasm-lpad.c" -o "$OBJ/unwind-wasm-lpad.o"
# Same emcc driver (sysroot, defines), clang 19 underneath. Features pinned to what clang 14
# emits plus relaxed-simd, so the object links like the others.
EM_CLANG_ADD_VERSION=19 emcc $KERNEL_FLAGS $PREFIX_MAP -mrelaxed-simd -mno-multivalue -mno-reference-types \
  $INCLUDES -c "$HERE/relaxed-dot.c" -o "$OBJ/relaxed-dot.o"
# The tiled prompt-processing kernels, once per variant (clang 19 for both: one compiler, and the
# relaxed one needs it). ggml-cpu/ for struct ggml_compute_params and its threadpool calls.
for v in simd relaxed; do
  extra=""; [ $v = relaxed ] && extra="-mrelaxed-simd"
  EM_CLANG_ADD_VERSION=19 emcc $KERNEL_FLAGS $PREFIX_MAP $extra -mno-multivalue -mno-reference-types \
    $INCLUDES -I$SRC/ggml/src/ggml-cpu -c "$HERE/tiled-gemm.c" -o "$OBJ/tiled-gemm-$v.o"
done
# Each variant's tiled kernels against ggml's vec_dot kernels on random blocks, before anything links.
HEARTH_LLAMA_WASM_WORK="$WORK" "$HERE/test-tiled-gemm.sh" > "$WORK/tiled-gemm-test.log" 2>&1 || { cat "$WORK/tiled-gemm-test.log" >&2; echo "build-llama-wasm: the tiled kernels disagree with ggml's (above)" >&2; exit 1; }
HEARTH_LLAMA_WASM_WORK="$WORK" "$HERE/test-fresh-memory.sh" > "$WORK/fresh-memory-test.log" 2>&1 || { cat "$WORK/fresh-memory-test.log" >&2; echo "build-llama-wasm: fresh-memory.c skipped a clear it must not, or missed one it may (above)" >&2; exit 1; }

EXPORTS="_hl_init,_hl_last_log,_hl_clear_log,_hl_abort_flag,_hl_abort,_hl_unload,_hl_load,_hl_kv_f32,_hl_kv_pretouched,_hl_n_ctx,_hl_n_vocab,_hl_n_threads,_hl_set_threads,_hl_meta,_hl_tokenize,_hl_token_to_piece,_hl_is_eog,_hl_apply_chat_template,_hl_begin,_hl_eval,_hl_sample,_hl_logits,_hl_json_schema_to_grammar,_hl_schema_result,_hl_bench_matvec,_hl_set_lora,_malloc,_free"
# -O1 at link: no wasm-opt passes. Debian's binaryen 108 would rewrite the relaxed variant's
# dot products into a different (prototype) instruction; both variants link the same way, so they
# differ only in their kernels and share one glue file.
LINK_FLAGS=(
  -O1 -msimd128 -pthread -fwasm-exceptions
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createHearthLlama -sENVIRONMENT=web,worker
  -sINITIAL_MEMORY=64MB -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB
  # The host sizes the pool to the threads it will use: a thread started later could not load
  # while the calling thread blocks in ggml's barrier. STRICT=2 fails instead of deadlocking.
  "-sPTHREAD_POOL_SIZE=Module.pthreadPoolSize" -sPTHREAD_POOL_SIZE_STRICT=2
  -sWASM_BIGINT=1 -sASSERTIONS=0 -sFORCE_FILESYSTEM=1 -lworkerfs.js
  -sEXPORTED_FUNCTIONS="$EXPORTS" -sEXPORTED_RUNTIME_METHODS=FS
  --no-entry
)
LIBS=("$BUILD/src/libllama.a" "$BUILD/ggml/src/libggml.a" "$BUILD/ggml/src/libggml-cpu.a" "$BUILD/ggml/src/libggml-base.a")
# quantize_row_q8_0: Hearth's activation quantizer; llamafile_sgemm: ggml-cpu's mul_mat offers
# every product there first (GGML_LLAMAFILE=ON), and tiled-gemm.c takes prompt batches.
WRAP_Q8="-Wl,--wrap=quantize_row_q8_0,--wrap=llamafile_sgemm"
WRAP_DOT="-Wl,--wrap=ggml_vec_dot_q4_0_q8_0,--wrap=ggml_vec_dot_q8_0_q8_0,--wrap=ggml_vec_dot_q4_K_q8_K"
# fresh-memory.c: the CPU buffers' allocations and frees, and buffer clears.
WRAP_MEM="-Wl,--wrap=ggml_aligned_malloc,--wrap=ggml_aligned_free,--wrap=ggml_backend_buffer_clear"

rm -rf "$WORK/link-simd" "$WORK/link-relaxed" && mkdir -p "$WORK/link-simd" "$WORK/link-relaxed"
em++ "${LINK_FLAGS[@]}" "$OBJ/hearth-llama.o" "$OBJ/unwind-wasm-lpad.o" "$OBJ/fresh-memory.o" "$OBJ/quantize-q8-0.o" "$OBJ/tiled-gemm-simd.o" "${SCHEMA_OBJS[@]}" "${LIBS[@]}" $WRAP_Q8 $WRAP_MEM \
  -o "$WORK/link-simd/hearth-llama.mjs"
em++ "${LINK_FLAGS[@]}" "$OBJ/hearth-llama.o" "$OBJ/unwind-wasm-lpad.o" "$OBJ/fresh-memory.o" "$OBJ/quantize-q8-0.o" "$OBJ/tiled-gemm-relaxed.o" "$OBJ/relaxed-dot.o" "${SCHEMA_OBJS[@]}" "${LIBS[@]}" $WRAP_Q8 $WRAP_DOT $WRAP_MEM \
  -o "$WORK/link-relaxed/hearth-llama.mjs"
# Function names are ~1 MB of each wasm; drop them the way emscripten strips sections (objcopy).
# (wasm-ld's --strip-all would also drop target_features, which emcc's metadata step reads.)
for v in simd relaxed; do llvm-objcopy-14 --remove-section=name "$WORK/link-$v/hearth-llama.wasm"; done
finished=$(date +%s)

for f in hearth-llama.mjs hearth-llama.worker.js; do
  cmp -s "$WORK/link-simd/$f" "$WORK/link-relaxed/$f" || { echo "build-llama-wasm: the variants' $f differ; one glue cannot serve both" >&2; exit 1; }
done
cp "$WORK/link-simd/hearth-llama.mjs" "$OUT/hearth-llama.mjs"
cp "$WORK/link-simd/hearth-llama.worker.js" "$OUT/hearth-llama.worker.js"
cp "$WORK/link-simd/hearth-llama.wasm" "$OUT/hearth-llama-simd.wasm"
cp "$WORK/link-relaxed/hearth-llama.wasm" "$OUT/hearth-llama-relaxed.wasm"

# The build record: what went in (source commit, compilers, flags) and what came out (SHA-256),
# checked by llama-wasm-artifact.test.ts and by verify-reproducible.sh.
node "$HERE/write-build-record.mjs" "$OUT" \
  --source-commit "$PIN" \
  --emcc "$EMCC_VERSION" \
  --clang19 "$(clang-19 --version | sed -n 1p)" \
  --binaryen "$(wasm-opt --version 2>/dev/null || echo none)" \
  --cmake-flags "${CMAKE_OPTS[*]}" \
  --compile-flags "$COMMON_FLAGS (C kernels: $KERNEL_FLAGS, tiled-gemm.c by clang 19 in both variants; both variants link with $WRAP_Q8 $WRAP_MEM; also compiled from llama.cpp common/: $SCHEMA_SOURCES)" \
  --link-flags "${LINK_FLAGS[*]}" \
  --relaxed-extra "-mrelaxed-simd (clang 19) $WRAP_DOT" \
  --seconds-libraries "$((libs_done - started))" \
  --seconds-total "$((finished - started))"
echo "build-llama-wasm: libraries $((libs_done - started)) s, total $((finished - started)) s -> $OUT"
