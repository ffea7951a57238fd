#!/usr/bin/env bash
# Proves the committed artifact is what build.sh produces: rebuilds from the pinned source into a
# temporary directory and compares every file byte for byte with
# packages/sdk/src/engines/llama-wasm/artifact. Exit status 1 on any difference.
#
#   native/llama-wasm/verify-reproducible.sh           # fresh clone and CMake build (~5 min on 2 cores)
#   native/llama-wasm/verify-reproducible.sh --reuse   # reuse .cache/llama-wasm (seconds when built)
#
# A fresh work directory also proves the output does not depend on where the build ran (build.sh
# maps source paths away with -ffile-prefix-map).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SHIPPED="$REPO/packages/sdk/src/engines/llama-wasm/artifact"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
if [ "${1:-}" = "--reuse" ]; then WORK="$REPO/.cache/llama-wasm"; else WORK="$TMP/work"; fi

HEARTH_LLAMA_WASM_WORK="$WORK" "$HERE/build.sh" "$TMP/out" >"$TMP/build.log" 2>&1 || { cat "$TMP/build.log" >&2; exit 2; }
status=0
for f in hearth-llama.mjs hearth-llama.worker.js hearth-llama-simd.wasm hearth-llama-relaxed.wasm; do
  if cmp -s "$TMP/out/$f" "$SHIPPED/$f"; then
    echo "identical: $f ($(sha256sum "$SHIPPED/$f" | cut -c1-16)…)"
  else
    echo "DIFFERENT: $f" >&2
    status=1
  fi
done
if [ $status -ne 0 ]; then
  # Keep the differing build for inspection (cmp -l, wasm-objdump).
  KEPT="$REPO/.cache/llama-wasm/verify-diff-$(date +%Y%m%dT%H%M%S)"
  mkdir -p "$KEPT" && cp -r "$TMP/out" "$TMP/build.log" "$KEPT/"
  [ -d "$TMP/work/obj" ] && cp -r "$TMP/work/obj" "$KEPT/"
  echo "kept the rebuilt files in $KEPT" >&2
fi
exit $status
