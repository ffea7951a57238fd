import { HearthError, type EngineV1, type LoadRequest, type ModelManifest, type Route, type RouteInfo } from '@hearth/spec';
import { BuiltinEngine } from '../engines/builtin/builtin-engine.ts';
import { createLlamaWasmWorkerEngine } from '../engines/llama-wasm/create-llama-wasm-worker-engine.ts';
import type { LlamaWasmEngineConfig } from '../engines/llama-wasm/llama-wasm-engine.ts';
import { RemoteEngine } from '../engines/remote/remote-engine.ts';
import { WebLLMEngine } from '../engines/webllm/webllm-engine.ts';
import { createWllamaWorkerEngine } from '../engines/wllama/create-wllama-worker-engine.ts';

export interface EngineForRouteOptions {
  /** Resolves the route's relative URLs (`/models/…`, `/v1`): the gateway's origin. Default: this page. */
  base?: string | URL;
  /** Bearer token for remote routes (a gateway's short-lived browser token, a third party's key). */
  apiKey?: string;
  /** Remote routes fetch through this (Hearth passes its egress guard). */
  fetch?: typeof fetch;
  /** llama-wasm's module variant and KV cache. */
  llamaWasm?: LlamaWasmEngineConfig;
}

/**
 * The one place a planned route becomes an engine: a Worker-hosted llama-wasm or wllama, WebLLM,
 * the browser's built-in model, or an OpenAI-compatible server. The engine is not loaded: pass
 * `loadRequestForRoute(route)` to its `load`.
 *
 * @example const engine = engineForRoute(plan.routes[0]); await engine.load(await loadRequestForRoute(plan.routes[0]))
 */
export function engineForRoute(route: Route, options: EngineForRouteOptions = {}): EngineV1 {
  switch (route.engine) {
    case 'llama-wasm':
      return createLlamaWasmWorkerEngine(options.llamaWasm ?? {});
    case 'wllama':
      if (route.backend === 'webgpu') throw unsupported(route, 'wllama on WebGPU is planned but its Worker loads on the CPU; plan it on the CPU');
      return createWllamaWorkerEngine();
    case 'webllm': {
      if (!route.mlc) throw unsupported(route, 'a WebLLM route needs its MLC build');
      return new WebLLMEngine({
        id: route.mlc.id,
        weightsUrl: absolute(route.mlc.weightsUrl, options.base),
        libraryUrl: absolute(route.mlc.libraryUrl, options.base),
        requiredFeatures: route.mlc.requiredFeatures,
      });
    }
    case 'builtin':
      return new BuiltinEngine();
    case 'remote': {
      if (!route.baseUrl) throw unsupported(route, 'a remote route needs a baseUrl');
      const remote: ConstructorParameters<typeof RemoteEngine>[0] = { baseUrl: absolute(route.baseUrl, options.base).replace(/\/$/, ''), model: route.modelId };
      if (options.apiKey !== undefined) remote.apiKey = options.apiKey;
      if (options.fetch) remote.fetch = options.fetch;
      return new RemoteEngine(remote);
    }
    case 'node-llama-cpp':
      throw unsupported(route, 'node-llama-cpp runs in Node: import it from @hearth/sdk/node');
  }
}

/**
 * What to pass to the route's engine's `load`: its files with their SHA-256 (read from the
 * manifest where the route names one), its context size and threads.
 */
export async function loadRequestForRoute(
  route: Route,
  options: { base?: string | URL; fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<LoadRequest> {
  const request: LoadRequest = { source: { type: 'url', url: absolute(route.baseUrl ?? '/', options.base) }, contextSize: route.contextSize };
  if (route.threads !== undefined) request.threads = route.threads;
  if (options.signal) request.signal = options.signal;
  if (route.manifestUrl) {
    const manifestUrl = absolute(route.manifestUrl, options.base);
    const manifest = await readManifest(manifestUrl, options.fetch, options.signal);
    request.source = { type: 'url', url: manifest.files.map((f) => new URL(f.name, manifestUrl).href), sha256: manifest.files.map((f) => f.sha256) };
  } else if (route.files) {
    const hashes = route.files.map((f) => f.sha256);
    request.source = { type: 'url', url: route.files.map((f) => absolute(f.url, options.base)) };
    if (hashes.every((h): h is string => h !== undefined)) request.source.sha256 = hashes;
  }
  return request;
}

/** The `route` stream part's content for a planned route. */
export function routeInfo(route: Route): RouteInfo {
  const info: RouteInfo = { where: route.where, engine: route.engine, backend: route.backend, model: route.modelId, reason: route.reason };
  if (route.variantId !== undefined) info.variant = route.variantId;
  return info;
}

/** A manifest (files, sizes, SHA-256), read once per URL. */
export async function readManifest(
  manifestUrl: string,
  fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis),
  signal?: AbortSignal,
): Promise<ModelManifest> {
  let response: Response;
  try {
    response = await fetchImpl(manifestUrl, signal ? { signal } : {});
  } catch (cause) {
    throw HearthError.isInstance(cause)
      ? cause
      : new HearthError({
          code: 'network',
          message: `Could not read the model manifest ${manifestUrl}.`,
          hint: 'Check the connection; Hearth retries when it returns.',
          cause,
        });
  }
  if (!response.ok)
    throw new HearthError({
      code: response.status === 404 ? 'model_not_found' : 'upstream',
      message: `The model manifest ${manifestUrl} answered HTTP ${response.status}.`,
      hint: 'Check that the gateway serves this model.',
      data: { status: response.status },
    });
  return (await response.json()) as ModelManifest;
}

function absolute(url: string, base: string | URL | undefined): string {
  const origin = base ?? (typeof location === 'undefined' ? undefined : location.href);
  return origin === undefined ? url : new URL(url, origin).href;
}

function unsupported(route: Route, why: string): HearthError {
  return new HearthError({
    code: 'unsupported',
    message: `No engine for the route ${route.engine}/${route.backend}: ${why}.`,
    data: { engine: route.engine, backend: route.backend },
  });
}
