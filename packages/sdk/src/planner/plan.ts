import {
  HearthError,
  type ConsentState,
  type DeviceProfile,
  type EngineKind,
  type Plan,
  type Rejection,
  type RejectionCode,
  type RejectionReason,
  type Route,
  type RouteBackend,
  type RoutePolicy,
  type TaskName,
  type WebGpuAdapterProfile,
} from '@hearth/spec';
import type { Catalog, CatalogMlcBuild, CatalogModel, CatalogVariant } from '../catalog/catalog-schema.ts';
import { DEFAULT_MARGIN } from '../store/model-store.ts';
import { because, BUDGET_TEXTS, ENGINE_LABELS, ROUTE_REASONS } from './plan-reasons.ts';
import { estimateMemoryFromCatalog, type MemoryEstimate } from './memory-estimate.ts';
import { engineThreads, estimateDecodeSpeed } from './speed-estimate.ts';
import { TASK_DEFAULTS } from './task-defaults.ts';

/** An OpenAI-compatible server a route may use: the app's gateway, or a third party's API. */
export interface RemoteTarget {
  baseUrl: string;
  /** The model id to ask that server for. */
  model: string;
  /** Who runs it, for reasons people read ("the Acme gateway"). */
  name?: string;
  /** Redact personal data before sending: default on; an app may turn it off for its own gateway (third parties are always redacted). */
  redact?: boolean;
}

export interface PlanInput {
  task: TaskName;
  profile: DeviceProfile;
  catalog: Catalog;
  /** Default `device-or-self-hosted`. */
  policy?: RoutePolicy;
  /** Default `not-asked` (the app has no consent flow). */
  consent?: ConsentState;
  selfHosted?: RemoteTarget;
  thirdParty?: RemoteTarget;
  /** Catalog model ids the app accepts, in no particular order; default every non-demo model. */
  models?: readonly string[];
  /** Default: the task's (TASK_DEFAULTS). */
  contextSize?: number;
  /** Default: the task's (TASK_DEFAULTS). */
  minTokensPerSecond?: number;
  /** Language of the user's text (BCP 47 primary subtag, e.g. "de"). */
  language?: string;
  /** Variants already stored on the device, as `<model id>/<variant id>` (MLC builds: `mlc:<id>`). */
  cached?: readonly string[];
  /** Estimates read from the GGUF headers (readModelEstimate), keyed `<model id>/<variant id>`. */
  estimates?: Readonly<Record<string, MemoryEstimate>>;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
// Both wasm builds cap linear memory at 4 GiB: llama-wasm is wasm32 (build-record.json
// -sMAXIMUM_MEMORY=4GB); wllama 3.8's memory64 build still links with -sMAXIMUM_MEMORY=4096MB
// (its CMakeLists.txt), and ENVIRONMENT.md measured that cap.
const WASM_MEMORY_LIMIT = 4 * GiB;
// A page shares the machine with the OS, the browser and other tabs: plan on half the RAM the
// browser reports. Node (the gateway, the CLI) owns more of its machine.
const BROWSER_MEMORY_SHARE = 0.5;
const NODE_MEMORY_SHARE = 0.75;
const NODE_VRAM_SHARE = 0.9;
// Firefox and Safari do not expose navigator.deviceMemory: assume a 4 GiB device rather than guess high.
const UNKNOWN_DEVICE_MEMORY_GIB = 4;
// Chrome's built-in model is Gemini Nano, a small on-device model (a few billion parameters):
// ranked as a 2B model among the catalog's.
const BUILTIN_RANK_PARAMETERS = 2e9;
// MLC q4f16_1 stores 4-bit weights plus an f16 scale per 32: 4.5 bits per weight.
const MLC_BYTES_PER_PARAMETER = 4.5 / 8;
// Below this share of charge, on battery, the gateway goes before the device.
const LOW_BATTERY = 0.2;

interface Candidate {
  route: Route;
  parameters: number;
  bitsPerWeight: number;
  fast: boolean;
  tokensPerSecond: number;
  /** Device routes that must download first (consent applies). */
  needsDownload: boolean;
}

interface EngineSlot {
  engine: EngineKind;
  backend: RouteBackend;
}

/** What every step of a plan reads: the input with its defaults applied. */
interface PlanContext {
  input: PlanInput;
  task: TaskName;
  policy: RoutePolicy;
  consent: ConsentState;
  profile: DeviceProfile;
  contextSize: number;
  /** The task's speed floor, tokens per second. */
  floor: number;
  cached: ReadonlySet<string>;
}

/**
 * Decides where a request may run, in the order to try, and says why for every place chosen or
 * skipped. Pure: the profile, catalog, consent and estimates are data, so the same input always
 * gives the same plan. Throws HearthError `no_route` (with every rejection in `data.rejected`)
 * when nothing the policy allows can run the task.
 *
 * The steps: the models the task may use, then per device engine its candidates and the consent
 * hold (a route that needs a download waits for the user's yes), one CPU engine kept, the remote
 * routes the policy allows, and the order to try them in. Every step adds its rejections.
 *
 * @example const p = plan({ task: 'proofread', profile: await probeDevice(), catalog: shippedCatalog(), selfHosted: { baseUrl: '/v1', model: 'qwen2.5-1.5b-instruct' } })
 */
export function plan(input: PlanInput): Plan {
  const ctx = planContext(input);
  const rejected: Rejection[] = [];
  const models = candidateModels(input, ctx.contextSize, rejected);
  const { device, held } = deviceRoutes(ctx, models, rejected);
  keepFasterCpuEngine(device, ctx.profile, rejected);
  const remote = remoteRoutes(input, ctx.policy, ctx.contextSize, rejected);
  const routes = orderRoutes(device, remote, ctx.profile, ctx.floor);
  return planOrThrow(ctx, routes, rejected, pickBest(held));
}

function planContext(input: PlanInput): PlanContext {
  const defaults = TASK_DEFAULTS[input.task];
  if (!defaults)
    throw new HearthError({
      code: 'invalid_request',
      message: `Unknown task "${String(input.task)}".`,
      hint: `Use one of: ${Object.keys(TASK_DEFAULTS).join(', ')}.`,
    });
  return {
    input,
    task: input.task,
    policy: input.policy ?? 'device-or-self-hosted',
    consent: input.consent ?? 'not-asked',
    profile: input.profile,
    contextSize: input.contextSize ?? defaults.contextSize,
    floor: input.minTokensPerSecond ?? defaults.minTokensPerSecond,
    cached: new Set(input.cached ?? []),
  };
}

/**
 * Per device engine: its best candidate that may run now, and its best one that waits for the
 * user's yes (held) when that one would rank higher. Nothing when the user said no.
 */
function deviceRoutes(ctx: PlanContext, models: readonly CatalogModel[], rejected: Rejection[]): { device: Candidate[]; held: Candidate[] } {
  const device: Candidate[] = [];
  const held: Candidate[] = [];
  if (ctx.consent === 'denied') {
    rejected.push({ where: 'device', reasons: [because('consent', 'denied')] });
    return { device, held };
  }
  const unstorable = storageRejections(models, ctx.profile, ctx.cached, rejected);
  for (const slot of engineSlots(ctx.profile)) {
    const candidates = deviceCandidates(slot, ctx, models, unstorable, rejected);
    const { best, waiting } = holdForConsent(slot, candidates, ctx, rejected);
    if (waiting) held.push(waiting);
    if (best) device.push(best);
  }
  return { device, held };
}

/** The routes one engine could run, after its own limits and each model's fit; every misfit is a rejection. */
function deviceCandidates(
  slot: EngineSlot,
  ctx: PlanContext,
  models: readonly CatalogModel[],
  unstorable: ReadonlySet<string>,
  rejected: Rejection[],
): Candidate[] {
  const { profile } = ctx;
  const engineReasons = engineIssues(slot, profile);
  if (slot.engine === 'webllm' && !models.some((m) => (m.mlc ?? []).some((b) => b.libraryUrl && b.weightsUrl))) {
    // Without a served MLC library nothing can run on WebLLM: one line says so, not one per model.
    engineReasons.push(because('no-build', 'noMlcLibraryAtAll'));
  }
  if (engineReasons.length > 0) rejected.push({ engine: slot.engine, backend: slot.backend, where: 'device', reasons: engineReasons });
  if (slot.engine === 'builtin') return engineReasons.length === 0 ? [builtinCandidate(profile, ctx.contextSize)] : [];
  // Without an adapter there are no limits to check a model against: the engine line says it all.
  if (slot.backend === 'webgpu' && profile.webgpu.status !== 'available') return [];
  const candidates: Candidate[] = [];
  const checkContext: CheckContext = {
    profile,
    contextSize: ctx.contextSize,
    cached: ctx.cached,
    estimates: ctx.input.estimates ?? {},
    floor: ctx.floor,
    task: ctx.task,
  };
  for (const model of models) {
    for (const option of modelOptions(slot, model)) {
      if (unstorable.has(`${model.id}/${option.variantId}`)) continue;
      const check = checkOption(slot, model, option, checkContext);
      // With the engine out, report only what the device itself could not hold: the reason that
      // would remain if the engine's missing feature were there.
      const shown = engineReasons.length > 0 ? check.reasons.filter((r) => PHYSICAL_LIMITS.has(r.code)) : check.reasons;
      if (shown.length > 0)
        rejected.push({ engine: slot.engine, backend: slot.backend, where: 'device', modelId: model.id, variantId: option.variantId, reasons: shown });
      if (engineReasons.length === 0 && check.reasons.length === 0 && check.candidate) candidates.push(check.candidate);
    }
  }
  return candidates;
}

const PHYSICAL_LIMITS: ReadonlySet<RejectionCode> = new Set(['buffer-limit', 'wasm-memory', 'device-memory']);

/**
 * A download waits for the user's yes when the app asks first, or the browser asks to save data.
 * The engine's best route that may run now, and its best waiting one when that would rank higher
 * (the route a consent prompt offers).
 */
function holdForConsent(
  slot: EngineSlot,
  candidates: readonly Candidate[],
  ctx: PlanContext,
  rejected: Rejection[],
): { best?: Candidate; waiting?: Candidate } {
  const mayDownload = ctx.consent === 'granted' || (ctx.consent === 'not-asked' && ctx.profile.saveData !== true);
  const ready = candidates.filter((c) => !c.needsDownload || mayDownload);
  const best = pickBest(ready);
  const bestWaiting = pickBest(candidates.filter((c) => !ready.includes(c)));
  if (!bestWaiting || (best && rank(bestWaiting, best) >= 0)) return best ? { best } : {};
  const { route } = bestWaiting;
  rejected.push({
    engine: slot.engine,
    backend: slot.backend,
    where: 'device',
    modelId: route.modelId,
    ...(route.variantId === undefined ? {} : { variantId: route.variantId }),
    reasons: [because('consent', 'waiting', { builtin: route.engine === 'builtin', downloadBytes: route.downloadBytes, saveData: ctx.consent !== 'pending' })],
  });
  return best ? { best, waiting: bestWaiting } : { waiting: bestWaiting };
}

/** The plan, or `no_route` naming every rejection when nothing the policy allows can run. */
function planOrThrow(ctx: PlanContext, routes: Route[], rejected: Rejection[], awaiting: Candidate | undefined): Plan {
  const { task, policy, consent } = ctx;
  const awaitingConsent = awaiting ? { awaitingConsent: awaiting.route } : {};
  if (routes.length > 0) return { planVersion: 1, task, policy, consent, routes, rejected, ...awaitingConsent };
  throw new HearthError({
    code: 'no_route',
    message: `Nothing the policy "${policy}" allows can run "${task}" here: ${summarize(rejected)}.`,
    hint:
      policy === 'device-only'
        ? 'Allow the self-hosted gateway (policy "device-or-self-hosted"), add a smaller model, or ask the user to consent.'
        : 'Configure a self-hosted gateway (selfHosted), add a smaller model, or ask the user to consent.',
    data: { task, policy, consent, rejected, ...awaitingConsent },
  });
}

function candidateModels(input: PlanInput, contextSize: number, rejected: Rejection[]): CatalogModel[] {
  let models: CatalogModel[];
  if (input.models) {
    const byId = new Map(input.catalog.models.map((m) => [m.id, m]));
    models = input.models.map((id) => {
      const model = byId.get(id);
      if (!model)
        throw new HearthError({
          code: 'model_not_found',
          message: `No model "${id}" in the catalog.`,
          hint: 'Add it with mergeCatalog(), or pick an id from the catalog.',
          data: { id },
        });
      return model;
    });
  } else {
    models = input.catalog.models.filter((m) => !m.demo);
  }
  return models.filter((model) => {
    const reasons: RejectionReason[] = [];
    if (!model.goodFor.includes(input.task)) reasons.push(because('task', 'notMeantFor', input.task, model.goodFor));
    if (input.language !== undefined && !model.languages.includes(input.language)) reasons.push(because('task', 'language', input.language));
    if (contextSize > model.contextLength) reasons.push(because('context', 'model', contextSize, model.name, model.contextLength));
    if (reasons.length > 0) rejected.push({ where: 'device', modelId: model.id, reasons });
    return reasons.length === 0;
  });
}

function engineSlots(profile: DeviceProfile): EngineSlot[] {
  if (profile.runtime === 'node')
    return [
      { engine: 'node-llama-cpp', backend: 'gpu' },
      { engine: 'node-llama-cpp', backend: 'cpu' },
    ];
  return [
    { engine: 'wllama', backend: 'webgpu' },
    { engine: 'webllm', backend: 'webgpu' },
    { engine: 'llama-wasm', backend: 'cpu' },
    { engine: 'wllama', backend: 'cpu' },
    { engine: 'builtin', backend: 'browser-model' },
  ];
}

function adapterName(a: WebGpuAdapterProfile): string {
  return [a.vendor, a.architecture].filter((s) => s !== '').join(' ') || a.description || 'this GPU';
}

/** Why an engine cannot run here at all, whatever the model. */
function engineIssues(slot: EngineSlot, profile: DeviceProfile): RejectionReason[] {
  const reasons: RejectionReason[] = [];
  const { wasm } = profile;
  if (slot.backend === 'webgpu') {
    if (profile.webgpu.status !== 'available') {
      const { status } = profile.webgpu;
      reasons.push(
        status === 'no-api'
          ? because('engine-unavailable', 'noWebGpu')
          : status === 'no-adapter'
            ? because('engine-unavailable', 'noAdapter')
            : because('engine-unavailable', 'webGpuFailed', profile.webgpu.detail),
      );
      return reasons;
    }
    const adapter = profile.webgpu;
    if (slot.engine === 'wllama' && !adapter.features.includes('shader-f16')) {
      // ggml-webgpu in wllama 3.8.1 registers no device without shader-f16 and silently runs on the CPU.
      reasons.push(because('feature-missing', 'wllamaShaderF16', adapterName(adapter)));
    }
    if (adapter.isFallbackAdapter) {
      reasons.push(because('software-gpu', 'fallbackAdapter', adapterName(adapter)));
    }
  }
  if (slot.engine === 'wllama') {
    // needCompat() in wllama 3.8: without JSPI or memory64 it loads its compat build, by default
    // from a CDN; Hearth serves only the main build and never loads code from a CDN.
    if (!wasm.memory64 || !wasm.jspi) {
      const missing = [wasm.memory64 ? '' : 'memory64', wasm.jspi ? '' : 'JSPI'].filter(Boolean).join(' and ');
      reasons.push(because('engine-unavailable', 'wllamaBuild', missing));
    }
  }
  if (slot.engine === 'wllama' || slot.engine === 'llama-wasm') {
    if (!wasm.simd) reasons.push(because('feature-missing', 'simd'));
    if (!wasm.exceptions) reasons.push(because('feature-missing', 'exceptions'));
  }
  if (slot.engine === 'llama-wasm' && !(profile.crossOriginIsolated && wasm.threads)) {
    reasons.push(because('engine-unavailable', 'notIsolated'));
  }
  if (slot.engine === 'builtin') {
    if (profile.builtin === 'unavailable') reasons.push(because('engine-unavailable', 'builtinUnavailable'));
    if (profile.builtin === 'downloading') reasons.push(because('engine-unavailable', 'builtinDownloading'));
  }
  if (slot.engine === 'node-llama-cpp' && slot.backend === 'gpu' && !profile.node?.gpu) {
    const probed = (profile.node?.gpuProbe ?? 'not-run') !== 'not-run';
    reasons.push(probed ? because('engine-unavailable', 'noGpu') : because('engine-unavailable', 'gpuNotProbed'));
  }
  return reasons;
}

type ModelOption = { kind: 'gguf'; variantId: string; variant: CatalogVariant } | { kind: 'mlc'; variantId: string; build: CatalogMlcBuild | undefined };

function modelOptions(slot: EngineSlot, model: CatalogModel): ModelOption[] {
  if (slot.engine === 'webllm') {
    const builds = model.mlc ?? [];
    return builds.length === 0
      ? [{ kind: 'mlc', variantId: 'mlc', build: undefined }]
      : builds.map((build) => ({ kind: 'mlc', variantId: `mlc:${build.id}`, build }));
  }
  return model.variants.map((variant) => ({ kind: 'gguf', variantId: variant.id, variant }));
}

interface CheckContext {
  profile: DeviceProfile;
  contextSize: number;
  cached: ReadonlySet<string>;
  estimates: Readonly<Record<string, MemoryEstimate>>;
  floor: number;
  task: TaskName;
}

/** RAM (or unified GPU memory) a route may plan on, and how to say where the number comes from. */
function memoryBudget(profile: DeviceProfile, backend: RouteBackend): { bytes: number; text: string } {
  if (profile.runtime === 'node') {
    const gpu = profile.node?.gpu;
    if (backend === 'gpu' && gpu && !gpu.unifiedMemory)
      return { bytes: gpu.vramBytes * NODE_VRAM_SHARE, text: BUDGET_TEXTS.gpu(gpu.vramBytes, NODE_VRAM_SHARE) };
    const total = profile.node?.totalMemoryBytes ?? (profile.deviceMemoryGiB ?? UNKNOWN_DEVICE_MEMORY_GIB) * GiB;
    return { bytes: total * NODE_MEMORY_SHARE, text: BUDGET_TEXTS.nodeRam(total, NODE_MEMORY_SHARE) };
  }
  const known = profile.deviceMemoryGiB !== undefined;
  const gib = profile.deviceMemoryGiB ?? UNKNOWN_DEVICE_MEMORY_GIB;
  const bytes = gib * GiB * BROWSER_MEMORY_SHARE;
  // WebGPU does not expose VRAM; the device's RAM is the honest proxy (unified memory on phones,
  // Macs and integrated GPUs; conservative for discrete GPUs).
  return { bytes, text: BUDGET_TEXTS.browser({ webgpu: backend === 'webgpu', known, gib, bytes }) };
}

// llama-wasm keeps its KV cache in F32 when that takes at most 1 GiB (hl_load's `auto`, in
// native/llama-wasm/hearth-llama.cpp): wasm has no F16 conversion instruction, and F32 decodes
// up to 1.7x faster after a long prompt. The estimates assume F16, so double the cache there.
const LLAMA_WASM_F32_KV_MAX_BYTES = 1 * GiB;

function forEngine(engine: EngineSlot['engine'], estimate: MemoryEstimate): MemoryEstimate {
  if (engine !== 'llama-wasm' || estimate.kvCacheBytes * 2 > LLAMA_WASM_F32_KV_MAX_BYTES) return estimate;
  return { ...estimate, kvCacheBytes: estimate.kvCacheBytes * 2, totalBytes: estimate.totalBytes + estimate.kvCacheBytes };
}

function checkOption(slot: EngineSlot, model: CatalogModel, option: ModelOption, ctx: CheckContext): { reasons: RejectionReason[]; candidate?: Candidate } {
  if (option.kind === 'mlc') return checkMlc(slot, model, option.build, ctx);
  const { profile, contextSize } = ctx;
  const variant = option.variant;
  const key = `${model.id}/${variant.id}`;
  const estimate = forEngine(slot.engine, ctx.estimates[key] ?? estimateMemoryFromCatalog(model, variant, { contextSize }));
  const reasons: RejectionReason[] = [];
  const budget = memoryBudget(profile, slot.backend);
  const basis = estimate.basis === 'gguf-header' ? ' (from the GGUF header)' : '';
  if (slot.backend === 'webgpu' && profile.webgpu.status === 'available') {
    const { maxBufferSize, maxStorageBufferBindingSize } = profile.webgpu.limits;
    const limit = Math.min(maxBufferSize, maxStorageBufferBindingSize);
    if (estimate.largestTensor.bytes > limit) {
      reasons.push(because('buffer-limit', 'tensor', { bytes: estimate.largestTensor.bytes, tensor: estimate.largestTensor.name, basis, limit }));
    }
  }
  if (slot.backend === 'cpu' && profile.runtime === 'browser' && estimate.totalBytes > WASM_MEMORY_LIMIT) {
    const buffers = estimate.computeBytes + estimate.overheadBytes;
    reasons.push(
      because('wasm-memory', 'over4GiB', {
        total: estimate.totalBytes,
        weights: estimate.weightsBytes,
        kvCache: estimate.kvCacheBytes,
        buffers,
        basis,
        llamaWasm: slot.engine === 'llama-wasm',
      }),
    );
  }
  if (estimate.totalBytes > budget.bytes) reasons.push(because('device-memory', 'estimate', estimate.totalBytes, basis, budget.text));
  const needsDownload = !ctx.cached.has(key);
  const downloadBytes = needsDownload ? variant.sizeBytes : 0;
  if (reasons.length > 0) return { reasons };

  const speed = estimateDecodeSpeed(slot.engine, slot.backend, profile, estimate.weightsBytes);
  const threads = slot.backend === 'cpu' ? engineThreads(slot.engine, profile) : undefined;
  const route: Route = {
    engine: slot.engine,
    backend: slot.backend,
    where: 'device',
    modelId: model.id,
    variantId: variant.id,
    ...(variant.files
      ? { files: variant.files.map((f) => ({ url: f.url, sizeBytes: f.sizeBytes, ...(f.sha256 === undefined ? {} : { sha256: f.sha256 }) })) }
      : {}),
    ...(variant.manifestUrl === undefined ? {} : { manifestUrl: variant.manifestUrl }),
    redact: false,
    contextSize: estimate.contextSize,
    ...(threads === undefined ? {} : { threads }),
    downloadBytes,
    memoryBytes: estimate.totalBytes,
    tokensPerSecond: { value: round1(speed.tokensPerSecond), basis: speed.basis },
    reason: '',
  };
  route.reason = ROUTE_REASONS.gguf({
    model: model.name,
    quantization: variant.quantization,
    engine: engineLabel(slot, profile, threads),
    memory: estimate.totalBytes,
    basis,
    contextSize: estimate.contextSize,
    tokensPerSecond: round1(speed.tokensPerSecond),
    measured: speed.basis === 'measured',
  });
  return {
    reasons: [],
    candidate: {
      route,
      parameters: model.parameters,
      bitsPerWeight: (variant.sizeBytes * 8) / model.parameters,
      fast: speed.tokensPerSecond >= ctx.floor,
      tokensPerSecond: speed.tokensPerSecond,
      needsDownload,
    },
  };
}

function checkMlc(
  slot: EngineSlot,
  model: CatalogModel,
  build: CatalogMlcBuild | undefined,
  ctx: CheckContext,
): { reasons: RejectionReason[]; candidate?: Candidate } {
  const { profile, contextSize } = ctx;
  if (!build) return { reasons: [because('no-build', 'noMlcBuild', model.name)] };
  const reasons: RejectionReason[] = [];
  if (!build.libraryUrl || !build.weightsUrl) reasons.push(because('no-build', 'noMlcLibrary', build.id));
  if (profile.webgpu.status === 'available') {
    const adapter = profile.webgpu;
    const missing = build.requiredFeatures.filter((f) => !adapter.features.includes(f));
    if (missing.length > 0) reasons.push(because('feature-missing', 'mlcFeatures', build.id, missing, adapterName(adapter)));
    // q4f16_1 packs the embedding as vocab x hidden/8 uint32 words: its largest single buffer.
    const largest = (model.architecture.vocabSize * model.architecture.embeddingLength) / 2;
    const limit = Math.min(adapter.limits.maxBufferSize, adapter.limits.maxStorageBufferBindingSize);
    if (largest > limit) reasons.push(because('buffer-limit', 'packedEmbedding', largest, limit));
  }
  if (contextSize > build.contextLength) reasons.push(because('context', 'mlcBuild', build.id, build.contextLength, contextSize));
  const need = build.vramRequiredMB * MiB;
  const budget = memoryBudget(profile, 'webgpu');
  if (need > budget.bytes) reasons.push(because('device-memory', 'mlc', need, budget.text));
  const weightsBytes = Math.round(model.parameters * MLC_BYTES_PER_PARAMETER);
  const needsDownload = !ctx.cached.has(`mlc:${build.id}`);
  const downloadBytes = needsDownload ? weightsBytes : 0;
  if (reasons.length > 0 || !build.libraryUrl || !build.weightsUrl) return { reasons };
  const speed = estimateDecodeSpeed('webllm', 'webgpu', profile, weightsBytes);
  const route: Route = {
    engine: 'webllm',
    backend: 'webgpu',
    where: 'device',
    modelId: model.id,
    variantId: `mlc:${build.id}`,
    mlc: { id: build.id, weightsUrl: build.weightsUrl, libraryUrl: build.libraryUrl, requiredFeatures: [...build.requiredFeatures] },
    redact: false,
    contextSize: Math.min(contextSize, build.contextLength),
    downloadBytes,
    memoryBytes: need,
    tokensPerSecond: { value: round1(speed.tokensPerSecond), basis: speed.basis },
    reason: ROUTE_REASONS.mlc({
      model: model.name,
      build: build.id,
      engine: engineLabel(slot, profile, undefined),
      memory: need,
      tokensPerSecond: round1(speed.tokensPerSecond),
      measured: speed.basis === 'measured',
    }),
  };
  return {
    reasons: [],
    candidate: {
      route,
      parameters: model.parameters,
      bitsPerWeight: 4.5,
      fast: speed.tokensPerSecond >= ctx.floor,
      tokensPerSecond: speed.tokensPerSecond,
      needsDownload,
    },
  };
}

function builtinCandidate(profile: DeviceProfile, contextSize: number): Candidate {
  const needsDownload = profile.builtin === 'needs-download';
  return {
    route: {
      engine: 'builtin',
      backend: 'browser-model',
      where: 'device',
      modelId: 'builtin',
      redact: false,
      contextSize,
      downloadBytes: 0,
      reason: ROUTE_REASONS.builtin(needsDownload),
    },
    parameters: BUILTIN_RANK_PARAMETERS,
    bitsPerWeight: 4,
    fast: true,
    tokensPerSecond: Number.POSITIVE_INFINITY,
    needsDownload,
  };
}

/**
 * Downloads that do not fit the storage quota, checked once per variant (not per engine): keys of
 * the variants (`<model>/<variant>`, `<model>/mlc:<id>`) that cannot be stored.
 */
function storageRejections(models: readonly CatalogModel[], profile: DeviceProfile, cached: ReadonlySet<string>, rejected: Rejection[]): Set<string> {
  const out = new Set<string>();
  for (const model of models) {
    const options = [
      ...model.variants.map((v) => ({ id: v.id, key: `${model.id}/${v.id}`, bytes: v.sizeBytes })),
      ...(model.mlc ?? []).map((b) => ({ id: `mlc:${b.id}`, key: `mlc:${b.id}`, bytes: Math.round(model.parameters * MLC_BYTES_PER_PARAMETER) })),
    ];
    for (const option of options) {
      const issue = storageIssue(profile, cached.has(option.key) ? 0 : option.bytes);
      if (!issue) continue;
      out.add(`${model.id}/${option.id}`);
      rejected.push({ where: 'device', modelId: model.id, variantId: option.id, reasons: [issue] });
    }
  }
  return out;
}

function storageIssue(profile: DeviceProfile, downloadBytes: number): RejectionReason | undefined {
  if (downloadBytes === 0 || !profile.storage) return undefined;
  const free = profile.storage.quotaBytes - profile.storage.usageBytes;
  // The same safety margin the model store keeps when it checks quota before the first byte.
  const needed = downloadBytes + DEFAULT_MARGIN(downloadBytes);
  if (needed <= free) return undefined;
  return because('storage', 'quota', needed, free);
}

function engineLabel(slot: EngineSlot, profile: DeviceProfile, threads: number | undefined): string {
  const t = threads === undefined ? '' : `, ${threads} thread${threads === 1 ? '' : 's'}`;
  const adapter = profile.webgpu.status === 'available' ? adapterName(profile.webgpu) : 'WebGPU';
  switch (`${slot.engine}/${slot.backend}`) {
    case 'llama-wasm/cpu':
      return ENGINE_LABELS['llama-wasm/cpu'](t);
    case 'wllama/cpu':
      return ENGINE_LABELS['wllama/cpu'](t);
    case 'wllama/webgpu':
      return ENGINE_LABELS['wllama/webgpu'](adapter);
    case 'webllm/webgpu':
      return ENGINE_LABELS['webllm/webgpu'](adapter);
    case 'node-llama-cpp/gpu':
      return ENGINE_LABELS['node-llama-cpp/gpu'](profile.node?.gpu?.type ?? 'gpu');
    default:
      return ENGINE_LABELS['node-llama-cpp/cpu'](t);
  }
}

/** Negative when `a` should come before `b`. */
function rank(a: Candidate, b: Candidate): number {
  if (a.fast !== b.fast) return a.fast ? -1 : 1;
  // Fast enough: the best model wins (more parameters, then more bits). Too slow: the fastest.
  if (a.fast) {
    if (a.parameters !== b.parameters) return b.parameters - a.parameters;
    if (a.needsDownload !== b.needsDownload) return a.needsDownload ? 1 : -1;
    if (a.bitsPerWeight !== b.bitsPerWeight) return b.bitsPerWeight - a.bitsPerWeight;
  }
  return b.tokensPerSecond - a.tokensPerSecond;
}

function pickBest(candidates: readonly Candidate[]): Candidate | undefined {
  return [...candidates].sort(rank)[0];
}

/**
 * llama-wasm and wllama both run GGUF on the CPU: one CPU route is enough, from the engine that
 * streams weights faster here (a benchmark when there is one; else ENVIRONMENT.md's measurements,
 * where llama-wasm was 2.7-4.4x wllama).
 */
function keepFasterCpuEngine(device: Candidate[], profile: DeviceProfile, rejected: Rejection[]): void {
  const wasm = device.find((c) => c.route.engine === 'llama-wasm');
  const wllama = device.find((c) => c.route.engine === 'wllama' && c.route.backend === 'cpu');
  if (!wasm || !wllama) return;
  const a = estimateDecodeSpeed('llama-wasm', 'cpu', profile, 1e9);
  const b = estimateDecodeSpeed('wllama', 'cpu', profile, 1e9);
  const [keep, drop, fast, slow] = a.gigabytesPerSecond >= b.gigabytesPerSecond ? [wasm, wllama, a, b] : [wllama, wasm, b, a];
  device.splice(device.indexOf(drop), 1);
  const basis =
    fast.basis === 'measured' && slow.basis === 'measured'
      ? 'measured here'
      : fast.basis === 'measured' || slow.basis === 'measured'
        ? 'partly measured'
        : 'assumed';
  rejected.push({
    engine: drop.route.engine,
    backend: 'cpu',
    where: 'device',
    reasons: [because('slower', 'otherCpuEngine', { keep: keep.route.engine, fastGBs: fast.gigabytesPerSecond, slowGBs: slow.gigabytesPerSecond, basis })],
  });
}

function remoteRoutes(input: PlanInput, policy: RoutePolicy, contextSize: number, rejected: Rejection[]): { selfHosted?: Route; thirdParty?: Route } {
  const out: { selfHosted?: Route; thirdParty?: Route } = {};
  if (policy === 'device-only') {
    if (input.selfHosted) rejected.push({ engine: 'remote', backend: 'server', where: 'self-hosted', reasons: [because('policy', 'deviceOnly')] });
  } else if (input.selfHosted) {
    const s = input.selfHosted;
    out.selfHosted = {
      engine: 'remote',
      backend: 'server',
      where: 'self-hosted',
      modelId: s.model,
      baseUrl: s.baseUrl,
      redact: s.redact ?? true,
      contextSize,
      downloadBytes: 0,
      reason: ROUTE_REASONS.selfHosted(s.name, s.baseUrl, s.model),
    };
  } else {
    rejected.push({ engine: 'remote', backend: 'server', where: 'self-hosted', reasons: [because('not-configured', 'noGateway')] });
  }
  if (input.thirdParty) {
    if (policy !== 'any') {
      rejected.push({ engine: 'remote', backend: 'server', where: 'third-party', reasons: [because('policy', 'noThirdParty', policy)] });
    } else {
      const t = input.thirdParty;
      out.thirdParty = {
        engine: 'remote',
        backend: 'server',
        where: 'third-party',
        modelId: t.model,
        baseUrl: t.baseUrl,
        // Policy "any" allows a third party only with personal data redacted first, always.
        redact: true,
        contextSize,
        downloadBytes: 0,
        reason: ROUTE_REASONS.thirdParty(t.name, t.baseUrl, t.model),
      };
    }
  }
  return out;
}

/**
 * Device routes fast enough for the task first (best model first), then the app's gateway, then
 * device routes too slow for the task (still private, but the gateway answers sooner), then a third
 * party. On a low, discharging battery the gateway goes first.
 */
function orderRoutes(device: Candidate[], remote: { selfHosted?: Route; thirdParty?: Route }, profile: DeviceProfile, floor: number): Route[] {
  const sorted = [...device].sort(rank);
  const fast = sorted.filter((c) => c.fast).map((c) => c.route);
  const slow = sorted.filter((c) => !c.fast);
  for (const c of slow) c.route.reason += ROUTE_REASONS.tooSlow(floor, remote.selfHosted !== undefined);
  const battery = profile.battery;
  const lowBattery = battery !== undefined && !battery.charging && battery.level < LOW_BATTERY;
  const gateway = remote.selfHosted ? [remote.selfHosted] : [];
  if (lowBattery && remote.selfHosted) remote.selfHosted.reason += ROUTE_REASONS.lowBattery(Math.round((battery?.level ?? 0) * 100));
  const ordered = lowBattery ? [...gateway, ...fast, ...slow.map((c) => c.route)] : [...fast, ...gateway, ...slow.map((c) => c.route)];
  if (remote.thirdParty) ordered.push(remote.thirdParty);
  if (fast.length > 0 && ordered[0] === fast[0] && fast[0]) fast[0].reason += ROUTE_REASONS.bestFit();
  return ordered;
}

function summarize(rejected: readonly Rejection[]): string {
  const texts = rejected.flatMap((r) => r.reasons.map((reason) => `${r.engine ?? r.where}${r.modelId ? ` ${r.modelId}` : ''}: ${reason.text}`));
  const shown = texts.slice(0, 4).join('; ');
  return texts.length > 4 ? `${shown}; and ${texts.length - 4} more (see data.rejected)` : shown || 'no model in the catalog fits';
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
