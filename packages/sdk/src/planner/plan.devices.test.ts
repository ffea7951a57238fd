import { describe, expect, it } from 'vitest';
import type { Plan } from '@hearth/spec';
import { shippedCatalog } from '../catalog/load-catalog.ts';
import { plan } from './plan.ts';
import { REFERENCE_DEVICES, type ReferenceDeviceName } from './reference-devices.ts';
import { rejectionSubject } from './describe-plan.ts';

// The planner over every reference device with the shipped catalog, for "proofread" (2048 tokens
// of context, 8 tok/s wanted) with the app's gateway configured. Routes are written
// `where:engine/backend:model@variant`; `rejects` pairs a rejection's subject with a fragment of
// one of its reasons. Speeds are the assumed ones (no benchmark): see speed-estimate.ts.

const GATEWAY = 'self-hosted:remote/server:qwen2.5-7b-instruct';

interface Expectation {
  routes: string[];
  /** Fragments of the first route's reason. */
  reason?: string[];
  rejects?: Array<[subject: string, fragment: string]>;
  awaitingConsent?: string;
}

const TABLE: Record<ReferenceDeviceName, Expectation> = {
  'apple-m1-8gb-chrome': {
    routes: ['device:wllama/webgpu:phi-3.5-mini-instruct@q4_k_m', 'device:llama-wasm/cpu:qwen2.5-3b-instruct@q4_k_m', GATEWAY],
    reason: ['on WebGPU with wllama (apple metal-3)', 'needs 3.24 GiB', 'the best fit on this device'],
    rejects: [
      ['wllama/webgpu mistral-7b-instruct-v0.3 q4_k_m', 'this device reports 8 GiB of RAM and a page plans on half (4 GiB)'],
      ['wllama/cpu', 'llama-wasm runs GGUF on this CPU faster'],
      ['webllm/webgpu', 'the app serves no MLC model library'],
    ],
  },
  'apple-m2-16gb-chrome': {
    routes: ['device:wllama/webgpu:mistral-7b-instruct-v0.3@q4_k_m', 'device:llama-wasm/cpu:qwen2.5-3b-instruct@q4_k_m', GATEWAY],
    reason: ['Mistral 7B Instruct v0.3 Q4_K_M on WebGPU', '~9.2 tok/s (assumed, no benchmark)'],
    rejects: [['llama-wasm/cpu mistral-7b-instruct-v0.3 q4_k_m', 'llama-wasm is wasm32: 4 GiB at most']],
  },
  'intel-iris-xe-laptop-chrome': {
    routes: ['device:wllama/webgpu:phi-3.5-mini-instruct@q4_k_m', 'device:llama-wasm/cpu:qwen2.5-3b-instruct@q4_k_m', GATEWAY],
    reason: ['(intel gen-12lp)'],
  },
  'rtx-3060-12gb-desktop-chrome': {
    routes: ['device:wllama/webgpu:mistral-7b-instruct-v0.3@q4_k_m', 'device:llama-wasm/cpu:phi-3.5-mini-instruct@q4_k_m', GATEWAY],
    reason: ['(nvidia ampere)'],
  },
  'rtx-4090-desktop-chrome': {
    routes: ['device:wllama/webgpu:mistral-7b-instruct-v0.3@q4_k_m', 'device:llama-wasm/cpu:phi-3.5-mini-instruct@q4_k_m', GATEWAY],
    rejects: [['wllama/cpu', '(20.0 vs 15.4 GB/s of weights, assumed)']],
  },
  'amd-radeon-780m-laptop-chrome': {
    routes: ['device:wllama/webgpu:mistral-7b-instruct-v0.3@q4_k_m', 'device:llama-wasm/cpu:phi-3.5-mini-instruct@q4_k_m', GATEWAY],
    reason: ['(amd rdna-3)'],
  },
  'android-pixel-mali-chrome': {
    routes: ['device:wllama/webgpu:smollm2-1.7b-instruct@q4_k_m', 'device:llama-wasm/cpu:qwen2.5-1.5b-instruct@q4_k_m', GATEWAY],
    rejects: [
      ['wllama/webgpu qwen2.5-0.5b-instruct q4_0', 'needs 138 MiB in one buffer (token_embd.weight); this GPU allows 128 MiB'],
      ['wllama/webgpu llama-3.2-3b-instruct q4_k_m', 'needs 309 MiB in one buffer (token_embd.weight); this GPU allows 128 MiB'],
      ['webllm/webgpu llama-3.2-3b-instruct mlc:Llama-3.2-3B-Instruct-q4f16_1-MLC', 'needs 188 MiB in one buffer (the packed embedding)'],
    ],
  },
  'android-low-end-4gb-chrome': {
    routes: ['device:llama-wasm/cpu:qwen2.5-1.5b-instruct@q4_k_m', GATEWAY],
    rejects: [
      ['wllama/webgpu', 'WebGPU offers no adapter here'],
      ['llama-wasm/cpu qwen2.5-3b-instruct q4_k_m', 'this device reports 4 GiB of RAM and a page plans on half (2 GiB)'],
    ],
  },
  'iphone-safari-18': {
    routes: ['device:llama-wasm/cpu:qwen2.5-0.5b-instruct@q8_0', GATEWAY],
    rejects: [
      ['wllama/cpu', "wllama's build needs WebAssembly memory64 and JSPI"],
      ['webllm/webgpu', 'this browser has no WebGPU'],
    ],
  },
  'ipad-safari-26-webgpu': {
    routes: ['device:llama-wasm/cpu:qwen2.5-1.5b-instruct@q4_k_m', GATEWAY],
    rejects: [
      ['wllama/webgpu', 'needs WebAssembly memory64 and JSPI'],
      ['llama-wasm/cpu phi-3.5-mini-instruct q4_k_m', 'the browser does not say how much RAM there is; assuming 4 GiB'],
    ],
  },
  'firefox-linux-no-webgpu': {
    routes: ['device:llama-wasm/cpu:smollm2-1.7b-instruct@q4_k_m', GATEWAY],
    rejects: [['wllama/cpu', 'needs WebAssembly JSPI, which this browser lacks']],
  },
  'firefox-windows-webgpu': {
    routes: ['device:llama-wasm/cpu:smollm2-1.7b-instruct@q4_k_m', GATEWAY],
    rejects: [['wllama/webgpu', "wllama 3.8's WebGPU backend needs shader-f16, and nvidia ampere lacks it"]],
  },
  'chromebook-4gb': {
    routes: ['device:llama-wasm/cpu:smollm2-1.7b-instruct@q4_k_m', GATEWAY],
    reason: ['4 threads'],
    rejects: [['wllama/webgpu', 'needs shader-f16, and intel gen-9 lacks it']],
  },
  'desktop-not-isolated': {
    routes: [GATEWAY, 'device:wllama/cpu:smollm2-360m-instruct@q4_0'],
    rejects: [['llama-wasm/cpu', 'the page is not cross-origin isolated (COOP/COEP)']],
  },
  'swiftshader-this-machine': {
    routes: ['device:llama-wasm/cpu:qwen2.5-0.5b-instruct@q8_0', GATEWAY],
    reason: ["Hearth's llama.cpp WebAssembly build (llama-wasm, 2 threads)"],
    rejects: [
      ['wllama/webgpu', 'needs shader-f16, and google swiftshader lacks it'],
      ['wllama/webgpu', 'the only WebGPU adapter is a software one (google swiftshader, isFallbackAdapter)'],
      ['llama-wasm/cpu mistral-7b-instruct-v0.3 q4_k_m', 'WebAssembly memory'],
    ],
  },
  'chromium-this-machine-no-webgpu': {
    routes: ['device:llama-wasm/cpu:qwen2.5-0.5b-instruct@q8_0', GATEWAY],
    rejects: [['wllama/webgpu', 'WebGPU offers no adapter here']],
  },
  'chrome-builtin-ready-laptop': {
    routes: [
      'device:wllama/webgpu:mistral-7b-instruct-v0.3@q4_k_m',
      'device:llama-wasm/cpu:phi-3.5-mini-instruct@q4_k_m',
      'device:builtin/browser-model:builtin',
      GATEWAY,
    ],
  },
  'chrome-builtin-downloadable-no-gpu': {
    routes: ['device:builtin/browser-model:builtin', 'device:llama-wasm/cpu:smollm2-1.7b-instruct@q4_k_m', GATEWAY],
    reason: ['which the browser downloads first'],
  },
  'laptop-low-battery': {
    routes: [GATEWAY, 'device:wllama/webgpu:mistral-7b-instruct-v0.3@q4_k_m', 'device:llama-wasm/cpu:qwen2.5-3b-instruct@q4_k_m'],
    reason: ['first because the battery is at 12% and discharging'],
  },
  'android-save-data': {
    routes: [GATEWAY],
    rejects: [['wllama/webgpu smollm2-1.7b-instruct q4_k_m', "download, which waits for the user's yes: the browser asks to save data (Save-Data)"]],
    awaitingConsent: 'device:wllama/webgpu:smollm2-1.7b-instruct@q4_k_m',
  },
  'chrome-tight-storage': {
    routes: ['device:llama-wasm/cpu:qwen2.5-0.5b-instruct@q4_0', GATEWAY],
    rejects: [['device qwen2.5-0.5b-instruct q8_0', 'needs 539 MiB of storage for the download; the browser grants 400 MiB more']],
  },
  'old-chrome-no-simd': {
    routes: [GATEWAY],
    rejects: [['llama-wasm/cpu', 'no WebAssembly SIMD']],
  },
  'node-2-cores-24gb-no-gpu': {
    routes: ['device:node-llama-cpp/cpu:smollm2-1.7b-instruct@q4_k_m', GATEWAY],
    reason: ['node-llama-cpp (native, 2 threads)'],
    rejects: [['node-llama-cpp/gpu', 'node-llama-cpp found no usable GPU']],
  },
  'node-cuda-rtx-4090': {
    routes: ['device:node-llama-cpp/gpu:mistral-7b-instruct-v0.3@q4_k_m', 'device:node-llama-cpp/cpu:phi-3.5-mini-instruct@q4_k_m', GATEWAY],
    reason: ['on the GPU with node-llama-cpp (cuda)'],
  },
};

function signature(r: { where: string; engine: string; backend: string; modelId: string; variantId?: string }): string {
  return `${r.where}:${r.engine}/${r.backend}:${r.modelId}${r.variantId ? `@${r.variantId}` : ''}`;
}

function reasonsOf(p: Plan, subject: string): string[] {
  return p.rejected.filter((r) => rejectionSubject(r) === subject).flatMap((r) => r.reasons.map((x) => x.text));
}

describe('plan() over reference devices with the shipped catalog', () => {
  const catalog = shippedCatalog();
  it('covers at least 20 devices', () => {
    expect(Object.keys(TABLE).length).toBeGreaterThanOrEqual(20);
  });

  for (const [name, expected] of Object.entries(TABLE) as Array<[ReferenceDeviceName, Expectation]>) {
    it(name, () => {
      const p = plan({
        task: 'proofread',
        profile: REFERENCE_DEVICES[name],
        catalog,
        selfHosted: { baseUrl: 'https://gw.example/v1', model: 'qwen2.5-7b-instruct' },
      });
      expect(p.routes.map(signature)).toEqual(expected.routes);
      for (const fragment of expected.reason ?? []) expect(p.routes[0]?.reason).toContain(fragment);
      for (const [subject, fragment] of expected.rejects ?? []) {
        expect(reasonsOf(p, subject).join(' | '), `rejections of ${subject}`).toContain(fragment);
      }
      if (expected.awaitingConsent) expect(p.awaitingConsent && signature(p.awaitingConsent)).toBe(expected.awaitingConsent);
      // Every route says why; device routes carry what the fallback needs to build an engine.
      for (const route of p.routes) {
        expect(route.reason.length).toBeGreaterThan(20);
        if (route.where === 'device' && route.engine !== 'builtin') expect(route.files?.length ?? 0).toBeGreaterThan(0);
        if (route.where !== 'device') expect(route.baseUrl).toBe('https://gw.example/v1');
      }
    });
  }
});
