// Browser-safe entry: nothing here imports Node built-ins.
export { createHearth, type Hearth } from './openai/create-hearth.ts';
export { parseChatCompletionRequest, chatCompletionRequestSchema } from './openai/chat-request.ts';
export { toChatCompletionChunks, toChatCompletion, newCompletionIdentity, toOpenAIUsage, type CompletionIdentity } from './openai/chat-response.ts';
export { WorkerEngine } from './worker/worker-engine.ts';
export { serveEngine } from './worker/serve-engine.ts';
export type { ToWorker, FromWorker, MessageEndpoint } from './worker/protocol.ts';
export { WllamaEngine, type WllamaEngineOptions } from './engines/wllama/wllama-engine.ts';
export { createWllamaWorkerEngine } from './engines/wllama/create-wllama-worker-engine.ts';
export { collectStream } from './engines/shared/collect-stream.ts';
export { fetchVerified, sha256Hex } from './store/fetch-verified.ts';
export { HearthError } from '@hearth/spec';
export { parseCompletionRequest, completionRequestSchema } from './openai/completion-request.ts';
export { toCompletionChunks, toCompletion, type OpenAICompletion } from './openai/completion-response.ts';
export { RemoteEngine, type RemoteEngineOptions } from './engines/remote/remote-engine.ts';
export { validateGenerateRequest } from './engines/shared/validate-request.ts';
export * from './gguf/index.ts';
