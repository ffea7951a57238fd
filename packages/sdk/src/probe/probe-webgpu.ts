import type { WebGpuSupport } from '@hearth/spec';

interface GpuAdapterLike {
  features: ReadonlySet<string>;
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

/** The part of `navigator` read here; typed locally so the SDK needs no WebGPU type package. */
export interface WebGpuNavigator {
  gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
}

/**
 * The one WebGPU adapter probe: the device profile and every engine that needs WebGPU ask here,
 * so they agree on what the adapter offers. Never throws: a failure is `status: 'error'`.
 *
 * @example const gpu = await probeWebGpu(); if (gpu.status === 'available' && gpu.features.includes('shader-f16')) …
 */
export async function probeWebGpu(nav: WebGpuNavigator = typeof navigator === 'undefined' ? {} : (navigator as WebGpuNavigator)): Promise<WebGpuSupport> {
  if (!nav.gpu) return { status: 'no-api' };
  try {
    const adapter = await nav.gpu.requestAdapter();
    if (!adapter) return { status: 'no-adapter' };
    const info = adapter.info ?? {};
    const out: WebGpuSupport = {
      status: 'available',
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      // Chrome moved isFallbackAdapter from the adapter to adapter.info; read both.
      isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
      features: [...adapter.features].sort(),
      limits: { maxBufferSize: adapter.limits.maxBufferSize, maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize },
    };
    if (info.description) out.description = info.description;
    return out;
  } catch (error) {
    return { status: 'error', detail: error instanceof Error ? error.message : String(error) };
  }
}
