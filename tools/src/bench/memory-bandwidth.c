// Memory read bandwidth, the ceiling of LLM decode speed (each token reads every weight once).
// Reads a buffer much larger than the caches with N threads, summing with AVX2 when present,
// and prints the best of several passes in bytes per second.
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __AVX2__
#include <immintrin.h>
#endif

typedef struct { const uint64_t *start; size_t words; uint64_t sum; } job_t;

static void *read_all(void *arg) {
  job_t *job = arg;
  const uint64_t *p = job->start;
#ifdef __AVX2__
  __m256i a = _mm256_setzero_si256(), b = _mm256_setzero_si256();
  size_t i = 0;
  for (; i + 8 <= job->words; i += 8) {
    a = _mm256_xor_si256(a, _mm256_load_si256((const __m256i *)(p + i)));
    b = _mm256_xor_si256(b, _mm256_load_si256((const __m256i *)(p + i + 4)));
  }
  uint64_t out[4];
  _mm256_storeu_si256((__m256i *)out, _mm256_xor_si256(a, b));
  job->sum = out[0] ^ out[1] ^ out[2] ^ out[3];
#else
  uint64_t s = 0;
  for (size_t i = 0; i < job->words; i++) s ^= p[i];
  job->sum = s;
#endif
  return NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 2;
  size_t bytes = (argc > 2 ? strtoull(argv[2], NULL, 10) : 1024) << 20;
  uint64_t *buf = aligned_alloc(64, bytes);
  memset(buf, 1, bytes);
  size_t words = bytes / 8, per = words / threads / 8 * 8;
  double best = 0;
  uint64_t sink = 0;
  for (int pass = 0; pass < 7; pass++) {
    pthread_t tid[64];
    job_t jobs[64];
    double t0 = now();
    for (int t = 0; t < threads; t++) {
      jobs[t] = (job_t){buf + t * per, per, 0};
      pthread_create(&tid[t], NULL, read_all, &jobs[t]);
    }
    for (int t = 0; t < threads; t++) {
      pthread_join(tid[t], NULL);
      sink ^= jobs[t].sum;
    }
    double rate = (double)per * 8 * threads / (now() - t0);
    if (rate > best) best = rate;
  }
  printf("%.0f %llu\n", best, (unsigned long long)(sink & 1));
  free(buf);
  return 0;
}
