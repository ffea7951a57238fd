import { describe, expect, it } from 'vitest';
import { HearthError, type DeviceProfile, type Plan, type Rejection } from '@hearth/spec';
import { mergeCatalog, shippedCatalog } from '../catalog/load-catalog.ts';
import type { CatalogModelInput } from '../catalog/catalog-schema.ts';
import { plan, type PlanInput } from './plan.ts';
import { REFERENCE_DEVICES } from './reference-devices.ts';
import { estimateMemoryFromCatalog } from './memory-estimate.ts';

const catalog = shippedCatalog();
const gateway = { baseUrl: 'https://gw.example/v1', model: 'qwen2.5-7b-instruct' };
const thirdParty = { baseUrl: 'https://api.vendor.example/v1', model: 'big-model', name: 'Vendor API' };
const swiftshader = REFERENCE_DEVICES['swiftshader-this-machine'];
const m1 = REFERENCE_DEVICES['apple-m1-8gb-chrome'];

function noRoute(input: PlanInput): HearthError {
  try {
    plan(input);
  } catch (error) {
    if (HearthError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected no_route');
}

function texts(rejected: readonly Rejection[]): string {
  return rejected.flatMap((r) => r.reasons.map((x) => x.text)).join(' | ');
}

describe('policies', () => {
  it('device-only with nothing that fits: a no_route HearthError carrying every reason', () => {
    const error = noRoute({
      task: 'proofread',
      policy: 'device-only',
      profile: swiftshader,
      catalog,
      models: ['mistral-7b-instruct-v0.3'],
      selfHosted: gateway,
    });
    expect(error.code).toBe('no_route');
    expect(error.message).toContain('Nothing the policy "device-only" allows can run "proofread" here');
    expect(error.hint).toContain('device-or-self-hosted');
    const rejected = error.data?.['rejected'] as Rejection[];
    expect(texts(rejected)).toContain('llama-wasm is wasm32: 4 GiB at most');
    expect(texts(rejected)).toContain('the policy "device-only" keeps requests on this device');
    // Plain data: it crosses a Worker or HTTP boundary intact.
    expect(structuredClone(error.toJSON()).data?.['rejected']).toEqual(rejected);
  });

  it('device-or-self-hosted: the gateway follows the device routes; a third party is refused', () => {
    const p = plan({ task: 'proofread', profile: swiftshader, catalog, selfHosted: gateway, thirdParty });
    expect(p.policy).toBe('device-or-self-hosted');
    expect(p.routes.map((r) => r.where)).toEqual(['device', 'self-hosted']);
    expect(texts(p.rejected)).toContain('the policy "device-or-self-hosted" never sends text to a third party');
  });

  it('any: a third party comes last and is always redacted; the gateway is redacted by default', () => {
    const p = plan({ task: 'proofread', policy: 'any', profile: swiftshader, catalog, selfHosted: gateway, thirdParty });
    expect(p.routes.map((r) => `${r.where}:${r.redact}`)).toEqual(['device:false', 'self-hosted:true', 'third-party:true']);
    expect(p.routes.at(-1)?.reason).toContain('with personal data redacted first');
    // An app may turn it off for its own gateway, never for a third party.
    const off = plan({
      task: 'proofread',
      policy: 'any',
      profile: swiftshader,
      catalog,
      selfHosted: { ...gateway, redact: false },
      thirdParty: { ...thirdParty, redact: false },
    });
    expect(off.routes.map((r) => `${r.where}:${r.redact}`)).toEqual(['device:false', 'self-hosted:false', 'third-party:true']);
  });

  it('without a gateway configured, says so', () => {
    const p = plan({ task: 'proofread', profile: swiftshader, catalog });
    expect(p.routes.map((r) => r.where)).toEqual(['device']);
    expect(texts(p.rejected)).toContain('no self-hosted gateway is configured');
  });

  it('only a third party left under "any": still a plan', () => {
    const p = plan({ task: 'proofread', policy: 'any', profile: REFERENCE_DEVICES['old-chrome-no-simd'], catalog, thirdParty });
    expect(p.routes.map((r) => r.where)).toEqual(['third-party']);
  });
});

describe('consent', () => {
  it('pending: no device route that needs a download; the gateway answers; the best held route is named', () => {
    const p = plan({ task: 'proofread', consent: 'pending', profile: m1, catalog, selfHosted: gateway });
    expect(p.routes.map((r) => r.where)).toEqual(['self-hosted']);
    expect(p.awaitingConsent).toMatchObject({ engine: 'wllama', backend: 'webgpu', modelId: 'phi-3.5-mini-instruct' });
    expect(texts(p.rejected)).toContain("needs a 2.23 GiB download, which waits for the user's yes");
  });

  it('pending, with a model already stored: that one runs, nothing is downloaded', () => {
    const p = plan({ task: 'proofread', consent: 'pending', profile: m1, catalog, selfHosted: gateway, cached: ['qwen2.5-1.5b-instruct/q4_k_m'] });
    const device = p.routes.filter((r) => r.where === 'device');
    expect(device.map((r) => `${r.engine}/${r.backend}:${r.modelId}`)).toEqual(['wllama/webgpu:qwen2.5-1.5b-instruct', 'llama-wasm/cpu:qwen2.5-1.5b-instruct']);
    expect(device.every((r) => r.downloadBytes === 0)).toBe(true);
    expect(p.awaitingConsent?.modelId).toBe('phi-3.5-mini-instruct');
  });

  it('denied: only the allowed remote routes', () => {
    const p = plan({ task: 'proofread', consent: 'denied', profile: m1, catalog, selfHosted: gateway });
    expect(p.routes.map((r) => r.where)).toEqual(['self-hosted']);
    expect(texts(p.rejected)).toContain('the user said no to running a model on this device');
    expect(p.awaitingConsent).toBeUndefined();
  });

  it('denied under device-only: no_route', () => {
    expect(noRoute({ task: 'proofread', consent: 'denied', policy: 'device-only', profile: m1, catalog }).message).toContain('the user said no');
  });

  it('granted: Save-Data no longer holds the download back', () => {
    const p = plan({ task: 'proofread', consent: 'granted', profile: REFERENCE_DEVICES['android-save-data'], catalog, selfHosted: gateway });
    expect(p.routes[0]).toMatchObject({ where: 'device', engine: 'wllama', backend: 'webgpu' });
  });
});

describe('models and tasks', () => {
  it('leaves the demo model out unless the app names it; then plans it from its manifest', () => {
    expect(plan({ task: 'proofread', profile: swiftshader, catalog }).routes.some((r) => r.modelId === 'hearth-demo-tiny')).toBe(false);
    const p = plan({ task: 'proofread', profile: swiftshader, catalog, models: ['hearth-demo-tiny'] });
    expect(p.routes[0]).toMatchObject({
      engine: 'llama-wasm',
      modelId: 'hearth-demo-tiny',
      manifestUrl: '/models/hearth-demo-tiny/manifest.json',
      contextSize: 2048,
      threads: 2,
    });
  });

  it('rejects a model not meant for the task, and a context longer than the model was trained for', () => {
    const error = noRoute({ task: 'summarize', profile: swiftshader, catalog, models: ['hearth-demo-tiny', 'smollm2-360m-instruct'] });
    const rejected = error.data?.['rejected'] as Rejection[];
    expect(texts(rejected.filter((r) => r.modelId === 'hearth-demo-tiny'))).toContain(
      'the task needs a 8192-token context; Hearth demo (tiny, random weights) was trained for 2048',
    );
    expect(texts(rejected.filter((r) => r.modelId === 'smollm2-360m-instruct'))).toContain('not meant for summarize');
  });

  it('filters by the language of the text', () => {
    const p = plan({ task: 'proofread', profile: REFERENCE_DEVICES['firefox-linux-no-webgpu'], catalog, language: 'de', selfHosted: gateway });
    // Qwen2.5 and Llama 3.2 both list German; the larger that is fast enough wins.
    expect(p.routes[0]?.modelId).toBe('qwen2.5-1.5b-instruct');
    expect(texts(p.rejected.filter((r) => r.modelId === 'smollm2-1.7b-instruct'))).toContain('does not list the language "de"');
  });

  it('names an unknown model id', () => {
    expect(() => plan({ task: 'chat', profile: m1, catalog, models: ['nope'] })).toThrowError(/No model "nope" in the catalog/);
  });

  it('plans WebLLM once the app serves an MLC build, and refuses it without shader-f16', () => {
    const llama = catalog.models.find((m) => m.id === 'llama-3.2-1b-instruct');
    if (!llama) throw new Error('missing catalog model');
    const served: CatalogModelInput = {
      ...llama,
      id: 'acme-llama-1b',
      mlc: (llama.mlc ?? []).map((b) => ({
        ...b,
        weightsUrl: '/mlc/Llama-3.2-1B-Instruct-q4f16_1-MLC/',
        libraryUrl: '/mlc/Llama-3.2-1B-Instruct-q4f16_1-webgpu.wasm',
      })),
    };
    const withMlc = mergeCatalog(catalog, [served]);
    const onM1 = plan({ task: 'chat', profile: m1, catalog: withMlc, models: ['acme-llama-1b'] });
    const webllm = onM1.routes.find((r) => r.engine === 'webllm');
    expect(webllm).toMatchObject({
      backend: 'webgpu',
      mlc: { id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC', requiredFeatures: ['shader-f16'] },
      memoryBytes: 879 * 1024 * 1024,
    });
    const onFirefox = plan({ task: 'chat', profile: REFERENCE_DEVICES['firefox-windows-webgpu'], catalog: withMlc, models: ['acme-llama-1b'] });
    expect(onFirefox.routes.some((r) => r.engine === 'webllm')).toBe(false);
    expect(texts(onFirefox.rejected)).toContain('Llama-3.2-1B-Instruct-q4f16_1-MLC needs shader-f16, and nvidia ampere lacks it');
  });
});

describe('estimates and benchmarks', () => {
  it('uses an estimate read from the GGUF header over catalog facts, and says so', () => {
    const model = catalog.models.find((m) => m.id === 'qwen2.5-0.5b-instruct');
    const variant = model?.variants.find((v) => v.id === 'q4_0');
    if (!model || !variant) throw new Error('missing catalog model');
    const base = estimateMemoryFromCatalog(model, variant, { contextSize: 2048 });
    // As if the header showed a 1.6 GB tensor (e.g. an unquantized embedding).
    const header = { ...base, basis: 'gguf-header' as const, largestTensor: { name: 'token_embd.weight', bytes: 1_600_000_000 } };
    const p = plan({
      task: 'proofread',
      profile: swiftshader,
      catalog,
      models: ['qwen2.5-0.5b-instruct'],
      estimates: { 'qwen2.5-0.5b-instruct/q4_0': header },
    });
    const webgpu = p.rejected.find((r) => r.engine === 'wllama' && r.backend === 'webgpu' && r.variantId === 'q4_0');
    expect(webgpu?.reasons[0]?.text).toBe('needs 1.5 GiB in one buffer (token_embd.weight) (from the GGUF header); this GPU allows 1 GiB');
  });

  it('prefers wllama for the CPU route when benchmarks say it is faster than llama-wasm', () => {
    const benched: DeviceProfile = {
      ...swiftshader,
      benchmarks: [
        { engine: 'llama-wasm', weightGigabytesPerSecond: 1.0, threads: 2, ms: 300 },
        { engine: 'wllama', weightGigabytesPerSecond: 2.0, threads: 2, ms: 300 },
      ],
    };
    const p = plan({ task: 'proofread', profile: benched, catalog, selfHosted: gateway });
    expect(p.routes.find((r) => r.backend === 'cpu')).toMatchObject({ engine: 'wllama', tokensPerSecond: { basis: 'measured' } });
    expect(texts(p.rejected.filter((r) => r.engine === 'llama-wasm' && !r.modelId))).toBe(
      'wllama runs GGUF on this CPU faster (2.0 vs 1.0 GB/s of weights, measured here); one CPU route is enough',
    );
  });

  it('is pure: the same input gives the same plan and the input is not changed', () => {
    const input: PlanInput = { task: 'rewrite', profile: structuredClone(m1), catalog: structuredClone(catalog), selfHosted: gateway };
    const before = JSON.stringify(input);
    const a: Plan = plan(input);
    const b: Plan = plan(input);
    expect(a).toEqual(b);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('llama-wasm memory', () => {
  it("plans llama-wasm's F32 KV cache (twice wllama's F16 one) while it stays within 1 GiB", () => {
    const error = noRoute({ task: 'proofread', policy: 'device-only', profile: swiftshader, catalog, models: ['mistral-7b-instruct-v0.3'] });
    const rejected = error.data?.['rejected'] as Rejection[];
    const kvOf = (engine: string): string | undefined =>
      texts(rejected.filter((r) => r.engine === engine && r.backend === 'cpu')).match(/KV cache ([\d.]+ [KMG]i?B)/)?.[1];
    const wllama = kvOf('wllama');
    const wasm = kvOf('llama-wasm');
    expect(wllama).toBeDefined();
    expect(wasm).toBeDefined();
    const mib = (s: string): number => Number.parseFloat(s) * (s.includes('G') ? 1024 : s.includes('K') ? 1 / 1024 : 1);
    expect(mib(wasm!)).toBeCloseTo(2 * mib(wllama!), 0);
  });
});
