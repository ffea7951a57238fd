import { getLlama, GeneralChatWrapper, LlamaLogLevel, resolveChatWrapper, type ChatWrapper, type Llama, type LlamaContext, type LlamaContextSequence, type LlamaModel, type Token, type ChatHistoryItem } from 'node-llama-cpp';
import { availableParallelism } from 'node:os';
import { HearthError, type EngineV1, type GenerateRequest, type GenerateResult, type LoadRequest, type ModelInfo, type StreamPart } from '@hearth/spec';
import { collectStream } from '../shared/collect-stream.ts';
import { StopSequenceFilter } from '../shared/stop-sequences.ts';
import { UsageMeter } from '../shared/usage-meter.ts';
import { validateGenerateRequest } from '../shared/validate-request.ts';

export interface NodeLlamaCppEngineOptions {
  /** `false` (the default) runs on the CPU; `'auto'` uses CUDA, Vulkan or Metal when present. */
  gpu?: false | 'auto';
  /** Sequences that generate at once; more requests wait for a free one. */
  parallelSequences?: number;
  /** Reuse an already-created llama.cpp binding (tests and the gateway share one). */
  llama?: Llama;
}

const defaults: Required<Omit<NodeLlamaCppEngineOptions, 'llama'>> = { gpu: false, parallelSequences: 4 };

/** Default when a request names no limit: enough for a paragraph, bounded so nothing runs away. */
const DEFAULT_MAX_TOKENS = 512;

interface Loaded {
  model: LlamaModel;
  /** Resolved once: matching the GGUF's Jinja template to a wrapper costs about a second. */
  chatWrapper: ChatWrapper;
  context: LlamaContext;
  free: LlamaContextSequence[];
  waiting: Array<(sequence: LlamaContextSequence) => void>;
}

/** llama.cpp through node-llama-cpp: the engine of the gateway and the CLI. */
export class NodeLlamaCppEngine implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId = 'node-llama-cpp';
  private llama: Llama | undefined;
  private loaded: Loaded | undefined;
  private readonly options: Required<Omit<NodeLlamaCppEngineOptions, 'llama'>>;

  constructor(options: NodeLlamaCppEngineOptions = {}) {
    this.options = { gpu: options.gpu ?? defaults.gpu, parallelSequences: options.parallelSequences ?? defaults.parallelSequences };
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
    await this.unload();
    this.llama ??= await getLlama({ gpu: this.options.gpu, build: 'never', logLevel: LlamaLogLevel.error });
    let model: LlamaModel;
    try {
      // Split models load from their first shard; llama.cpp finds the others beside it.
      model = await this.llama.loadModel({ modelPath, gpuLayers: request.gpuLayers ?? (this.options.gpu === false ? 0 : 'auto') });
    } catch (cause) {
      throw new HearthError({ code: 'invalid_model', message: `llama.cpp could not load ${modelPath}: ${errorMessage(cause)}`, cause, hint: 'Check that the file is a complete GGUF model (all shards present).' });
    }
    const contextOptions: Parameters<LlamaModel['createContext']>[0] = { sequences: this.options.parallelSequences };
    if (request.contextSize !== undefined) contextOptions.contextSize = request.contextSize;
    // llama.cpp's threads spin while they wait: more threads than cores is many times slower.
    contextOptions.threads = request.threads ?? availableParallelism();
    const context = await model.createContext(contextOptions);
    const free: LlamaContextSequence[] = [];
    while (context.sequencesLeft > 0) free.push(context.getSequence());
    this.loaded = { model, chatWrapper: resolveChatWrapper(model) ?? new GeneralChatWrapper(), context, free, waiting: [] };
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

  async *doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    let loaded: Loaded;
    try {
      loaded = this.require();
    } catch (error) {
      yield { type: 'error', error: HearthError.from(error).toJSON() };
      return;
    }
    const invalid = validateGenerateRequest(request);
    if (invalid) {
      yield { type: 'error', error: invalid.toJSON() };
      return;
    }
    const { model } = loaded;
    const meter = new UsageMeter(0);
    let prompt: Token[];
    try {
      prompt = this.promptTokens(request);
    } catch (error) {
      yield { type: 'error', error: HearthError.from(error, 'invalid_request').toJSON() };
      return;
    }
    meter.setPromptTokens(prompt.length);
    const contextSize = loaded.context.contextSize;
    if (prompt.length >= contextSize) {
      yield { type: 'error', error: new HearthError({ code: 'context_full', message: `The prompt is ${prompt.length} tokens; the context holds ${contextSize}.`, hint: 'Shorten the input or load the model with a larger contextSize.', data: { promptTokens: prompt.length, contextSize } }).toJSON() };
      return;
    }
    const maxTokens = Math.min(request.maxTokens ?? DEFAULT_MAX_TOKENS, contextSize - prompt.length);
    if (request.signal?.aborted) {
      yield abortedPart();
      return;
    }
    const sequence = await this.acquire(loaded);
    const stops = new StopSequenceFilter(request.stop ?? []);
    let finishReason: 'stop' | 'length' = 'length';
    try {
      await sequence.clearHistory();
      const greedy = (request.temperature ?? 1) === 0;
      const sampling: Parameters<LlamaContextSequence['evaluate']>[1] = greedy ? { temperature: 0 } : { temperature: request.temperature ?? 1, topP: request.topP ?? 1, seed: request.seed ?? Date.now() };
      const generated: Token[] = [];
      let pending: Token[] = [];
      if (maxTokens <= 0) {
        finishReason = 'length';
      } else {
        for await (const token of sequence.evaluate(prompt, sampling)) {
          meter.tokens();
          generated.push(token);
          pending.push(token);
          // A multi-byte character can span tokens: hold tokens until they decode whole.
          const text = model.detokenize(pending, false, generated.slice(-pending.length - 8, -pending.length));
          let emitTokens: Token[] | undefined;
          if (!text.endsWith('\uFFFD') || pending.length >= 4) {
            emitTokens = pending;
            pending = [];
          }
          if (emitTokens) {
            const safe = stops.push(text);
            if (safe !== '' || !stops.stopped) yield { type: 'text-delta', text: safe, tokenIds: emitTokens };
            if (stops.stopped) {
              finishReason = 'stop';
              break;
            }
          }
          if (request.signal?.aborted) {
            yield abortedPart();
            return;
          }
          if (generated.length >= maxTokens) break;
        }
        // The loop ends without a break when llama.cpp hit an end-of-generation token.
        if (generated.length < maxTokens && !stops.stopped) finishReason = 'stop';
        const rest = stops.push(pending.length ? model.detokenize(pending) : '') + stops.flush();
        if (rest !== '' || pending.length) yield { type: 'text-delta', text: rest, tokenIds: pending };
      }
      yield { type: 'finish', finishReason, usage: meter.finish(loaded.context.currentThreads) };
    } catch (error) {
      yield { type: 'error', error: HearthError.from(error, 'engine_crashed').toJSON() };
    } finally {
      this.release(loaded, sequence);
    }
  }

  doGenerate(request: GenerateRequest): Promise<GenerateResult> {
    return collectStream(this.doStream(request));
  }

  async unload(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    if (!loaded) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
  }

  private promptTokens(request: GenerateRequest): Token[] {
    const { model, chatWrapper } = this.require();
    if (request.prompt.type === 'text') return model.tokenize(request.prompt.text, true);
    const history = request.prompt.messages.map((m): ChatHistoryItem =>
      m.role === 'assistant' ? { type: 'model' as const, response: [m.content] } : { type: m.role, text: m.content },
    );
    // A final assistant message is an answer begun elsewhere (a route that failed mid-stream):
    // leave that turn open so the model continues it, instead of starting a new one.
    if (history[history.length - 1]?.type !== 'model') history.push({ type: 'model', response: [] });
    const { contextText } = chatWrapper.generateContextState({ chatHistory: history });
    return contextText.tokenize(model.tokenizer);
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
