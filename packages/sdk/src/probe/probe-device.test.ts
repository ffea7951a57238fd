import { describe, expect, it } from 'vitest';
import { probeDevice } from './probe-device.ts';
import { probeNodeDevice } from './probe-node-device.ts';
import { detectWasmSupport, EXCEPTIONS_PROBE, MEMORY64_PROBE } from './wasm-support.ts';
import { PROFILE_CACHE_KEY, readCachedHardware, type ProfileCacheStorage } from './device-profile-cache.ts';

// The browser probe runs for real in Chromium (tests/browser/planner.test.ts); here it runs in Node,
// where there is no navigator.gpu and no LanguageModel, to test its cache and benchmark budget.

function memoryStorage(): ProfileCacheStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('detectWasmSupport', () => {
  it("validates the feature probe modules (Node 20's V8 has SIMD and exceptions)", () => {
    const support = detectWasmSupport();
    expect(support.simd).toBe(true);
    expect(support.exceptions).toBe(true);
    expect(support.threads).toBe(true);
    // The probes are well-formed modules apart from the feature itself.
    expect(MEMORY64_PROBE[8]).toBe(0x05);
    expect(EXCEPTIONS_PROBE.length).toBe(19);
  });
});

describe('probeDevice outside a browser', () => {
  it('returns a versioned profile with no WebGPU and the built-in model unavailable', async () => {
    const profile = await probeDevice({ cache: null });
    expect(profile).toMatchObject({ profileVersion: 1, runtime: 'browser', webgpu: { status: 'no-api' }, builtin: 'unavailable' });
    expect(profile.probeMs).toBeGreaterThanOrEqual(0);
  });

  it('caches the hardware part per device and reads it back', async () => {
    const cache = memoryStorage();
    const first = await probeDevice({ cache });
    expect(first.fromCache).toBeUndefined();
    expect(cache.data.has(PROFILE_CACHE_KEY)).toBe(true);
    const second = await probeDevice({ cache });
    expect(second.fromCache).toBe(true);
    expect(second.webgpu).toEqual(first.webgpu);
    // Another version, device or an old entry is ignored.
    const entry = JSON.parse(cache.data.get(PROFILE_CACHE_KEY) ?? '{}') as Record<string, unknown>;
    const put = (over: Record<string, unknown>) => cache.setItem(PROFILE_CACHE_KEY, JSON.stringify({ ...entry, ...over }));
    put({ profileVersion: 2 });
    expect(readCachedHardware(cache, String(entry['userAgent']), Number(entry['hardwareConcurrency']), Date.now())).toBeUndefined();
    put({ hardwareConcurrency: 999 });
    expect(readCachedHardware(cache, String(entry['userAgent']), Number(entry['hardwareConcurrency']), Date.now())).toBeUndefined();
    put({ measuredAt: '2020-01-01T00:00:00.000Z' });
    expect(readCachedHardware(cache, String(entry['userAgent']), Number(entry['hardwareConcurrency']), Date.now())).toBeUndefined();
    cache.setItem(PROFILE_CACHE_KEY, '{not json');
    expect(readCachedHardware(cache, '', 1, Date.now())).toBeUndefined();
  });

  it('runs benchmark hooks within the budget and drops one that overruns it', async () => {
    const profile = await probeDevice({
      cache: null,
      benchmark: true,
      benchmarkBudgetMs: 200,
      benchmarks: {
        'llama-wasm': async () => ({ weightGigabytesPerSecond: 5.8, threads: 2 }),
        // Never settles: the probe must not wait for it.
        wllama: () => new Promise(() => {}),
      },
    });
    expect(profile.benchmarks?.map((b) => [b.engine, b.weightGigabytesPerSecond])).toEqual([['llama-wasm', 5.8]]);
  });
});

describe('probeNodeDevice', () => {
  it('reports cores and memory without loading the native binding', async () => {
    const profile = await probeNodeDevice();
    expect(profile.runtime).toBe('node');
    expect(profile.hardwareConcurrency).toBeGreaterThan(0);
    expect(profile.node?.totalMemoryBytes).toBeGreaterThan(0);
    expect(profile.node?.gpuProbe).toBe('not-run');
  });
});
