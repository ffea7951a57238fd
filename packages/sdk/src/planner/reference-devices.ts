import type { DeviceProfile, WebGpuSupport } from '@hearth/spec';

// Device profiles modelled on real devices and browsers, for planner tests and for asking "what
// would Hearth pick there?" (hearth doctor --device <name>). Values are what those browsers report
// (WebGPU limits as Chrome exposes them per platform, deviceMemory as rounded by Chrome; Firefox
// and Safari expose no deviceMemory). The SwiftShader entry is this build machine, measured
// (ENVIRONMENT.md). Others are typical values, not measurements of one unit.

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

const MODERN_WASM = { simd: true, relaxedSimd: true, threads: true, memory64: true, jspi: true, exceptions: true };

function gpu(
  vendor: string,
  architecture: string,
  features: string[],
  maxBufferSize: number,
  maxStorageBufferBindingSize: number,
  isFallbackAdapter = false,
): WebGpuSupport {
  return { status: 'available', vendor, architecture, isFallbackAdapter, features, limits: { maxBufferSize, maxStorageBufferBindingSize } };
}

const F16 = ['shader-f16', 'timestamp-query'];

function browser(over: Partial<DeviceProfile> & Pick<DeviceProfile, 'webgpu'>): DeviceProfile {
  return {
    profileVersion: 1,
    runtime: 'browser',
    mobile: false,
    hardwareConcurrency: 8,
    deviceMemoryGiB: 8,
    crossOriginIsolated: true,
    wasm: MODERN_WASM,
    builtin: 'unavailable',
    storage: { quotaBytes: 60 * GiB, usageBytes: 0, persisted: false },
    probedAt: '2026-11-01T00:00:00.000Z',
    probeMs: 0,
    ...over,
  };
}

export const REFERENCE_DEVICES = {
  'apple-m1-8gb-chrome': browser({ hardwareConcurrency: 8, deviceMemoryGiB: 8, webgpu: gpu('apple', 'metal-3', F16, 4 * GiB, 4 * GiB - 4) }),
  'apple-m2-16gb-chrome': browser({ hardwareConcurrency: 8, deviceMemoryGiB: 16, webgpu: gpu('apple', 'metal-3', F16, 4 * GiB, 4 * GiB - 4) }),
  'intel-iris-xe-laptop-chrome': browser({ hardwareConcurrency: 8, deviceMemoryGiB: 8, webgpu: gpu('intel', 'gen-12lp', F16, 2 * GiB, 2 * GiB - 4) }),
  'rtx-3060-12gb-desktop-chrome': browser({ hardwareConcurrency: 12, deviceMemoryGiB: 32, webgpu: gpu('nvidia', 'ampere', F16, 4 * GiB, 2 * GiB - 1) }),
  'rtx-4090-desktop-chrome': browser({ hardwareConcurrency: 32, deviceMemoryGiB: 64, webgpu: gpu('nvidia', 'lovelace', F16, 4 * GiB, 2 * GiB - 1) }),
  'amd-radeon-780m-laptop-chrome': browser({ hardwareConcurrency: 16, deviceMemoryGiB: 16, webgpu: gpu('amd', 'rdna-3', F16, 2 * GiB, 2 * GiB - 4) }),
  // Mali GPUs expose 128 MiB storage bindings (WebLLM #209: mobile buffer limits).
  'android-pixel-mali-chrome': browser({ mobile: true, hardwareConcurrency: 8, deviceMemoryGiB: 8, webgpu: gpu('arm', 'valhall', F16, 256 * MiB, 128 * MiB) }),
  'android-low-end-4gb-chrome': browser({ mobile: true, hardwareConcurrency: 8, deviceMemoryGiB: 4, webgpu: { status: 'no-adapter' } }),
  // Safari 18: no WebGPU, no JSPI, no memory64, no relaxed SIMD; no deviceMemory.
  'iphone-safari-18': (() => {
    const p = browser({
      mobile: true,
      hardwareConcurrency: 4,
      webgpu: { status: 'no-api' },
      wasm: { ...MODERN_WASM, relaxedSimd: false, memory64: false, jspi: false },
    });
    delete p.deviceMemoryGiB;
    return p;
  })(),
  'ipad-safari-26-webgpu': (() => {
    const p = browser({
      mobile: true,
      hardwareConcurrency: 8,
      webgpu: gpu('apple', 'metal-3', F16, 1 * GiB, 1 * GiB),
      wasm: { ...MODERN_WASM, relaxedSimd: false, memory64: false, jspi: false },
    });
    delete p.deviceMemoryGiB;
    return p;
  })(),
  // Firefox on Linux: no WebGPU, no JSPI (behind a pref), memory64 since 134, no deviceMemory.
  'firefox-linux-no-webgpu': (() => {
    const p = browser({ hardwareConcurrency: 8, webgpu: { status: 'no-api' }, wasm: { ...MODERN_WASM, jspi: false } });
    delete p.deviceMemoryGiB;
    return p;
  })(),
  'firefox-windows-webgpu': (() => {
    const p = browser({
      hardwareConcurrency: 12,
      webgpu: gpu('nvidia', 'ampere', ['timestamp-query'], 2 * GiB, 2 * GiB - 4),
      wasm: { ...MODERN_WASM, jspi: false },
    });
    delete p.deviceMemoryGiB;
    return p;
  })(),
  'chromebook-4gb': browser({
    hardwareConcurrency: 4,
    deviceMemoryGiB: 4,
    webgpu: gpu('intel', 'gen-9', ['timestamp-query'], 2 * GiB, 1 * GiB),
    storage: { quotaBytes: 12 * GiB, usageBytes: 1 * GiB, persisted: false },
  }),
  // A page served without COOP/COEP, on a desktop whose GPU Chrome blocklists.
  'desktop-not-isolated': browser({
    hardwareConcurrency: 8,
    deviceMemoryGiB: 16,
    crossOriginIsolated: false,
    wasm: { ...MODERN_WASM, threads: false },
    webgpu: { status: 'no-adapter' },
  }),
  // This build machine's Chromium 156 with --enable-unsafe-webgpu (ENVIRONMENT.md).
  'swiftshader-this-machine': browser({
    hardwareConcurrency: 2,
    deviceMemoryGiB: 16,
    webgpu: gpu('google', 'swiftshader', ['timestamp-query'], 1 * GiB, 1 * GiB, true),
    storage: { quotaBytes: 10 * GiB, usageBytes: 0, persisted: false },
  }),
  // The same Chromium without the flag: navigator.gpu exists, requestAdapter() gives null.
  'chromium-this-machine-no-webgpu': browser({
    hardwareConcurrency: 2,
    deviceMemoryGiB: 16,
    webgpu: { status: 'no-adapter' },
    storage: { quotaBytes: 10 * GiB, usageBytes: 0, persisted: false },
  }),
  'chrome-builtin-ready-laptop': browser({
    hardwareConcurrency: 12,
    deviceMemoryGiB: 16,
    builtin: 'ready',
    webgpu: gpu('intel', 'xe-lpg', F16, 2 * GiB, 2 * GiB - 4),
  }),
  'chrome-builtin-downloadable-no-gpu': browser({ hardwareConcurrency: 4, deviceMemoryGiB: 8, builtin: 'needs-download', webgpu: { status: 'no-adapter' } }),
  'laptop-low-battery': browser({
    hardwareConcurrency: 8,
    deviceMemoryGiB: 16,
    battery: { charging: false, level: 0.12 },
    webgpu: gpu('intel', 'gen-12lp', F16, 2 * GiB, 2 * GiB - 4),
  }),
  'android-save-data': browser({
    mobile: true,
    hardwareConcurrency: 8,
    deviceMemoryGiB: 8,
    saveData: true,
    webgpu: gpu('qualcomm', 'adreno-7xx', F16, 1 * GiB, 1 * GiB),
  }),
  // Incognito-like quota: 400 MiB for the origin.
  'chrome-tight-storage': browser({
    hardwareConcurrency: 8,
    deviceMemoryGiB: 8,
    storage: { quotaBytes: 400 * MiB, usageBytes: 0, persisted: false },
    webgpu: { status: 'no-adapter' },
  }),
  // Chrome 90: before WebAssembly SIMD shipped (91).
  'old-chrome-no-simd': browser({
    hardwareConcurrency: 4,
    deviceMemoryGiB: 8,
    webgpu: { status: 'no-api' },
    wasm: { simd: false, relaxedSimd: false, threads: true, memory64: false, jspi: false, exceptions: false },
  }),
  'node-2-cores-24gb-no-gpu': {
    profileVersion: 1,
    runtime: 'node',
    mobile: false,
    hardwareConcurrency: 2,
    deviceMemoryGiB: 23.4,
    crossOriginIsolated: false,
    wasm: MODERN_WASM,
    webgpu: { status: 'no-api' },
    builtin: 'unavailable',
    node: { platform: 'linux', arch: 'x64', nodeVersion: '20.20.2', totalMemoryBytes: 24 * GiB, freeMemoryBytes: 18 * GiB, gpuProbe: 'none' },
    probedAt: '2026-11-01T00:00:00.000Z',
    probeMs: 0,
  },
  'node-cuda-rtx-4090': {
    profileVersion: 1,
    runtime: 'node',
    mobile: false,
    hardwareConcurrency: 32,
    deviceMemoryGiB: 64,
    crossOriginIsolated: false,
    wasm: MODERN_WASM,
    webgpu: { status: 'no-api' },
    builtin: 'unavailable',
    node: {
      platform: 'linux',
      arch: 'x64',
      nodeVersion: '20.20.2',
      totalMemoryBytes: 64 * GiB,
      freeMemoryBytes: 50 * GiB,
      gpuProbe: 'found',
      gpu: { type: 'cuda', names: ['NVIDIA GeForce RTX 4090'], vramBytes: 24 * GiB, unifiedMemory: false },
    },
    probedAt: '2026-11-01T00:00:00.000Z',
    probeMs: 0,
  },
} satisfies Record<string, DeviceProfile>;

export type ReferenceDeviceName = keyof typeof REFERENCE_DEVICES;
