import type { DeviceProfile, EngineKind, RouteBackend } from '@hearth/spec';

// Decode is bounded by memory traffic: each token streams the weights once, so
// tokens/s ~ (weight bytes streamed per second) / (weight bytes). Without a benchmark on the device
// the streaming rate is assumed from what ENVIRONMENT.md measured on this build machine (AMD EPYC,
// bench model of 243 MB, Q4_0): llama-wasm 14.4 tok/s on 1 thread and 24.0 on 2 (3.5 and 5.8 GB/s),
// wllama 3.0 and 5.5 (0.73 and 1.34 GB/s), node-llama-cpp 40.5 and 48.4 (9.8 and 11.8 GB/s).
const ASSUMED = {
  'llama-wasm': { perThreadGBps: 3.5, threadExponent: 0.73 },
  wllama: { perThreadGBps: 0.73, threadExponent: 0.88 },
  'node-llama-cpp': { perThreadGBps: 9.8, threadExponent: 0.27 },
} as const;
// No WebGPU GPU could be measured here (only SwiftShader): 40 GB/s is a conservative figure for
// integrated GPUs (LPDDR4X/DDR5 laptops stream 50-100 GB/s), and WebLLM's paper reports up to 80% of
// native. Phones get less. Discrete GPUs are faster still; a benchmark replaces all of this.
const ASSUMED_WEBGPU_GBPS = 40;
const ASSUMED_MOBILE_WEBGPU_GBPS = 15;
const ASSUMED_NATIVE_GPU_GBPS = 100;
// Phone cores are slower and fewer of them are big ones.
const MOBILE_CPU_FACTOR = 0.5;
// CPU decode saturates memory bandwidth; a desktop's is ~20-60 GB/s.
const CPU_CAP_GBPS = 20;
// wllama's kernels against llama-wasm's, both measured here on 2 threads (1.34 / 5.8): used to
// scale a llama-wasm benchmark when wllama has none of its own.
const WLLAMA_PER_LLAMA_WASM = 0.23;
const MAX_TOKENS_PER_SECOND = 500;

export interface SpeedEstimate {
  tokensPerSecond: number;
  basis: 'measured' | 'assumed';
  gigabytesPerSecond: number;
}

/** Threads an engine gets on this device: wasm threads need cross-origin isolation. */
export function engineThreads(engine: EngineKind, profile: DeviceProfile): number {
  const cores = Math.max(1, Math.floor(profile.hardwareConcurrency || 1));
  if (engine === 'wllama' || engine === 'llama-wasm') return profile.crossOriginIsolated && profile.wasm.threads ? cores : 1;
  return cores;
}

/** Decode speed of a model with `weightsBytes` of weights on this engine and device. */
export function estimateDecodeSpeed(engine: EngineKind, backend: RouteBackend, profile: DeviceProfile, weightsBytes: number): SpeedEstimate {
  const { gigabytesPerSecond, basis } = streamingRate(engine, backend, profile);
  // Past a few hundred tokens a second decode is bound by per-token overhead, not by weight
  // traffic: the bandwidth model says nothing about tiny models, so it stops there.
  return { tokensPerSecond: Math.min(MAX_TOKENS_PER_SECOND, (gigabytesPerSecond * 1e9) / Math.max(1, weightsBytes)), basis, gigabytesPerSecond };
}

function streamingRate(engine: EngineKind, backend: RouteBackend, profile: DeviceProfile): { gigabytesPerSecond: number; basis: 'measured' | 'assumed' } {
  const measured = profile.benchmarks?.find((b) => b.engine === engine);
  if (backend === 'cpu') {
    if (measured) return { gigabytesPerSecond: measured.weightGigabytesPerSecond, basis: 'measured' };
    const wasmBench = profile.benchmarks?.find((b) => b.engine === 'llama-wasm');
    if (engine === 'wllama' && wasmBench) {
      return { gigabytesPerSecond: wasmBench.weightGigabytesPerSecond * WLLAMA_PER_LLAMA_WASM, basis: 'assumed' };
    }
    const key = engine === 'wllama' || engine === 'llama-wasm' ? engine : 'node-llama-cpp';
    const { perThreadGBps, threadExponent } = ASSUMED[key];
    const threads = engineThreads(engine, profile);
    const rate = perThreadGBps * threads ** threadExponent * (profile.mobile ? MOBILE_CPU_FACTOR : 1);
    return { gigabytesPerSecond: Math.min(rate, CPU_CAP_GBPS), basis: 'assumed' };
  }
  if (measured) return { gigabytesPerSecond: measured.weightGigabytesPerSecond, basis: 'measured' };
  if (backend === 'gpu') return { gigabytesPerSecond: ASSUMED_NATIVE_GPU_GBPS, basis: 'assumed' };
  return { gigabytesPerSecond: profile.mobile ? ASSUMED_MOBILE_WEBGPU_GBPS : ASSUMED_WEBGPU_GBPS, basis: 'assumed' };
}
