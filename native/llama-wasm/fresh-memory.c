// Skips llama.cpp's clear of a buffer that is still as the heap handed it out: zero already.
//
// llama.cpp clears the KV cache when it makes a context (memset to 0 over the whole cache: 192 MiB
// at the bench model's context). In WebAssembly that memset is the first touch of every one of
// those pages, about 12 us per 4 KiB page on the bench machine: 0.7-1.0 s of a warm load that
// takes 2.5 s, for cells the first prompts never reach. Memory above the heap's break has never
// been written (wasm memory grows zero-filled, and emscripten's dlmalloc is built with
// MORECORE_CANNOT_TRIM, so the break never moves down). dlmalloc carves a large block from the
// start of its top chunk and moves the break past it, so such a block is part old memory (from
// its start up to the break it found, which may have been used and freed) and part new memory
// (zeros). A skipped clear still clears the old part; only the new part is left as it is.
//
// Linked with -Wl,--wrap=ggml_aligned_malloc,--wrap=ggml_aligned_free,--wrap=ggml_backend_buffer_clear
// (build.sh): the wrappers see the calls ggml-backend.cpp and llama.cpp make across objects.
// Only the latest such allocation is remembered, and a clear is skipped only for exactly that
// buffer and only once: llama.cpp clears the KV cache (and its output buffer, and control-vector
// buffers) right after allocating them, before anything writes there. Any later clear, a clear of
// any other buffer, or a clear to a value other than 0 runs as it did. The lock covers these
// wrappers only, not other threads' mallocs: a load runs while ggml's threads are idle.
//
// hl_pretouch_begin (below) takes the KV cache's memory before the weights load and maps its pages
// on another thread meanwhile; the cache's allocation then gets that memory, remembered as fresh.
//
// hearth-llama.cpp's hl_begin then resets the cache's cells without clearing their bytes, which
// assumes every byte there stays finite: zeros, or K and V the model wrote. Masked cells add 0 x
// their value, which is 0 only for a finite value (an F16 cache overflowing to inf would spoil
// later requests until the next load; llama.cpp's server assumes the same).

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ggml-backend-impl.h"
#include "ggml-backend.h"

void * __real_ggml_aligned_malloc(size_t size);
void __real_ggml_aligned_free(void * ptr, size_t size);
void __real_ggml_backend_buffer_clear(ggml_backend_buffer_t buffer, uint8_t value);

static pthread_mutex_t fresh_lock = PTHREAD_MUTEX_INITIALIZER;
static uintptr_t fresh_start;  // 0: none
static uintptr_t fresh_zero_from;  // the break before the allocation: zeros from here to fresh_end
static uintptr_t fresh_end;
static unsigned long skipped_bytes;

// Memory for the KV cache, taken and touched while the weights load (hl_pretouch_begin).
static void * arena;
static size_t arena_size;
static uintptr_t arena_zero_from;
static pthread_t toucher;
static int toucher_running;
static int toucher_started;
static int arena_armed;
static int arena_taken;

static void * touch_arena(void * unused) {
  (void) unused;
  // One write of zero per 4 KiB page maps it; the bytes stay as they were (zeros above the break).
  volatile uint8_t * p = (volatile uint8_t *) arena;
  for (size_t at = arena_zero_from - (uintptr_t) arena; at < arena_size; at += 4096) p[at] = 0;
  return NULL;
}

void * __wrap_ggml_aligned_malloc(size_t size) {
  pthread_mutex_lock(&fresh_lock);
  // The KV cache's request (once armed, after the weights: the first allocation within a quarter
  // of the arena's size below it, no larger) takes the arena, its pages mapped by now. It is as
  // fresh as the heap made it, and remembered like any fresh allocation, so the clear that
  // follows is skipped.
  if (arena != NULL && arena_armed && size <= arena_size && size >= arena_size - arena_size / 4) {
    if (toucher_running) pthread_join(toucher, NULL);
    toucher_running = 0;
    void * p = arena;
    fresh_start = (uintptr_t) p;
    fresh_end = (uintptr_t) p + size;
    fresh_zero_from = arena_zero_from < fresh_end ? arena_zero_from : fresh_end;
    arena = NULL;
    arena_taken = 1;
    pthread_mutex_unlock(&fresh_lock);
    return p;
  }
  uintptr_t brk = (uintptr_t) sbrk(0);
  void * p = __real_ggml_aligned_malloc(size);
  uintptr_t new_brk = (uintptr_t) sbrk(0);
  // Only an allocation that moved the break past most of itself is worth remembering.
  if (p != NULL && brk != (uintptr_t) -1 && new_brk >= (uintptr_t) p + size && brk < (uintptr_t) p + size / 2) {
    fresh_start = (uintptr_t) p;
    fresh_zero_from = brk > (uintptr_t) p ? brk : (uintptr_t) p;
    fresh_end = (uintptr_t) p + size;
  } else {
    fresh_start = fresh_zero_from = fresh_end = 0;  // a newer allocation, reused memory: nothing is known fresh
  }
  pthread_mutex_unlock(&fresh_lock);
  return p;
}

void __wrap_ggml_aligned_free(void * ptr, size_t size) {
  pthread_mutex_lock(&fresh_lock);
  if ((uintptr_t) ptr == fresh_start) fresh_start = fresh_zero_from = fresh_end = 0;
  pthread_mutex_unlock(&fresh_lock);
  __real_ggml_aligned_free(ptr, size);
}

void __wrap_ggml_backend_buffer_clear(ggml_backend_buffer_t buffer, uint8_t value) {
  // A multi-buffer has no base of its own (its parts are cleared inside ggml-backend.cpp, unwrapped).
  if (value == 0 && buffer != NULL && !ggml_backend_buffer_is_multi_buffer(buffer) && ggml_backend_buffer_is_host(buffer)) {
    uintptr_t base = (uintptr_t) ggml_backend_buffer_get_base(buffer);
    size_t size = ggml_backend_buffer_get_size(buffer);
    int skip = 0;
    size_t old_part = 0;
    pthread_mutex_lock(&fresh_lock);
    // The CPU buffer's base is its allocation, rounded up to the tensor alignment (at most 64 bytes on).
    if (fresh_start != 0 && base >= fresh_start && base - fresh_start < 64 && base + size <= fresh_end) {
      skip = 1;
      old_part = fresh_zero_from > base ? fresh_zero_from - base : 0;
      skipped_bytes += size - old_part;
      fresh_start = fresh_zero_from = fresh_end = 0;  // once: whatever clears it next may follow writes
    }
    pthread_mutex_unlock(&fresh_lock);
    if (skip) {
      memset((void *) base, 0, old_part);
      return;
    }
  }
  __real_ggml_backend_buffer_clear(buffer, value);
}

// Takes `size` bytes from the top of the heap for the KV cache that the next context will ask for,
// and maps its pages on another thread while the caller loads the weights. Each page's first
// touch costs about 12 us on the bench VM, and the first decoded token touches every page of an
// F32 cache's V (stored transposed, one token's V lands on each row): 0.3-0.35 s of the first
// token for the bench model's 1,024 tokens, paid by the warm-up token at the end of a load.
// Touched here it runs beside the weights' reads, which the kernel handles on the other core
// (in C on this VM, reading 128 MiB and touching another 128 MiB took 0.44-0.47 s side by side,
// 0.77 s one after the other). Returns 1 when a thread was started; without one (no free
// worker in emscripten's pool: PTHREAD_POOL_SIZE_STRICT=2 makes pthread_create fail) the arena is
// still given out, untouched. hl_pretouch_arm() once the weights are loaded, hl_pretouch_end()
// after the context is made.
int hl_pretouch_begin(size_t size) {
  pthread_mutex_lock(&fresh_lock);
  int started = 0;
  if (arena == NULL && size > 0) {
    uintptr_t brk = (uintptr_t) sbrk(0);
    // As ggml_aligned_malloc allocates (64-byte aligned, freed with free()), but without its log
    // line on failure: hl_load reads the log to tell a model too big for memory from a bad file.
    void * p = NULL;
    if (posix_memalign(&p, 64, size) != 0) p = NULL;
    if (p != NULL) {
      arena = p;
      arena_size = size;
      arena_taken = 0;
      arena_armed = 0;
      // Above the old break: zeros. Below it (old memory dlmalloc gave out again): the clear
      // that follows the KV allocation zeros that part, as for any fresh allocation.
      uintptr_t end = (uintptr_t) p + size;
      arena_zero_from = brk != (uintptr_t) -1 && brk < end ? (brk > (uintptr_t) p ? brk : (uintptr_t) p) : end;
      started = toucher_running = toucher_started = pthread_create(&toucher, NULL, touch_arena, NULL) == 0;
    }
  }
  pthread_mutex_unlock(&fresh_lock);
  return started;
}

// From now on the next allocation of about the arena's size takes it (the weights, allocated
// before, never do).
void hl_pretouch_arm(void) {
  pthread_mutex_lock(&fresh_lock);
  arena_armed = 1;
  pthread_mutex_unlock(&fresh_lock);
}

// Frees the arena if no allocation took it (a context that asked for something else, or none
// made). Returns 1 when it was taken with its pages mapped by the thread.
int hl_pretouch_end(void) {
  pthread_mutex_lock(&fresh_lock);
  if (toucher_running) pthread_join(toucher, NULL);
  toucher_running = 0;
  int taken = arena_taken && toucher_started;
  if (arena != NULL) free(arena);
  arena = NULL;
  arena_taken = 0;
  arena_armed = 0;
  toucher_started = 0;
  pthread_mutex_unlock(&fresh_lock);
  return taken;
}

// Bytes of clears skipped so far: fresh-memory-test.c checks the rule with it (not exported by the module).
unsigned long hl_fresh_clears_skipped(void) {
  pthread_mutex_lock(&fresh_lock);
  unsigned long n = skipped_bytes;
  pthread_mutex_unlock(&fresh_lock);
  return n;
}
