// fresh-memory.c's rule, against ggml's own CPU buffers in wasm memory: a clear is skipped only
// for the latest allocation made above the heap's break, only once, and the bytes read as zeros
// either way. Built and run under Node by test-fresh-memory.sh (build.sh runs it before linking).

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ggml-backend.h"

unsigned long hl_fresh_clears_skipped(void);
int hl_pretouch_begin(size_t size);
void hl_pretouch_arm(void);
int hl_pretouch_end(void);

static int failures = 0;

static void check(int ok, const char * what) {
  printf("  %s %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) failures++;
}

static int all_bytes(ggml_backend_buffer_t b, uint8_t value) {
  const uint8_t * p = ggml_backend_buffer_get_base(b);
  size_t n = ggml_backend_buffer_get_size(b);
  for (size_t i = 0; i < n; i++) {
    if (p[i] != value) return 0;
  }
  return 1;
}

int main(void) {
  ggml_backend_buffer_type_t cpu = ggml_backend_cpu_buffer_type();
  const size_t n = 32u << 20;

  ggml_backend_buffer_t a = ggml_backend_buft_alloc_buffer(cpu, n);
  unsigned long skipped = hl_fresh_clears_skipped();
  ggml_backend_buffer_clear(a, 0);
  check(hl_fresh_clears_skipped() - skipped > n / 2, "a fresh buffer's first clear is skipped (all but the part below the old break)");
  check(all_bytes(a, 0), "and it reads as zeros");

  memset(ggml_backend_buffer_get_base(a), 0xab, n);
  skipped = hl_fresh_clears_skipped();
  ggml_backend_buffer_clear(a, 0);
  check(hl_fresh_clears_skipped() == skipped && all_bytes(a, 0), "written, then cleared again: the clear runs");

  memset(ggml_backend_buffer_get_base(a), 0xcd, n);
  ggml_backend_buffer_free(a);
  ggml_backend_buffer_t b = ggml_backend_buft_alloc_buffer(cpu, n);  // the same, dirty memory again
  ggml_backend_buffer_clear(b, 0);
  check(hl_fresh_clears_skipped() == skipped && all_bytes(b, 0), "freed memory given out again: the clear runs");

  ggml_backend_buffer_t c = ggml_backend_buft_alloc_buffer(cpu, n);
  ggml_backend_buffer_clear(c, 7);
  check(hl_fresh_clears_skipped() == skipped && all_bytes(c, 7), "a clear to a value other than 0 runs");

  ggml_backend_buffer_t d = ggml_backend_buft_alloc_buffer(cpu, n);
  memset(ggml_backend_buffer_get_base(d), 0x5a, n);
  ggml_backend_buffer_t e = ggml_backend_buft_alloc_buffer(cpu, n);
  ggml_backend_buffer_clear(d, 0);
  check(hl_fresh_clears_skipped() == skipped && all_bytes(d, 0), "an older fresh buffer, written since: the clear runs");
  ggml_backend_buffer_clear(e, 0);
  check(hl_fresh_clears_skipped() - skipped > n / 2 && all_bytes(e, 0), "the latest fresh buffer: skipped, zeros");

  // Dirty memory freed back to the top of the heap, then a larger block that starts there and
  // moves the break: only its new part is left as it is, its old part is cleared.
  ggml_backend_buffer_t f = ggml_backend_buft_alloc_buffer(cpu, n / 4);
  memset(ggml_backend_buffer_get_base(f), 0xee, n / 4);
  ggml_backend_buffer_free(f);
  ggml_backend_buffer_t g = ggml_backend_buft_alloc_buffer(cpu, 2 * n);
  skipped = hl_fresh_clears_skipped();
  ggml_backend_buffer_clear(g, 0);
  check(hl_fresh_clears_skipped() > skipped && all_bytes(g, 0), "a block partly over freed, written memory: that part cleared, zeros");
  ggml_backend_buffer_free(g);

  // The pre-touched arena: taken by the next allocation of about its size, as fresh memory. Eight
  // times n, so that most of it lies above the break (the freed blocks above hold about 2n).
  const size_t big = 8 * n;
  check(hl_pretouch_begin(big) == 1, "hl_pretouch_begin starts its toucher thread");
  ggml_backend_buffer_t weights = ggml_backend_buft_alloc_buffer(cpu, big);  // before arming: not the arena
  ggml_backend_buffer_clear(weights, 0);
  check(all_bytes(weights, 0), "an allocation of the arena's size before hl_pretouch_arm: its own memory, zeros");
  hl_pretouch_arm();
  ggml_backend_buffer_t small = ggml_backend_buft_alloc_buffer(cpu, big / 2);  // too small for it
  ggml_backend_buffer_t kv = ggml_backend_buft_alloc_buffer(cpu, big - 4096);
  skipped = hl_fresh_clears_skipped();
  ggml_backend_buffer_clear(kv, 0);
  unsigned long kv_skipped = hl_fresh_clears_skipped() - skipped;
  printf("  (the arena's taker: %lu of its %lu bytes left as the heap gave them)\n", kv_skipped, (unsigned long) (big - 4096));
  check(kv_skipped > big / 2 && kv_skipped <= big - 4096 && all_bytes(kv, 0), "the arena's taker: its clear skipped (its part above the old break, no more), zeros");
  check((uintptr_t) ggml_backend_buffer_get_base(small) > (uintptr_t) ggml_backend_buffer_get_base(kv), "an allocation of half its size did not take it");
  check((uintptr_t) ggml_backend_buffer_get_base(weights) > (uintptr_t) ggml_backend_buffer_get_base(kv), "nor the one made before arming (the arena lies below it)");
  check(hl_pretouch_end() == 1, "hl_pretouch_end says it was taken");
  memset(ggml_backend_buffer_get_base(kv), 0x77, big - 4096);
  ggml_backend_buffer_free(kv);
  ggml_backend_buffer_free(small);
  ggml_backend_buffer_free(weights);

  // An arena over dirty freed memory: the clear after it is taken zeros that part.
  hl_pretouch_begin(n);
  hl_pretouch_arm();
  ggml_backend_buffer_t kv2 = ggml_backend_buft_alloc_buffer(cpu, n);
  skipped = hl_fresh_clears_skipped();
  ggml_backend_buffer_clear(kv2, 0);
  check(hl_fresh_clears_skipped() - skipped <= n && all_bytes(kv2, 0), "an arena over written, freed memory: zeros after the clear, no more counted skipped than its size");
  hl_pretouch_end();

  // Not taken: freed, and the next allocations go on as before.
  hl_pretouch_begin(n);
  hl_pretouch_arm();
  ggml_backend_buffer_t other = ggml_backend_buft_alloc_buffer(cpu, n / 8);
  check(hl_pretouch_end() == 0, "an arena no allocation took: hl_pretouch_end says so and frees it");
  ggml_backend_buffer_t after = ggml_backend_buft_alloc_buffer(cpu, n);
  ggml_backend_buffer_clear(after, 0);
  check(all_bytes(after, 0), "memory of a freed arena, given out again: zeros after the clear");
  ggml_backend_buffer_free(after);
  ggml_backend_buffer_free(other);
  ggml_backend_buffer_free(kv2);

  ggml_backend_buffer_free(b);
  ggml_backend_buffer_free(c);
  ggml_backend_buffer_free(d);
  ggml_backend_buffer_free(e);
  printf("fresh-memory-test: %s\n", failures ? "FAILED" : "all passed");
  return failures ? 1 : 0;
}
