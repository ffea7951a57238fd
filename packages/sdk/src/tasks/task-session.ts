import { HearthError, type EngineV1, type GenerateRequest, type TokenLogprob } from '@hearth/spec';
import { buildTaskPrompt } from './build-task-prompt.ts';
import type { PromptPack, PromptTask } from './prompt-pack-schema.ts';
import type { PromptPackRef } from './prompt-packs.ts';
import {
  anySignal,
  collectTaskText,
  generateTaskText,
  joinContext,
  packsOrDefault,
  requireText,
  taskRequest,
  type GenerationOptions,
  type TaskCallOptions,
  type TaskSessionOptions,
  type TaskTextStream,
  type TextTaskResult,
} from './task-options.ts';

const NO_USAGE = { promptTokens: 0, completionTokens: 0, timeToFirstTokenMs: 0, prefillTokensPerSecond: 0, decodeTokensPerSecond: 0 };

/**
 * What Summarizer, Writer and Rewriter share: one engine, one pack chosen at creation, fixed
 * options, and `destroy()` (which, as in the drafts, aborts what is running and refuses new calls).
 */
export abstract class TaskSession {
  /** The prompt pack this session uses: id, version, family, and how it was chosen. */
  readonly pack: PromptPackRef;
  readonly sharedContext: string | undefined;
  protected readonly engine: EngineV1;
  private readonly packData: PromptPack;
  private readonly axisValues: Readonly<Record<string, string>>;
  private readonly generation: GenerationOptions;
  private readonly lifetime = new AbortController();

  protected constructor(task: PromptTask, options: TaskSessionOptions, axisValues: Readonly<Record<string, string>>) {
    if (typeof options.engine?.doStream !== 'function')
      throw new HearthError({ code: 'invalid_request', message: 'engine must be an EngineV1.', data: { field: 'engine' } });
    const selection: { family?: string; model?: NonNullable<TaskSessionOptions['model']> } = {};
    if (options.family !== undefined) selection.family = options.family;
    if (options.model !== undefined) selection.model = options.model;
    // Nothing named: the engine may know its model (Hearth Scribe, say, is trained on its own pack's prompts).
    else if (options.family === undefined && options.engine.modelName) selection.model = { name: options.engine.modelName };
    const { pack, ref } = packsOrDefault(options.packs).select(task, selection);
    this.engine = options.engine;
    this.pack = ref;
    this.packData = pack;
    this.axisValues = axisValues;
    this.sharedContext = options.sharedContext === undefined ? undefined : requireText('sharedContext', options.sharedContext);
    const generation: GenerationOptions = {};
    if (options.maxTokens !== undefined) generation.maxTokens = options.maxTokens;
    if (options.temperature !== undefined) generation.temperature = options.temperature;
    if (options.topP !== undefined) generation.topP = options.topP;
    if (options.seed !== undefined) generation.seed = options.seed;
    this.generation = generation;
    if (options.signal) {
      if (options.signal.aborted) this.destroy();
      else options.signal.addEventListener('abort', () => this.destroy(), { once: true });
    }
  }

  /** Aborts every running call and makes later calls fail with `aborted`. */
  destroy(): void {
    this.lifetime.abort(new HearthError({ code: 'aborted', message: 'The session was destroyed.' }));
  }

  /**
   * The task's result with the pack that produced it, the finish reason (`length` when the token
   * budget cut it) and the usage: what `summarize()`/`write()`/`rewrite()` return, in full.
   */
  async complete(input: string, options: TaskCallOptions = {}): Promise<TextTaskResult> {
    const request = this.request(input, options);
    if (request === undefined) return { text: '', finishReason: 'stop', usage: NO_USAGE, pack: this.pack, routes: [] };
    return { ...(await collectTaskText(this.engine, request)), pack: this.pack };
  }

  /**
   * `complete()` with each generated token's log-probability and its `top` likeliest alternatives
   * pushed onto `tokens`; an engine that reports none (`unsupported`) answers without them.
   */
  protected async completeWithTokens(input: string, options: TaskCallOptions, top: number, tokens: TokenLogprob[]): Promise<TextTaskResult> {
    const request = this.request(input, options);
    if (request === undefined) return { text: '', finishReason: 'stop', usage: NO_USAGE, pack: this.pack, routes: [] };
    try {
      return { ...(await collectTaskText(this.engine, { ...request, logprobs: top }, tokens)), pack: this.pack };
    } catch (error) {
      if (!(error instanceof HearthError) || error.code !== 'unsupported' || tokens.length > 0) throw error;
      return { ...(await collectTaskText(this.engine, request)), pack: this.pack };
    }
  }

  /** The pack's own generation settings (`minCorrectionMargin`, say). */
  protected get packGeneration(): PromptPack['generation'] {
    return this.packData.generation;
  }

  /** Text deltas as they are generated (concatenated, they are `complete()`'s text before its final trim). */
  protected streamText(input: string, options: TaskCallOptions = {}): TaskTextStream {
    // Checked now, so a bad argument throws at the call, not at the first read.
    const request = this.request(input, options);
    const engine = this.engine;
    async function* deltas(): AsyncGenerator<string, void> {
      if (request === undefined) return;
      yield* generateTaskText(engine, request);
    }
    return Object.assign(deltas(), { pack: this.pack });
  }

  /**
   * The engine request a call with this input would send (prompt and settings), or undefined when
   * it needs no model (a blank input with an empty answer): what input usage is measured on.
   */
  requestFor(input: string, options: TaskCallOptions = {}): GenerateRequest | undefined {
    return this.request(input, options);
  }

  /** Whether a blank input has an answer without the model (an empty summary) or is an error. */
  protected abstract blankInput(): 'empty' | 'reject';

  private request(input: unknown, options: TaskCallOptions): GenerateRequest | undefined {
    if (this.lifetime.signal.aborted) throw new HearthError({ code: 'aborted', message: 'The session was destroyed.' });
    const text = requireText('input', input);
    if (text.trim() === '') {
      if (this.blankInput() === 'empty') return undefined;
      throw new HearthError({ code: 'invalid_request', message: `Nothing to ${this.pack.task}: the input is empty.`, data: { field: 'input' } });
    }
    const context = joinContext(this.sharedContext, options.context === undefined ? undefined : requireText('context', options.context));
    const prompt = buildTaskPrompt(this.packData, { input: text, options: this.axisValues, ...(context === undefined ? {} : { context }) });
    return taskRequest(prompt, [this.generation, options], anySignal([this.lifetime.signal, options.signal]));
  }
}
