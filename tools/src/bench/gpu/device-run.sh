#!/usr/bin/env bash
# The GPU recipe, run on the accelerator machine in one device call (see README.md beside this):
#   tools/src/bench/gpu/device-run.sh .cache/gpu-send
# It unpacks the carried Node and llama.cpp source, builds llama-server and llama-bench with CUDA
# while the project's GGUF writer makes the models, probes WebGPU through Dawn, then for each model
# runs llama-bench, llama-server (8 slots, continuous batching), Hearth's gateway in front of it
# (upstream pool only) and the client that measures both, and writes report-gpu.{json,md}.
# Everything lands in $OUT: report-gpu.json, report-gpu.md, raw.tgz (every raw file), device.log.
set -uo pipefail
T0=$(date +%s)
el() { echo $(($(date +%s) - T0)); }
C=$(realpath "${1:-.cache/gpu-send}")
OUT=${OUT:-/tmp/hearth-gpu-out}
W=/tmp/hearth-gpu
O=$W/o
BUDGET=${GPU_BENCH_BUDGET_S:-560}
rm -rf "$W" && mkdir -p "$O" "$OUT"
log() { echo "[$(el)s] $*" | tee -a "$O/device.log"; }
pack() { tar -czf "$OUT/raw.tgz" -C "$W" o 2>/dev/null; cp "$O/device.log" "$OUT/device.log" 2>/dev/null; }
trap pack EXIT

xz -dc "$C/node.xz" >"$W/node" && chmod +x "$W/node"
NODE=$W/node
BUNDLE=$C/gpu-bench.mjs
tar -xJf "$C/llama-src.tar.xz" -C "$W"
log "unpacked: node $($NODE --version)"

# The machine, as the report names it.
nvidia-smi >"$O/env-nvidia-smi.txt" 2>&1
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >"$O/env-gpu.csv" 2>&1
nvcc --version >"$O/env-nvcc.txt" 2>&1
lscpu | sed -n 's/^Model name: *//p' >"$O/env-cpu.txt"
nproc >"$O/env-cores.txt"
uname -r >"$O/env-kernel.txt"
$NODE --version >"$O/env-node.txt"
cp "$C/llama-commit.txt" "$O/env-llama-commit.txt" 2>/dev/null
log "GPU: $(cat "$O/env-gpu.csv")"

# llama.cpp with CUDA, in the background (the flags ENVIRONMENT.md measured).
(
  cmake -S "$W/llama.cpp" -B "$W/build" -G Ninja -DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90 -DCMAKE_BUILD_TYPE=Release \
    -DLLAMA_OPENSSL=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF >"$O/configure.log" 2>&1 &&
    ninja -C "$W/build" llama-server llama-bench >"$W/build.log" 2>&1
) &
BUILD=$!

# The models, written meanwhile by the project's GGUF writer (random weights: speed is the same).
$NODE "$BUNDLE" gguf --preset bench-0.5b --out "$W/bench-0.5b.gguf" >"$O/model-bench-0.5b.json" 2>>"$O/device.log"
log "bench-0.5b written: $(stat -c %s "$W/bench-0.5b.gguf" 2>/dev/null) bytes"
# An 8B shape (Llama-3-8B's layers, heads, GQA and FFN; a 32k vocabulary): what owners put on a GPU.
SHAPE_8B=name=hearth-bench-8b,embeddingLength=4096,blockCount=32,headCount=32,headCountKv=8,feedForwardLength=14336,contextLength=8192
$NODE "$BUNDLE" gguf --preset bench-0.5b --shape "$SHAPE_8B" --out "$W/bench-8b.gguf" >"$O/model-bench-8b.json" 2>>"$O/device.log" &
GEN8=$!

# WebGPU through Dawn (Vulkan): the loader from Debian's libvulkan1, NVIDIA's ICD file.
mkdir -p "$W/vk" "$W/dawn"
dpkg -x "$C"/libvulkan1_*.deb "$W/vk" && tar -xJf "$C/webgpu-dawn.tar.xz" -C "$W/dawn"
for f in /usr/share/vulkan/icd.d/nvidia_icd.json /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do [ -f "$f" ] && { ICD=$f; break; }; done
log "Vulkan ICD: ${ICD:-none found}"
LD_LIBRARY_PATH=$W/vk/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} VK_ICD_FILENAMES=${ICD:-} \
  timeout 90 $NODE tools/src/bench/gpu/webgpu-probe.mjs "$W/dawn/webgpu/index.js" "$O/webgpu-probe.json" >>"$O/device.log" 2>&1
log "WebGPU probe done"
pack

wait $BUILD
BUILD_RC=$?
tail -30 "$W/build.log" >"$O/build-tail.log" 2>/dev/null
B=$W/build/bin
if [ $BUILD_RC -ne 0 ] || [ ! -x "$B/llama-server" ]; then
  log "BUILD FAILED (rc $BUILD_RC)"
  tail -40 "$O/configure.log"
  tail -40 "$W/build.log"
  exit 1
fi
log "built llama-server and llama-bench"
$B/llama-server --version >"$O/env-llama-version.txt" 2>&1
ldd "$B/libggml-cuda.so" >"$O/env-ldd.txt" 2>&1 || ldd "$B/llama-server" >"$O/env-ldd.txt" 2>&1
grep -E 'libcuda\.so' "$O/env-ldd.txt" | tee -a "$O/device.log"
pack

wait_for() { for _ in $(seq 1 "$2"); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; return 1; }

bench_model() {
  local label=$1 gguf=$2 measure_timeout=$3
  log "[$label] llama-bench"
  timeout 90 $B/llama-bench -m "$gguf" -ngl 99 -p 512 -n 128 -r 3 -o json >"$O/llama-bench-$label.json" 2>"$W/llama-bench-$label.err" || log "[$label] llama-bench failed: $(tail -3 "$W/llama-bench-$label.err")"
  $B/llama-server -m "$gguf" --alias bench --host 127.0.0.1 --port 8080 -ngl 99 -np 8 -c 16384 --ignore-eos --no-webui >"$W/llama-server-$label.log" 2>&1 &
  local ls=$!
  if ! wait_for http://127.0.0.1:8080/health 240; then
    log "[$label] llama-server did not come up"
    tail -30 "$W/llama-server-$label.log" | tee -a "$O/device.log"
    kill $ls
    return 1
  fi
  grep -E 'offloaded|CUDA0|using device' "$W/llama-server-$label.log" | head -5 >>"$O/device.log"
  $NODE "$BUNDLE" serve --upstream http://127.0.0.1:8080 --port 8081 >"$W/gateway-$label.log" 2>&1 &
  local gw=$!
  wait_for http://127.0.0.1:8081/v1/models 60 || log "[$label] gateway not up: $(tail -5 "$W/gateway-$label.log")"
  log "[$label] llama-server and gateway up; measuring"
  timeout "$measure_timeout" $NODE "$BUNDLE" measure --gateway http://127.0.0.1:8081 --direct http://127.0.0.1:8080 --label "$label" --out "$O/raw-$label.json" 2>&1 | tee -a "$O/device.log"
  kill $gw $ls 2>/dev/null
  wait $gw $ls 2>/dev/null
  cp "$W/llama-server-$label.log" "$O/" 2>/dev/null
  log "[$label] done"
  pack
}

bench_model bench-0.5b "$W/bench-0.5b.gguf" 180
wait $GEN8
if [ -s "$W/bench-8b.gguf" ] && [ "$(el)" -lt $((BUDGET - 150)) ]; then
  log "bench-8b written: $(stat -c %s "$W/bench-8b.gguf") bytes"
  bench_model bench-8b "$W/bench-8b.gguf" $((BUDGET - $(el) - 40))
else
  log "bench-8b skipped (written: $([ -s "$W/bench-8b.gguf" ] && echo yes || echo no), elapsed $(el)s of $BUDGET)"
fi

$NODE "$BUNDLE" report --raw-dir "$O" --out-dir "$OUT" --primary bench-8b 2>&1 | tee -a "$O/device.log"
log "finished"
