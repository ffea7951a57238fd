import {
  getLlama,
  GeneralChatWrapper,
  TokenBias,
  isLlamaText,
  LlamaGrammarEvaluationState,
  LlamaLogLevel,
  resolveChatWrapper,
  type ChatWrapper,
  type LlamaEmbeddingContext,
  type GbnfJsonSchema,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaGrammar,
  type LlamaModel,
  type Token,
  type ChatHistoryItem,
} from 'node-llama-cpp';
import { availableParallelism } from 'node:os';
import {
  HearthError,
  type EngineV1,
  type GenerateRequest,
  type GenerateResult,
  type JsonSchema,
  type LoadRequest,
  type ModelInfo,
  type StreamPart,
  type TokenLogprob,
} from '@hearth/spec';
import { collectStream } from '../shared/collect-stream.ts';
import { outputBudget, runTokenLoop } from '../shared/token-loop.ts';
import { UsageMeter } from '../shared/usage-meter.ts';
import { refuseUnsupportedOptions, validateGenerateRequest } from '../shared/validate-request.ts';
import { checkSchemaSupport } from '../../structured/check-schema-support.ts';
import { isSchemaObject } from '../../structured/map-schema.ts';
import type { PreparedResponseFormat } from '../../structured/prepare-response-format.ts';
import { NODE_LLAMA_CPP_SCHEMA_CAPABILITIES } from '../../structured/schema-capabilities.ts';
import { toNodeLlamaCppSchema } from '../../structured/to-node-llama-cpp-schema.ts';
import { withStructuredOutput } from '../../structured/with-structured-output.ts';
import { withToolCalls } from '../../tools/with-tool-calls.ts';

export interface NodeLlamaCppEngineOptions {
  /** `false` (the default) runs on the CPU; `'auto'` uses CUDA, Vulkan or Metal when present. */
  gpu?: false | 'auto';
  /** Sequences that generate at once; more requests wait for a free one. */
  parallelSequences?: number;
  /** Reuse an already-created llama.cpp binding (tests and the gateway share one). */
  llama?: Llama;
  /**
   * KV cache element type. `f16` (the default) is llama.cpp's own, with flash attention on auto;
   * `f32` turns flash attention off: the graph the llama-wasm engine runs by default, so the two
   * can be compared token for token.
   */
  kvCache?: 'f16' | 'f32';
}

const defaults: Required<Omit<NodeLlamaCppEngineOptions, 'llama'>> = { gpu: false, parallelSequences: 4, kvCache: 'f16' };

/** Compiled grammars kept per engine; a gateway sees unbounded distinct schemas. */
const GRAMMAR_CACHE_SIZE = 32;

interface Loaded {
  model: LlamaModel;
  /** Resolved once: matching the GGUF's Jinja template to a wrapper costs about a second. */
  chatWrapper: ChatWrapper;
  context: LlamaContext;
  free: LlamaContextSequence[];
  embedding?: Promise<LlamaEmbeddingContext>;
  waiting: Array<(sequence: LlamaContextSequence) => void>;
}

/** llama.cpp through node-llama-cpp: the engine of the gateway and the CLI. */
export class NodeLlamaCppEngine implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId = 'node-llama-cpp';
  private llama: Llama | undefined;
  private loaded: Loaded | undefined;
  private readonly options: Required<Omit<NodeLlamaCppEngineOptions, 'llama'>>;
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  /** The loaded GGUF's `general.name` (task sessions pick its prompt pack). */
  modelName: string | undefined;

  constructor(options: NodeLlamaCppEngineOptions = {}) {
    this.options = {
      gpu: options.gpu ?? defaults.gpu,
      parallelSequences: options.parallelSequences ?? defaults.parallelSequences,
      kvCache: options.kvCache ?? defaults.kvCache,
    };
    this.llama = options.llama;
  }

  async load(request: LoadRequest): Promise<ModelInfo> {
    if (request.source.type !== 'path') {
      throw new HearthError({
        code: 'invalid_request',
        message: 'node-llama-cpp loads models from a local path.',
        hint: 'Download the model first (`hearth pull <url>`) and pass its path.',
      });
    }
    const paths = typeof request.source.path === 'string' ? [request.source.path] : request.source.path;
    const modelPath = paths[0];
    if (modelPath === undefined) throw new HearthError({ code: 'invalid_request', message: 'No model path given.' });
    const adapters = localAdapters(request.adapters ?? []);
    await this.unload();
    this.llama ??= await getLlama({ gpu: this.options.gpu, build: 'never', logLevel: LlamaLogLevel.error });
    let model: LlamaModel;
    try {
      // Split models load from their first shard; llama.cpp finds the others beside it.
      model = await this.llama.loadModel({ modelPath, gpuLayers: request.gpuLayers ?? (this.options.gpu === false ? 0 : 'auto') });
    } catch (cause) {
      throw new HearthError({
        code: 'invalid_model',
        message: `llama.cpp could not load ${modelPath}: ${errorMessage(cause)}`,
        cause,
        hint: 'Check that the file is a complete GGUF model (all shards present).',
      });
    }
    const contextOptions: Parameters<LlamaModel['createContext']>[0] = { sequences: this.options.parallelSequences };
    if (request.contextSize !== undefined) contextOptions.contextSize = request.contextSize;
    // llama.cpp's threads spin while they wait: more threads than cores is many times slower.
    contextOptions.threads = request.threads ?? availableParallelism();
    if (this.options.kvCache === 'f32')
      Object.assign(contextOptions, { flashAttention: false, experimentalKvCacheKeyType: 'F32', experimentalKvCacheValueType: 'F32' });
    if (adapters.length > 0) contextOptions.lora = { adapters };
    let context: LlamaContext;
    try {
      context = await model.createContext(contextOptions);
    } catch (cause) {
      await model.dispose();
      if (!contextOptions.lora) throw cause;
      throw new HearthError({
        code: 'invalid_model',
        message: `llama.cpp could not apply the LoRA adapters to ${modelPath}: ${errorMessage(cause)}`,
        cause,
        hint: 'Check that each adapter is a LoRA GGUF made for this base model.',
      });
    }
    const free: LlamaContextSequence[] = [];
    while (context.sequencesLeft > 0) free.push(context.getSequence());
    this.loaded = { model, chatWrapper: resolveChatWrapper(model) ?? new GeneralChatWrapper(), context, free, waiting: [] };
    const name = model.fileInfo.metadata.general.name;
    this.modelName = typeof name === 'string' && name !== '' ? name : undefined;
    return {
      architecture: String(model.fileInfo.metadata.general.architecture),
      contextSize: context.contextSize,
      vocabSize: vocabSize(model),
    };
  }

  /** The model's tokenizer, for raw-token tests and token counting. */
  tokenize(text: string, specialTokens = true): number[] {
    return this.require().model.tokenize(text, specialTokens);
  }

  /** Streams; with `responseFormat` or `tools`, under a grammar compiled from the schema, checked first (fails closed). */
  doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    return withToolCalls(request, NODE_LLAMA_CPP_SCHEMA_CAPABILITIES, (r) =>
      withStructuredOutput(r, NODE_LLAMA_CPP_SCHEMA_CAPABILITIES, (r2, format) => this.generate(r2, format)),
    );
  }

  private async *generate(request: GenerateRequest, format: PreparedResponseFormat | undefined): AsyncIterable<StreamPart> {
    let loaded: Loaded;
    try {
      loaded = this.require();
    } catch (error) {
      yield { type: 'error', error: HearthError.from(error).toJSON() };
      return;
    }
    const invalid =
      validateGenerateRequest(request) ??
      refuseUnsupportedOptions(request, this.engineId, { logprobs: true, logitBias: true, penalties: true }, vocabSize(loaded.model));
    if (invalid) {
      yield { type: 'error', error: invalid.toJSON() };
      return;
    }
    const { model } = loaded;
    let grammar: LlamaGrammar | undefined;
    try {
      if (format) grammar = await this.grammarFor(request.responseFormat?.type === 'json_schema' ? format.schema : undefined);
    } catch (error) {
      // Fail closed: a schema llama.cpp cannot turn into a grammar is never generated without one.
      yield {
        type: 'error',
        error: new HearthError({
          code: 'unsupported',
          message: `node-llama-cpp could not build a grammar for the response format: ${errorMessage(error)}`,
          cause: error,
          data: { param: 'response_format' },
        }).toJSON(),
      };
      return;
    }
    const meter = new UsageMeter(0);
    let prompt: Token[];
    try {
      prompt = this.promptTokens(request);
    } catch (error) {
      yield { type: 'error', error: HearthError.from(error, 'invalid_request').toJSON() };
      return;
    }
    meter.setPromptTokens(prompt.length);
    const budget = outputBudget(request, prompt.length, loaded.context.contextSize);
    if ('error' in budget) {
      yield { type: 'error', error: budget.error.toJSON() };
      return;
    }
    if (request.signal?.aborted) {
      yield abortedPart();
      return;
    }
    const sequence = await this.acquire(loaded);
    try {
      await sequence.clearHistory();
      const greedy = (request.temperature ?? 1) === 0;
      const sampling: Parameters<LlamaContextSequence['evaluate']>[1] = greedy
        ? { temperature: 0 }
        : { temperature: request.temperature ?? 1, topP: request.topP ?? 1, seed: request.seed ?? Date.now() };
      // A fresh state per response: it tracks where in the grammar this output stands.
      if (grammar) sampling.grammarEvaluationState = new LlamaGrammarEvaluationState({ model, grammar });
      const generatedTokens: Token[] = [];
      applyBiasAndPenalties(sampling, request, model, generatedTokens);
      const logprobs: TokenLogprob[] = [];
      const top = request.logprobs;
      // Probabilities only when asked: the full vocabulary's distribution costs a copy per token.
      const tokens = (top === undefined ? sequence.evaluate(prompt, sampling) : sequence.evaluateWithMetadata(prompt, { probabilities: true }, sampling))[
        Symbol.asyncIterator
      ]();
      yield* runTokenLoop(
        {
          next: async () => {
            const step = await tokens.next();
            if (step.done) return undefined;
            const token = typeof step.value === 'number' ? step.value : step.value.token;
            if (typeof step.value !== 'number' && 'probabilities' in step.value && top !== undefined)
              logprobs.push(tokenLogprob(model, token, step.value.probabilities, top));
            generatedTokens.push(token);
            return token;
          },
          ...(top === undefined ? {} : { logprobs: (from: number, count: number) => logprobs.slice(from, from + count) }),
          // The tokens before give a SentencePiece detokenizer its leading-space context.
          decode: (pending, generated, final) =>
            final ? model.detokenize([...pending]) : model.detokenize([...pending], false, generated.slice(-pending.length - 8, -pending.length)),
          close: () => tokens.return?.(),
        },
        {
          maxTokens: budget.maxTokens,
          // node-llama-cpp's JSON grammars end in newlines that only a stop trigger ends (its LlamaChat stops there too).
          stop: request.stop ?? [],
          grammarStops: grammar ? grammarStopTexts(grammar) : [],
          json: grammar !== undefined,
          signal: request.signal,
          meter,
          threads: () => loaded.context.currentThreads,
        },
      );
    } catch (error) {
      yield { type: 'error', error: HearthError.from(error, 'engine_crashed').toJSON() };
    } finally {
      this.release(loaded, sequence);
    }
  }

  doGenerate(request: GenerateRequest): Promise<GenerateResult> {
    return collectStream(this.doStream(request));
  }

  /**
   * Embeddings from the loaded model (mean of its last hidden states, as llama.cpp computes them).
   * The embedding context is made on first use and kept: it costs memory only when asked for.
   */
  async embed(input: readonly string[], signal?: AbortSignal): Promise<{ embeddings: number[][]; promptTokens: number }> {
    const loaded = this.require();
    const limit = Math.min(loaded.context.contextSize, 4096);
    loaded.embedding ??= loaded.model.createEmbeddingContext({ contextSize: limit });
    const context = await loaded.embedding;
    const embeddings: number[][] = [];
    let promptTokens = 0;
    for (const text of input) {
      if (signal?.aborted) throw new HearthError({ code: 'aborted', message: 'Embedding was aborted.' });
      const tokens = loaded.model.tokenize(text);
      if (tokens.length > limit) {
        throw new HearthError({
          code: 'context_full',
          message: `An input is ${tokens.length} tokens; the embedding context holds ${limit}.`,
          hint: 'Split the text into smaller pieces.',
          data: { param: 'input' },
        });
      }
      promptTokens += tokens.length;
      embeddings.push([...(await context.getEmbeddingFor(tokens)).vector]);
    }
    return { embeddings, promptTokens };
  }

  async unload(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    if (!loaded) return;
    if (loaded.embedding) await (await loaded.embedding).dispose();
    await loaded.context.dispose();
    await loaded.model.dispose();
  }

  private promptTokens(request: GenerateRequest): Token[] {
    const { model, chatWrapper } = this.require();
    if (request.prompt.type === 'text') return model.tokenize(request.prompt.text, true);
    const history = request.prompt.messages.map((m): ChatHistoryItem =>
      // `tool` turns were rendered as user turns by withToolCalls before this point.
      m.role === 'assistant' ? { type: 'model' as const, response: [m.content] } : { type: m.role === 'tool' ? 'user' : m.role, text: m.content },
    );
    // A final assistant message is an answer begun elsewhere (a route that failed mid-stream):
    // leave that turn open so the model continues it, instead of starting a new one.
    if (history[history.length - 1]?.type !== 'model') history.push({ type: 'model', response: [] });
    const { contextText } = chatWrapper.generateContextState({ chatHistory: history });
    return contextText.tokenize(model.tokenizer);
  }

  /** The grammar for a schema (undefined: any JSON object), compiled once per distinct schema. */
  private grammarFor(schema: JsonSchema | undefined): Promise<LlamaGrammar> {
    const llama = this.llama;
    if (!llama) throw new HearthError({ code: 'model_not_loaded', message: 'No model is loaded.', hint: 'Call load() first.' });
    const key = schema === undefined ? '' : JSON.stringify(schema);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      const converted: unknown = schema === undefined ? undefined : toNodeLlamaCppSchema(schema);
      // json.gbnf's root is an object: what json_object promises.
      grammar =
        schema === undefined
          ? llama.getGrammarFor('json')
          : isGbnfJsonSchema(converted)
            ? llama.createGrammarForJsonSchema<GbnfJsonSchema>(converted)
            : Promise.reject(new Error('the schema has keywords node-llama-cpp does not enforce'));
      // A failed build is not kept: the next request retries it.
      grammar.catch(() => this.grammars.delete(key));
      this.grammars.set(key, grammar);
      if (this.grammars.size > GRAMMAR_CACHE_SIZE) this.grammars.delete(this.grammars.keys().next().value as string);
    }
    return grammar;
  }

  private require(): Loaded {
    if (!this.loaded) throw new HearthError({ code: 'model_not_loaded', message: 'No model is loaded.', hint: 'Call load() first.' });
    return this.loaded;
  }

  private acquire(loaded: Loaded): Promise<LlamaContextSequence> {
    const sequence = loaded.free.pop();
    if (sequence) return Promise.resolve(sequence);
    return new Promise((resolve) => loaded.waiting.push(resolve));
  }

  private release(loaded: Loaded, sequence: LlamaContextSequence): void {
    const next = loaded.waiting.shift();
    if (next) next(sequence);
    else loaded.free.push(sequence);
  }
}

/**
 * OpenAI's `logit_bias` (added to the logit, as OpenAI does) and its frequency and presence
 * penalties over the tokens generated so far (OpenAI counts the completion only, not the prompt).
 */
function applyBiasAndPenalties(
  sampling: NonNullable<Parameters<LlamaContextSequence['evaluate']>[1]>,
  request: GenerateRequest,
  model: LlamaModel,
  generated: Token[],
): void {
  const bias = Object.entries(request.logitBias ?? {});
  if (bias.length > 0) {
    const tokenBias = TokenBias.for(model);
    for (const [token, value] of bias) tokenBias.set(Number(token) as Token, { logit: value });
    sampling.tokenBias = tokenBias;
  }
  const frequencyPenalty = request.frequencyPenalty ?? 0;
  const presencePenalty = request.presencePenalty ?? 0;
  if (frequencyPenalty !== 0 || presencePenalty !== 0) {
    sampling.repeatPenalty = { punishTokens: () => generated, maxPunishTokens: 1024, penalty: 1, frequencyPenalty, presencePenalty };
  }
}

/**
 * A token's log-probability and the `top` most likely at its position, from the distribution
 * llama.cpp sampled from (after temperature and the grammar; under greedy, the model's softmax).
 */
function tokenLogprob(model: LlamaModel, token: Token, probabilities: ReadonlyMap<Token, number>, top: number): TokenLogprob {
  const entry = (t: Token, p: number): TokenLogprob['top'][number] => {
    const text = model.detokenize([t], true);
    return { token: text, logprob: p > 0 ? Math.log(p) : -9999, bytes: [...new TextEncoder().encode(text)] };
  };
  const alternatives: TokenLogprob['top'] = [];
  for (const [t, p] of probabilities) {
    if (alternatives.length >= top) break;
    alternatives.push(entry(t, p));
  }
  return { ...entry(token, probabilities.get(token) ?? 0), top: alternatives };
}

/** A grammar's text stop triggers (node-llama-cpp's JSON grammars use "\n\n\n\n"; token-id triggers are not used). */
function grammarStopTexts(grammar: LlamaGrammar): string[] {
  return grammar.stopGenerationTriggers.flatMap((t) => (typeof t === 'string' ? [t] : isLlamaText(t) ? [t.toString()] : []));
}

/** node-llama-cpp's schema type, for a schema the capability check accepted (so its keywords are ones it knows). */
function isGbnfJsonSchema(schema: unknown): schema is GbnfJsonSchema {
  return isSchemaObject(schema) && checkSchemaSupport(schema, NODE_LLAMA_CPP_SCHEMA_CAPABILITIES) === undefined;
}

function vocabSize(model: LlamaModel): number {
  const tokens = model.fileInfo.metadata.tokenizer?.ggml?.tokens;
  return Array.isArray(tokens) ? tokens.length : 0;
}

function abortedPart(): StreamPart {
  return { type: 'error', error: new HearthError({ code: 'aborted', message: 'Generation was aborted.' }).toJSON() };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** node-llama-cpp reads adapters from local files, as it reads the model. */
function localAdapters(adapters: NonNullable<LoadRequest['adapters']>): Array<{ filePath: string; scale: number }> {
  return adapters.map((adapter) => {
    if (adapter.source.type !== 'path') {
      throw new HearthError({
        code: 'invalid_request',
        message: 'node-llama-cpp loads LoRA adapters from a local path.',
        hint: 'Download the adapter first (`hearth pull <url>`) and pass its path.',
      });
    }
    return { filePath: adapter.source.path, scale: adapter.scale ?? 1 };
  });
}
