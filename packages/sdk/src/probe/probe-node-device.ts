import { availableParallelism, cpus, freemem, totalmem } from 'node:os';
import type { DeviceProfile, NodeHostProfile } from '@hearth/spec';
import { detectWasmSupport } from './wasm-support.ts';

export interface ProbeNodeDeviceOptions {
  /**
   * Ask node-llama-cpp which GPU it can use (CUDA, Vulkan, Metal) and how much VRAM it has. Loads
   * the native binding: about 2 s here, so off by default; `hearth doctor` turns it on.
   */
  native?: boolean;
  now?: () => number;
}

const GiB = 1024 ** 3;

/**
 * This machine as the planner sees it from Node (the gateway, the CLI): cores, RAM, and with
 * `native` the GPU node-llama-cpp would use. Nothing is cached: a server's probe is cheap and its
 * machine is not a browser's shared one.
 *
 * @example const profile = await probeNodeDevice({ native: true })
 */
export async function probeNodeDevice(options: ProbeNodeDeviceOptions = {}): Promise<DeviceProfile> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const total = totalmem();
  const node: NodeHostProfile = {
    platform: process.platform,
    arch: process.arch,
    nodeVersion: process.versions.node,
    totalMemoryBytes: total,
    freeMemoryBytes: freemem(),
    gpuProbe: 'not-run',
  };
  const cpuModel = cpus()[0]?.model?.trim();
  if (cpuModel) node.cpuModel = cpuModel;
  if (options.native) Object.assign(node, await probeNativeGpu());
  return {
    profileVersion: 1,
    runtime: 'node',
    mobile: false,
    hardwareConcurrency: availableParallelism(),
    deviceMemoryGiB: Math.round((total / GiB) * 10) / 10,
    crossOriginIsolated: false,
    wasm: detectWasmSupport(),
    webgpu: { status: 'no-api' },
    builtin: 'unavailable',
    node,
    probedAt: new Date().toISOString(),
    probeMs: Math.round((now() - started) * 10) / 10,
  };
}

async function probeNativeGpu(): Promise<Pick<NodeHostProfile, 'gpu' | 'gpuProbe'>> {
  try {
    const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
    // build: 'never': a probe must not start compiling llama.cpp when no prebuilt binary fits.
    const llama = await getLlama({ gpu: 'auto', build: 'never', logLevel: LlamaLogLevel.error, progressLogs: false });
    try {
      if (llama.gpu === false) return { gpuProbe: 'none' };
      const vram = await llama.getVramState();
      return {
        gpuProbe: 'found',
        gpu: { type: llama.gpu, names: await llama.getGpuDeviceNames(), vramBytes: vram.total, unifiedMemory: vram.unifiedSize > 0 },
      };
    } finally {
      await llama.dispose();
    }
  } catch {
    return { gpuProbe: 'failed' };
  }
}
