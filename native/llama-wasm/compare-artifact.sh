#!/usr/bin/env bash
# Compares a llama-wasm build with the committed artifact, file by file; exit status 1 on any
# difference that is not tolerated. Called by verify-reproducible.sh after its fresh build.
#
#   native/llama-wasm/compare-artifact.sh <built-dir> <shipped-dir> [--tolerate-eh-nondeterminism]
#
# With --tolerate-eh-nondeterminism a .wasm of the same size whose differing bytes fall in at most
# EH_MAX_STRETCHES stretches, each under EH_WINDOW bytes, is reported and accepted: clang 19's
# nondeterministic try/delegate placement (llvm/llvm-project#204883; see verify-reproducible.sh).
# The JavaScript files must always match exactly.
set -euo pipefail
BUILT="$1"
SHIPPED="$2"
TOLERATE_EH=0
[ "${3:-}" = "--tolerate-eh-nondeterminism" ] && TOLERATE_EH=1
# How long one function's differing try/delegate nesting may be (bytes), and how many functions.
EH_WINDOW=512
EH_MAX_STRETCHES=8

status=0
for f in hearth-llama.mjs hearth-llama.worker.js hearth-llama-simd.wasm hearth-llama-relaxed.wasm; do
  if cmp -s "$BUILT/$f" "$SHIPPED/$f"; then
    echo "identical: $f ($(sha256sum "$SHIPPED/$f" | cut -c1-16)…)"
    continue
  fi
  if [ $TOLERATE_EH -eq 1 ] && [[ "$f" == *.wasm ]] && [ -f "$BUILT/$f" ] && [ "$(stat -c %s "$BUILT/$f")" = "$(stat -c %s "$SHIPPED/$f")" ]; then
    # cmp exits 1 when the files differ, which they do here: under pipefail that would end the
    # script without a word, so its status is dropped and only its listing is used.
    differing="$(cmp -l "$BUILT/$f" "$SHIPPED/$f" || true)"
    # Differing bytes grouped into stretches (a gap over EH_WINDOW starts a new one): "start-end:count".
    stretches="$(awk -v w=$EH_WINDOW '{ if (NR == 1 || $1 - l > w) { if (NR > 1) printf "%d-%d:%d ", s, l, n; s = $1; n = 0 } l = $1; n++ } END { printf "%d-%d:%d", s, l, n }' <<<"$differing")"
    widest="$(tr ' ' '\n' <<<"$stretches" | awk -F'[-:]' '{ if ($2 - $1 > m) m = $2 - $1 } END { print m + 0 }')"
    if [ "$(wc -w <<<"$stretches")" -le $EH_MAX_STRETCHES ] && [ "$widest" -lt $EH_WINDOW ]; then
      echo "tolerated: $f, same size, differs only in short stretches (offsets-offsets:bytes) $stretches: the exception-handling block nondeterminism of llvm/llvm-project#204883"
      continue
    fi
    echo "DIFFERENT: $f, same size, differing stretches (offsets-offsets:bytes) $stretches" >&2
  else
    echo "DIFFERENT: $f" >&2
  fi
  status=1
done
exit $status
