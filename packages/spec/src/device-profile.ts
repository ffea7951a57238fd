/**
 * What Hearth knows about the device a request may run on: measured by `probeDevice()` (browser)
 * or `probeNodeDevice()` (Node) in the SDK, and read by the planner as plain data, so a profile
 * can be stored, sent in a bug report or written by hand in a test.
 */
export interface DeviceProfile {
  /** Bumped whenever a field changes meaning; cached profiles of another version are ignored. */
  profileVersion: 1;
  runtime: 'browser' | 'node';
  userAgent?: string;
  /** A phone or tablet (UA-CH `mobile`, else the user agent): slower cores, tighter memory. */
  mobile: boolean;
  hardwareConcurrency: number;
  /**
   * RAM in GiB as the runtime reports it: `navigator.deviceMemory` in browsers (rounded and capped
   * by the browser; absent in Firefox and Safari), total memory in Node.
   */
  deviceMemoryGiB?: number;
  /** COOP/COEP in effect: SharedArrayBuffer, so WebAssembly threads. */
  crossOriginIsolated: boolean;
  wasm: WasmSupport;
  webgpu: WebGpuSupport;
  storage?: StorageProfile;
  battery?: { charging: boolean; level: number };
  /** `navigator.connection.saveData`: the user asked the browser to use less data. */
  saveData?: boolean;
  /** The browser's own model (`LanguageModel.availability()`), in Hearth's words. */
  builtin: 'unavailable' | 'needs-download' | 'downloading' | 'ready';
  node?: NodeHostProfile;
  /** Engine speed measured on this device (the optional micro-benchmark). */
  benchmarks?: EngineBenchmark[];
  /** ISO time of the probe. */
  probedAt: string;
  /** What the probe cost, in milliseconds (of the hardware part, when it came from the cache). */
  probeMs: number;
  /** True when the hardware part (adapter, benchmarks) came from the per-device cache. */
  fromCache?: boolean;
}

export interface WasmSupport {
  simd: boolean;
  relaxedSimd: boolean;
  /** SharedArrayBuffer exists and the page is cross-origin isolated. */
  threads: boolean;
  /** 64-bit memories: wllama 3.8's only locally served build is memory64. */
  memory64: boolean;
  /** JS Promise Integration (`'Suspending' in WebAssembly`): wllama's async file reads and WebGPU. */
  jspi: boolean;
  /** Native WebAssembly exceptions: both llama.cpp builds are compiled with -fwasm-exceptions. */
  exceptions: boolean;
}

export type WebGpuSupport = ({ status: 'available' } & WebGpuAdapterProfile) | { status: 'no-api' | 'no-adapter' | 'error'; detail?: string };

export interface WebGpuAdapterProfile {
  vendor: string;
  architecture: string;
  description?: string;
  /** A software adapter (SwiftShader): correct, about 100x slower than WebAssembly for a matmul. */
  isFallbackAdapter: boolean;
  features: string[];
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
}

export interface StorageProfile {
  quotaBytes: number;
  usageBytes: number;
  persisted: boolean;
}

export interface NodeHostProfile {
  platform: string;
  arch: string;
  nodeVersion: string;
  cpuModel?: string;
  totalMemoryBytes: number;
  freeMemoryBytes: number;
  /** What node-llama-cpp found (only when the native probe ran). */
  gpu?: { type: 'cuda' | 'vulkan' | 'metal'; names: string[]; vramBytes: number; unifiedMemory: boolean };
  /** Set when the native probe ran and found no usable GPU, or did not run. */
  gpuProbe: 'found' | 'none' | 'not-run' | 'failed';
}

/** One engine's measured decode-relevant speed: weight bytes streamed per second. */
export interface EngineBenchmark {
  engine: 'llama-wasm' | 'wllama' | 'webllm' | 'node-llama-cpp';
  weightGigabytesPerSecond: number;
  threads: number;
  ms: number;
}
