// `@hearth/sdk/engines`: every engine behind the EngineV1 contract, the Worker transport, and the
// one place a planned route becomes an engine. Browser-safe; node-llama-cpp is in `./node`.
export { engineForRoute, loadRequestForRoute, routeInfo, type EngineForRouteOptions } from '../hearth/engine-for-route.ts';
export { WorkerEngine } from '../worker/worker-engine.ts';
export { serveEngine } from '../worker/serve-engine.ts';
export type { ToWorker, FromWorker, MessageEndpoint } from '../worker/protocol.ts';
export { WllamaEngine, type WllamaEngineOptions } from '../engines/wllama/wllama-engine.ts';
export { createWllamaWorkerEngine } from '../engines/wllama/create-wllama-worker-engine.ts';
export {
  LlamaWasmEngine,
  type LlamaWasmEngineOptions,
  type LlamaWasmEngineConfig,
  type LlamaWasmBenchmarkRequest,
  type LlamaWasmBenchmarkResult,
} from '../engines/llama-wasm/llama-wasm-engine.ts';
export { createLlamaWasmWorkerEngine, LlamaWasmWorkerEngine } from '../engines/llama-wasm/create-llama-wasm-worker-engine.ts';
export { detectWasmFeatures, type WasmFeatures } from '../engines/llama-wasm/wasm-features.ts';
export type { LlamaWasmArtifactUrls, LlamaWasmKvCache, LlamaWasmVariant } from '../engines/llama-wasm/llama-wasm-host.ts';
export { RemoteEngine, type RemoteEngineOptions } from '../engines/remote/remote-engine.ts';
export { WebLLMEngine, type MlcModelBuild } from '../engines/webllm/webllm-engine.ts';
export { BuiltinEngine, type EngineAvailability } from '../engines/builtin/builtin-engine.ts';
export { FallbackEngine, continuation, type Route, type FallbackOptions } from '../routing/fallback-engine.ts';
export { collectStream } from '../engines/shared/collect-stream.ts';
export { validateGenerateRequest } from '../engines/shared/validate-request.ts';
