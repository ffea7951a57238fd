import type { RejectionCode, RejectionReason, RoutePolicy } from '@hearth/spec';
import { formatSize } from './format-size.ts';

/**
 * Every sentence the planner writes, in one place. Rejections are keyed by their `code` (stable:
 * apps and @hearth/ui localize by it), then by the case; `because()` builds a `RejectionReason`
 * whose code is the key it was found under, so a text can never carry another code. Route
 * reasons (why a route was chosen) follow, under `ROUTE_REASONS`.
 */
export const REJECTION_REASONS = {
  policy: {
    deviceOnly: () => 'the policy "device-only" keeps requests on this device',
    noThirdParty: (policy: RoutePolicy) => `the policy "${policy}" never sends text to a third party`,
  },
  consent: {
    denied: () => 'the user said no to running a model on this device',
    waiting: (a: { builtin: boolean; downloadBytes: number; saveData: boolean }) =>
      `${a.builtin ? 'the browser must download its model first' : `needs a ${formatSize(a.downloadBytes)} download`}, which ${
        a.saveData ? "waits for the user's yes: the browser asks to save data (Save-Data)" : "waits for the user's yes (the app asks before downloading)"
      }`,
  },
  'engine-unavailable': {
    noWebGpu: () => 'this browser has no WebGPU (navigator.gpu)',
    noAdapter: () => 'WebGPU offers no adapter here',
    webGpuFailed: (detail: string | undefined) => `WebGPU failed: ${detail ?? 'unknown error'}`,
    wllamaBuild: (missing: string) =>
      `wllama's build needs WebAssembly ${missing}, which this browser lacks (its compat build would come from a CDN, which Hearth never uses)`,
    notIsolated: () => 'the page is not cross-origin isolated (COOP/COEP), so there are no WebAssembly threads, which llama-wasm needs',
    builtinUnavailable: () => "the browser's built-in model (LanguageModel) is unavailable here",
    builtinDownloading: () => 'the browser is still downloading its built-in model',
    gpuNotProbed: () => 'no GPU probe ran (node-llama-cpp was not asked)',
    noGpu: () => 'node-llama-cpp found no usable GPU (CUDA, Vulkan or Metal)',
  },
  'feature-missing': {
    wllamaShaderF16: (adapter: string) => `wllama 3.8's WebGPU backend needs shader-f16, and ${adapter} lacks it`,
    simd: () => 'no WebAssembly SIMD',
    exceptions: () => 'no WebAssembly exception handling (both llama.cpp builds use it)',
    mlcFeatures: (build: string, missing: readonly string[], adapter: string) => `${build} needs ${missing.join(', ')}, and ${adapter} lacks it`,
  },
  'software-gpu': {
    fallbackAdapter: (adapter: string) => `the only WebGPU adapter is a software one (${adapter}, isFallbackAdapter): about 100x slower than WebAssembly`,
  },
  'buffer-limit': {
    tensor: (a: { bytes: number; tensor: string; basis: string; limit: number }) =>
      `needs ${formatSize(a.bytes, true)} in one buffer (${a.tensor})${a.basis}; this GPU allows ${formatSize(a.limit)}`,
    packedEmbedding: (bytes: number, limit: number) =>
      `needs ${formatSize(bytes, true)} in one buffer (the packed embedding); this GPU allows ${formatSize(limit)}`,
  },
  'wasm-memory': {
    over4GiB: (a: { total: number; weights: number; kvCache: number; buffers: number; basis: string; llamaWasm: boolean }) =>
      `needs ${formatSize(a.total, true)} of WebAssembly memory (weights ${formatSize(a.weights)}, KV cache ${formatSize(a.kvCache)}, buffers ${formatSize(a.buffers)})${a.basis}; ${
        a.llamaWasm ? 'llama-wasm is wasm32' : "wllama's build caps its memory"
      }: 4 GiB at most`,
  },
  'device-memory': {
    estimate: (total: number, basis: string, budget: string) => `needs ${formatSize(total, true)}${basis}; ${budget}`,
    mlc: (need: number, budget: string) => `needs ${formatSize(need, true)} (WebLLM's vram_required_MB); ${budget}`,
  },
  storage: {
    quota: (needed: number, free: number) =>
      `needs ${formatSize(needed, true)} of storage for the download; the browser grants ${formatSize(Math.max(0, free))} more`,
  },
  'no-build': {
    noMlcLibraryAtAll: () => 'the app serves no MLC model library for any candidate model (WebLLM runs only MLC builds; Hearth never loads one from a CDN)',
    noMlcBuild: (model: string) => `no MLC build of ${model} in the catalog (WebLLM cannot run GGUF files)`,
    noMlcLibrary: (build: string) =>
      `the app serves no MLC model library for ${build} (set mlc.libraryUrl and mlc.weightsUrl; Hearth never loads one from a CDN)`,
  },
  task: {
    notMeantFor: (task: string, goodFor: readonly string[]) => `not meant for ${task} (good for ${goodFor.join(', ')})`,
    language: (language: string) => `does not list the language "${language}"`,
  },
  context: {
    model: (needed: number, model: string, trained: number) => `the task needs a ${needed}-token context; ${model} was trained for ${trained}`,
    mlcBuild: (build: string, built: number, needed: number) => `${build} is built for ${built} tokens of context; the task needs ${needed}`,
  },
  'not-configured': {
    noGateway: () => 'no self-hosted gateway is configured (selfHosted)',
  },
  slower: {
    otherCpuEngine: (a: { keep: string; fastGBs: number; slowGBs: number; basis: string }) =>
      `${a.keep} runs GGUF on this CPU faster (${a.fastGBs.toFixed(1)} vs ${a.slowGBs.toFixed(1)} GB/s of weights, ${a.basis}); one CPU route is enough`,
  },
} as const satisfies { [C in RejectionCode]: Record<string, (...args: never[]) => string> };

type Texts = typeof REJECTION_REASONS;
type Args<F> = F extends (...args: infer A) => string ? A : never;

/**
 * A rejection reason by code and case.
 *
 * @example because('storage', 'quota', needed, free) // { code: 'storage', text: 'needs 2.3 GiB of storage…' }
 */
export function because<C extends RejectionCode, K extends keyof Texts[C]>(code: C, key: K, ...args: Args<Texts[C][K]>): RejectionReason {
  const write = REJECTION_REASONS[code][key] as (...a: Args<Texts[C][K]>) => string;
  return { code, text: write(...args) };
}

/** Why a route was chosen (`route.reason`), and what ordering adds to it. */
export const ROUTE_REASONS = {
  gguf: (a: {
    model: string;
    quantization: string;
    engine: string;
    memory: number;
    basis: string;
    contextSize: number;
    tokensPerSecond: number;
    measured: boolean;
  }) =>
    `${a.model} ${a.quantization} on ${a.engine}: needs ${formatSize(a.memory, true)}${a.basis} at ${a.contextSize} tokens of context, ~${a.tokensPerSecond} tok/s (${speedBasis(a.measured)})`,
  mlc: (a: { model: string; build: string; engine: string; memory: number; tokensPerSecond: number; measured: boolean }) =>
    `${a.model} (${a.build}) on ${a.engine}: needs ${formatSize(a.memory, true)}, ~${a.tokensPerSecond} tok/s (${speedBasis(a.measured)})`,
  builtin: (needsDownload: boolean) =>
    needsDownload
      ? "the browser's built-in model (LanguageModel), which the browser downloads first"
      : "the browser's built-in model (LanguageModel), ready without a download",
  selfHosted: (name: string | undefined, baseUrl: string, model: string) =>
    `${name ?? "the app's own gateway"} (${baseUrl}, model ${model}): run by the app's owner, keeps no prompts`,
  thirdParty: (name: string | undefined, baseUrl: string, model: string) =>
    `${name ?? 'a third-party API'} (${baseUrl}, model ${model}): allowed by the policy "any", with personal data redacted first`,
  tooSlow: (floor: number, gatewayFirst: boolean) => `; under the ${floor} tok/s this task wants${gatewayFirst ? ', so after the gateway' : ''}`,
  lowBattery: (percent: number) => `; first because the battery is at ${percent}% and discharging`,
  bestFit: () => '; the best fit on this device',
};

/** How the planner names an engine on this device in a route's reason. */
export const ENGINE_LABELS = {
  'llama-wasm/cpu': (threads: string) => `the CPU with Hearth's llama.cpp WebAssembly build (llama-wasm${threads})`,
  'wllama/cpu': (threads: string) => `the CPU with wllama (WebAssembly${threads})`,
  'wllama/webgpu': (adapter: string) => `WebGPU with wllama (${adapter})`,
  'webllm/webgpu': (adapter: string) => `WebGPU with WebLLM (${adapter})`,
  'node-llama-cpp/gpu': (gpu: string) => `the GPU with node-llama-cpp (${gpu})`,
  'node-llama-cpp/cpu': (threads: string) => `the CPU with node-llama-cpp (native${threads})`,
};

/** The memory a route may plan on, said the way the `device-memory` reason quotes it. */
export const BUDGET_TEXTS = {
  gpu: (vram: number, share: number) => `the GPU has ${formatSize(vram)} (planning on ${Math.round(share * 100)}%)`,
  nodeRam: (total: number, share: number) => `this machine has ${formatSize(total)} of RAM (planning on ${Math.round(share * 100)}%)`,
  browser: (a: { webgpu: boolean; known: boolean; gib: number; bytes: number }) =>
    `${a.webgpu ? 'WebGPU hides GPU memory; ' : ''}${
      a.known
        ? `this device reports ${a.gib} GiB of RAM and a page plans on half (${formatSize(a.bytes)})`
        : `the browser does not say how much RAM there is; assuming ${a.gib} GiB, a page plans on half (${formatSize(a.bytes)})`
    }`,
};

function speedBasis(measured: boolean): string {
  return measured ? 'measured here' : 'assumed, no benchmark';
}
