import type { StreamPart, FinishReason, Usage } from './stream-part.ts';
import type { ResponseFormat } from './json-schema.ts';
import type { ToolCall, ToolChoice, ToolDefinition } from './tool.ts';

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';
export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** On an assistant message: the calls it made (its `content` may then be empty). */
  toolCalls?: readonly ToolCall[];
  /** On a `tool` message: the id of the call this is the result of. */
  toolCallId?: string;
}

/** A prompt is either chat messages (the engine applies the model's chat template) or raw text. */
export type Prompt = { type: 'chat'; messages: readonly ChatMessage[] } | { type: 'text'; text: string };

export interface GenerateRequest {
  prompt: Prompt;
  maxTokens?: number;
  /** 0 means greedy. */
  temperature?: number;
  topP?: number;
  seed?: number;
  stop?: readonly string[];
  signal?: AbortSignal;
  /**
   * Ask for `tokenIds` on every text delta even where it costs something (wllama computes
   * log-probabilities to report them). Engines that know ids for free always send them.
   */
  includeTokenIds?: boolean;
  /**
   * Constrain the output to JSON (any object, or a value valid against a schema). An engine that
   * cannot enforce every keyword ends the stream with an `unsupported` error before generating;
   * output that is cut short or does not validate ends it with `output_truncated` / `output_invalid`.
   */
  responseFormat?: ResponseFormat;
  /**
   * Options only one engine understands, under its engine id (the way the Vercel AI SDK's
   * `providerOptions` works): typed here, ignored by every other engine.
   */
  engineOptions?: EngineOptions;
  /** Functions the model may call; arguments are constrained to each one's schema (fails closed, like `responseFormat`). */
  tools?: readonly ToolDefinition[];
  /** Default `auto` when `tools` are given. */
  toolChoice?: ToolChoice;
  /** `false`: at most one call per answer. Default true. */
  parallelToolCalls?: boolean;
  /**
   * Log-probabilities of each generated token, on `text-delta.logprobs`, with this many likely
   * alternatives per position (0-20). Engines without token probabilities refuse it (`unsupported`).
   */
  logprobs?: number;
  /** Added to the logits of these token ids before sampling (OpenAI's `logit_bias`, -100 to 100). */
  logitBias?: Readonly<Record<number, number>>;
  /** OpenAI's penalties (-2 to 2) on tokens already generated: per occurrence, and once for any. */
  frequencyPenalty?: number;
  presencePenalty?: number;
}

/** Engine-specific request options, keyed by engine id. */
export interface EngineOptions {
  'llama-wasm'?: {
    /** Constrain output to a GBNF grammar (rule `root`), llama.cpp's grammar sampler; not beside `responseFormat`. */
    grammar?: string;
  };
}

export interface GenerateResult {
  text: string;
  /** The calls the model made (finish reason `tool_calls`). */
  toolCalls?: ToolCall[];
  tokenIds: number[];
  finishReason: FinishReason;
  usage: Usage;
}

/** Where a model comes from: a URL the engine (or Hearth's store) fetches, or a local path (Node). */
export type ModelSource =
  | {
      type: 'url';
      /** One URL, or one per shard of a split model, in order. */
      url: string | readonly string[];
      /** Lowercase hex SHA-256 per file, from the model's manifest; a file that differs is never loaded. */
      sha256?: string | readonly string[];
    }
  | { type: 'path'; path: string | readonly string[] };

export interface LoadRequest {
  source: ModelSource;
  contextSize?: number;
  threads?: number;
  /** Layers to offload to the GPU; 0 keeps the model on the CPU. */
  gpuLayers?: number;
  /** LoRA adapters applied on top of the model, in order (each a GGUF with `adapter.type = "lora"`). */
  adapters?: readonly LoraAdapterSource[];
  signal?: AbortSignal;
}

/**
 * One LoRA adapter file: a URL (with its SHA-256 when the engine downloads it) or a local path,
 * and its scale: 1 applies it as trained (llama.cpp's `--lora`), 0 not at all, 0.5 half.
 *
 * @example { source: { type: 'path', path: './tone-lora.gguf' }, scale: 0.8 }
 */
export interface LoraAdapterSource {
  source: { type: 'url'; url: string; sha256?: string } | { type: 'path'; path: string };
  /** Default 1. */
  scale?: number;
}

export interface ModelInfo {
  /** Architecture name from the GGUF metadata, e.g. "llama". */
  architecture: string;
  contextSize: number;
  vocabSize: number;
  /** Where the weights actually went, as the engine observed it (not what was asked). */
  device?: 'cpu' | 'webgpu' | 'gpu';
  /** Layers the engine placed on the GPU. */
  gpuLayers?: number;
  /**
   * The KV cache as the engine made it (llama-wasm): its element type, and whether its memory was
   * taken and mapped on another thread while the weights loaded, so the first token need not.
   */
  kvCache?: { type: 'f16' | 'f32'; mappedDuringLoad: boolean };
}

/**
 * Engine v1: the contract every place a model can run implements (in-page, Worker-hosted,
 * native, remote). Small on purpose; friendly calls (chat, tasks) live in the SDK.
 */
export interface EngineV1 {
  readonly specificationVersion: 'v1';
  /** Stable engine name, e.g. "wllama", "node-llama-cpp", "remote". */
  readonly engineId: string;
  /**
   * The model this engine runs or routes to, when known: a GGUF `general.name`, a catalog id or a
   * server's model id. Task sessions pick their prompt pack from it when the call names none.
   */
  readonly modelName?: string | undefined;
  load(request: LoadRequest): Promise<ModelInfo>;
  /** Streams parts; ends with exactly one `finish` or `error` part. Never throws mid-stream. */
  doStream(request: GenerateRequest): AsyncIterable<StreamPart>;
  doGenerate(request: GenerateRequest): Promise<GenerateResult>;
  unload(): Promise<void>;
}

/** Engines that can also turn text into vectors (`/v1/embeddings`). */
export interface EmbeddingCapable {
  embed(input: readonly string[], signal?: AbortSignal): Promise<{ embeddings: number[][]; promptTokens: number }>;
}

export function canEmbed(engine: EngineV1): engine is EngineV1 & EmbeddingCapable {
  return typeof (engine as Partial<EmbeddingCapable>).embed === 'function';
}
