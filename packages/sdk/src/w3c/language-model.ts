import { HearthError, type ChatRole, type EngineV1, type GenerateRequest, type JsonSchema, type Prompt, type ToolCall, type Usage } from '@hearth/spec';
import type { CreateMonitorCallback } from './create-monitor.ts';
import { assertConstructing, CONSTRUCT, createAiModel, ModelLifetime, registerLifetime } from './destroyable-model.ts';
import { EventHandlerSlot } from './event-handler.ts';
import type { ModelTextStream } from './model-stream.ts';
import { estimateTokens, measurePrompt, type W3cHost } from './w3c-host.ts';
import { domException, quotaExceededError } from './w3c-errors.ts';
import {
  dictionary,
  enumValue,
  languageAvailability,
  languageTags,
  minimumAvailability,
  optionalBoolean,
  optionalSignal,
  type Availability,
} from './w3c-options.ts';

// The W3C LanguageModel (the Prompt API), after webmachinelearning/prompt-api index.bs and
// README @ 2e27365e (2026-06-22; last spec change f9c293b4, 2026-06-16): sessions that keep the
// conversation, `prompt()`/`promptStreaming()`/`append()` queued in call order, structured
// output with `responseConstraint`, context usage and overflow, `clone()` and `destroy()`.

export type LanguageModelMessageRole = ChatRole;
export type LanguageModelMessageType = 'text' | 'image' | 'audio' | 'tool-call' | 'tool-response';
export type LanguageModelSamplingMode = 'most-predictable' | 'predictable' | 'balanced' | 'creative' | 'most-creative';

export interface LanguageModelMessageContent {
  type: LanguageModelMessageType;
  value: unknown;
}

export interface LanguageModelMessage {
  role: LanguageModelMessageRole;
  content: string | readonly LanguageModelMessageContent[];
  /** On a final assistant message: the model continues it instead of starting a new answer. */
  prefix?: boolean;
}

/** A string (one user message) or messages. */
export type LanguageModelPrompt = string | readonly LanguageModelMessage[];

export interface LanguageModelExpected {
  type: LanguageModelMessageType;
  languages?: readonly string[];
}

export interface LanguageModelTool {
  name: string;
  description: string;
  inputSchema: object;
  execute: (...args: never[]) => Promise<string>;
}

export interface LanguageModelCreateCoreOptions {
  /** Legacy in the draft (extension contexts): accepted and reported, not enforced (Hearth's engines take no top-K). */
  topK?: number;
  /** Legacy in the draft (extension contexts): honoured by Hearth. Not together with `samplingMode`. */
  temperature?: number;
  samplingMode?: LanguageModelSamplingMode;
  expectedInputs?: readonly LanguageModelExpected[];
  expectedOutputs?: readonly LanguageModelExpected[];
  /**
   * Tools the model may call, run by Hearth (the draft's closed loop): `execute` gets the arguments,
   * validated against `inputSchema`, and its string result goes back to the model. The draft's open
   * loop (`tool-call` outputs returned to the page) is not supported: those types are `unavailable`.
   */
  tools?: readonly LanguageModelTool[];
}

export interface LanguageModelCreateOptions extends LanguageModelCreateCoreOptions {
  signal?: AbortSignal;
  monitor?: CreateMonitorCallback;
  initialPrompts?: readonly LanguageModelMessage[];
}

export interface LanguageModelPromptOptions {
  /** A JSON Schema the answer must be valid against: the answer is JSON text (`JSON.parse` it). */
  responseConstraint?: object;
  /** Leave the schema out of the prompt (the draft lets implementations add it; Hearth does, by default). */
  omitResponseConstraintInput?: boolean;
  signal?: AbortSignal;
}

export interface LanguageModelAppendOptions {
  signal?: AbortSignal;
}

export interface LanguageModelCloneOptions {
  signal?: AbortSignal;
}

export interface LanguageModelParams {
  defaultTopK: number;
  maxTopK: number;
  defaultTemperature: number;
  maxTemperature: number;
}

/**
 * The temperature each of the draft's sampling modes runs at. "most-predictable" is greedy, for
 * reproducible output; the others step up to where small models still stay coherent.
 */
export const SAMPLING_TEMPERATURE = { 'most-predictable': 0, predictable: 0.3, balanced: 0.7, creative: 1, 'most-creative': 1.3 } as const satisfies Record<
  LanguageModelSamplingMode,
  number
>;

/** `LanguageModel.params()`: 2 is the highest temperature every Hearth engine accepts; 40 is llama.cpp's default top-K. */
export const LANGUAGE_MODEL_PARAMS = {
  defaultTopK: 40,
  maxTopK: 128,
  defaultTemperature: SAMPLING_TEMPERATURE.balanced,
  maxTemperature: 2,
} as const satisfies LanguageModelParams;

const ROLES: readonly ChatRole[] = ['system', 'user', 'assistant'];
const TYPES: readonly LanguageModelMessageType[] = ['text', 'image', 'audio', 'tool-call', 'tool-response'];
const MODES: readonly LanguageModelSamplingMode[] = ['most-predictable', 'predictable', 'balanced', 'creative', 'most-creative'];

/** A message in the draft's canonical ("longhand") form, with its text content collapsed to one string. */
interface Turn {
  role: ChatRole;
  content: string;
  prefix: boolean;
  toolCalls?: ToolCall[];
  toolCallId?: string;
}

/** Tool rounds in one prompt before the model must answer in text (the draft leaves the bound to the user agent). */
const MAX_TOOL_ROUNDS = 8;

interface Config {
  samplingMode: LanguageModelSamplingMode;
  temperature: number;
  topK: number;
  expectedInputs: Array<{ type: LanguageModelMessageType; languages: string[] | undefined }>;
  expectedOutputs: Array<{ type: LanguageModelMessageType; languages: string[] | undefined }>;
  tools: LanguageModelTool[];
}

function canonicalCore(o: Record<string, unknown>): Config {
  const raw = o['temperature'] !== undefined || o['topK'] !== undefined;
  // README, "Legacy: Configuration of per-session raw parameters": both kinds at once is a TypeError.
  if (raw && o['samplingMode'] !== undefined) throw new TypeError('Pass samplingMode or temperature/topK, not both.');
  // The IDL's default member "default" is no value of its enum; the README names "balanced" the default.
  const samplingMode = enumValue('LanguageModelSamplingMode', o['samplingMode'], MODES, 'balanced');
  let temperature: number = SAMPLING_TEMPERATURE[samplingMode];
  if (o['temperature'] !== undefined) {
    const t = Number(o['temperature']);
    if (!(t >= 0)) throw new RangeError('temperature must be 0 or more.');
    temperature = Math.min(t, LANGUAGE_MODEL_PARAMS.maxTemperature);
  }
  let topK: number = LANGUAGE_MODEL_PARAMS.defaultTopK;
  if (o['topK'] !== undefined) {
    const k = Number(o['topK']);
    if (!(k >= 1)) throw new RangeError('topK must be 1 or more.');
    topK = Math.min(Math.floor(k), LANGUAGE_MODEL_PARAMS.maxTopK);
  }
  const tools = o['tools'] === undefined ? [] : sequence('tools', o['tools']);
  for (const tool of tools) {
    const t = dictionary('tool', tool);
    if (typeof t['name'] !== 'string' || typeof t['description'] !== 'string' || typeof t['inputSchema'] !== 'object' || typeof t['execute'] !== 'function')
      throw new TypeError('A tool needs name, description, inputSchema and execute.');
    const schema = t['inputSchema'] as Record<string, unknown> | null;
    if (schema === null || schema['type'] !== 'object') throw new TypeError(`The inputSchema of tool "${t['name']}" must have type "object".`);
  }
  return {
    samplingMode,
    temperature,
    topK,
    expectedInputs: expected('expectedInputs', o['expectedInputs']),
    expectedOutputs: expected('expectedOutputs', o['expectedOutputs']),
    tools: tools as LanguageModelTool[],
  };
}

function expected(field: string, value: unknown): Config['expectedInputs'] {
  if (value === undefined) return [];
  return sequence(field, value).map((item) => {
    const e = dictionary(field, item);
    if (e['type'] === undefined) throw new TypeError(`${field}[].type is required.`);
    return { type: enumValue('LanguageModelMessageType', e['type'], TYPES, 'text'), languages: languageTags(`${field}[].languages`, e['languages']) };
  });
}

function sequence(field: string, value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null || !(Symbol.iterator in value)) throw new TypeError(`${field} must be a sequence.`);
  return [...(value as Iterable<unknown>)];
}

/**
 * The draft's "validate and canonicalize a prompt", for text: a string is one user message, an
 * empty list one empty user message; `prefix` only on a final assistant message (SyntaxError);
 * a system message only first in a session (TypeError); image and audio content are
 * NotSupportedError (no Hearth model takes them), any other non-string value a TypeError.
 */
function canonicalPrompt(input: unknown, hasAppendedInput: boolean, field = 'input'): Turn[] {
  if (typeof input !== 'object' || input === null || !(Symbol.iterator in input)) return [{ role: 'user', content: String(input), prefix: false }];
  const messages = [...(input as Iterable<unknown>)];
  if (messages.length === 0) return [{ role: 'user', content: '', prefix: false }];
  let appended = hasAppendedInput;
  return messages.map((item, i) => {
    const m = dictionary(`${field}[${i}]`, item);
    if (m['role'] === undefined || m['content'] === undefined) throw new TypeError(`${field}[${i}] needs role and content.`);
    const role = enumValue('LanguageModelMessageRole', m['role'], ROLES, 'user');
    const prefix = optionalBoolean(m['prefix'], false);
    if (prefix && (role !== 'assistant' || i !== messages.length - 1))
      throw domException('prefix is allowed only on the last message, an assistant one.', 'SyntaxError');
    if (role === 'system' && appended) throw new TypeError('A system message must be the first message of the session.');
    appended = true;
    return { role, content: textContent(m['content'], role, `${field}[${i}].content`), prefix };
  });
}

function textContent(content: unknown, role: ChatRole, field: string): string {
  if (typeof content !== 'object' || content === null || !(Symbol.iterator in content)) return String(content);
  let text = '';
  for (const item of content as Iterable<unknown>) {
    const c = dictionary(field, item);
    if (c['type'] === undefined || !('value' in c)) throw new TypeError(`${field}[] needs type and value.`);
    const type = enumValue('LanguageModelMessageType', c['type'], TYPES, 'text');
    if (type !== 'text')
      throw domException(role === 'assistant' ? 'Assistant messages carry text only.' : `Hearth's models take text only, not ${type}.`, 'NotSupportedError');
    if (typeof c['value'] !== 'string') throw new TypeError(`${field}[]: a text value must be a string.`);
    // Contiguous text is joined with nothing between, as the draft does.
    text += c['value'];
  }
  return text;
}

function responseConstraint(options: Record<string, unknown>): { schema: JsonSchema | undefined; omit: boolean } {
  const constraint = options['responseConstraint'];
  const omit = optionalBoolean(options['omitResponseConstraintInput'], false);
  if (omit && constraint === undefined) throw new TypeError('omitResponseConstraintInput needs a responseConstraint.');
  if (constraint === undefined || constraint === null) return { schema: undefined, omit };
  if (constraint instanceof RegExp) throw domException('Hearth constrains answers by JSON Schema; a RegExp constraint is not supported.', 'NotSupportedError');
  if (typeof constraint !== 'object' || Array.isArray(constraint)) throw new TypeError('responseConstraint must be a JSON Schema object or a RegExp.');
  return { schema: constraint as JsonSchema, omit };
}

/** The draft lets an implementation add a message guiding the model to the schema: Hearth adds it to the last user turn. */
function withSchemaGuidance(turns: readonly Turn[], schema: JsonSchema): Turn[] {
  const guidance = `Answer with JSON only, valid against this JSON Schema: ${JSON.stringify(schema)}`;
  const out = [...turns];
  for (let i = out.length - 1; i >= 0; i--) {
    const turn = out[i]!;
    if (turn.role === 'user') {
      out[i] = { ...turn, content: `${turn.content}\n\n${guidance}` };
      return out;
    }
  }
  const at = out.at(-1)?.prefix ? out.length - 1 : out.length;
  out.splice(at, 0, { role: 'user', content: guidance, prefix: false });
  return out;
}

function chat(turns: readonly Turn[]): Prompt {
  return {
    type: 'chat',
    messages: turns.map(({ role, content, toolCalls, toolCallId }) => ({
      role,
      content,
      ...(toolCalls ? { toolCalls } : {}),
      ...(toolCallId === undefined ? {} : { toolCallId }),
    })),
  };
}

async function languageModelAvailability(host: W3cHost, config: Config): Promise<Availability> {
  const [{ status }, supported] = await Promise.all([host.hearth.availability('chat'), host.languagesFor('chat')]);
  const all = [status];
  // Text in, text out: Hearth's models take no images or audio; tools run in the closed loop only.
  for (const e of [...config.expectedInputs, ...config.expectedOutputs])
    all.push(e.type === 'text' ? 'available' : 'unavailable', languageAvailability(e.languages, supported));
  return minimumAvailability(all);
}

interface ParsedPrompt {
  turns: Turn[];
  schema: JsonSchema | undefined;
  omit: boolean;
  signal: AbortSignal | undefined;
}

interface State {
  engine: EngineV1;
  config: Config;
  initial: Turn[];
  history: Turn[];
  usage: number;
  window: number;
}

/**
 * The `LanguageModel` global `installHearth()` defines: the Prompt API over `hearth.engineFor('chat')`.
 * Each prompt sends the whole conversation (initial prompts, then earlier turns) to the route the
 * plan picks, so a session continues on the gateway if the device fails.
 *
 * @example
 * const session = await LanguageModel.create({ initialPrompts: [{ role: 'system', content: 'Answer briefly.' }] });
 * const { rating } = JSON.parse(await session.prompt('Rate this review from 0 to 5: …', { responseConstraint: schema }));
 */
export function languageModelClass(host: W3cHost) {
  return class LanguageModel extends EventTarget {
    readonly #engine: EngineV1;
    readonly #config: Config;
    readonly #initial: Turn[];
    #history: Turn[];
    #usage: number;
    #window: number;
    readonly #lifetime = new ModelLifetime();
    /** Settles when the last queued prompt or append has; each waits for the one before. */
    #tail: Promise<void> = Promise.resolve();
    readonly #oncontextoverflow = new EventHandlerSlot(this, 'contextoverflow');
    readonly #onquotaoverflow = new EventHandlerSlot(this, 'quotaoverflow');

    constructor(token: typeof CONSTRUCT, state: State) {
      assertConstructing(token);
      super();
      this.#engine = state.engine;
      this.#config = state.config;
      this.#initial = state.initial;
      this.#history = state.history;
      this.#usage = state.usage;
      this.#window = state.window;
      registerLifetime(this, this.#lifetime);
    }

    static async create(options?: LanguageModelCreateOptions): Promise<LanguageModel> {
      const o = dictionary('options', options);
      const config = canonicalCore(o);
      const initial = o['initialPrompts'] === undefined ? [] : canonicalPrompt(sequence('initialPrompts', o['initialPrompts']), false, 'initialPrompts');
      const signal = optionalSignal('signal', o['signal']);
      return createAiModel<LanguageModel>(signal, o['monitor'], {
        availability: () => languageModelAvailability(host, config),
        prepare: (s, monitor) => host.hearth.prepare({ task: 'chat', ...(s ? { signal: s } : {}), ...(monitor ? { monitor } : {}) }),
        build: async (_prepared, s) => {
          const engine = host.engineFor('chat');
          let window = await host.contextWindowFor('chat');
          let usage = 0;
          if (initial.length > 0) {
            const measured = await measurePrompt(engine, { prompt: chat(initial) }, s);
            window = measured.contextSize ?? window;
            // Initial prompts are never evicted: if they do not fit, nothing can run.
            if (measured.tokens >= window) throw quotaExceededError(measured.tokens, window);
            usage = measured.tokens;
          }
          return new LanguageModel(CONSTRUCT, { engine, config, initial, history: [], usage, window });
        },
      });
    }

    static async availability(options?: LanguageModelCreateCoreOptions): Promise<Availability> {
      return languageModelAvailability(host, canonicalCore(dictionary('options', options)));
    }

    /** The sampling limits (the draft keeps this for extension contexts); null where no model can run. */
    static async params(): Promise<LanguageModelParams | null> {
      return (await host.hearth.availability('chat')).status === 'unavailable' ? null : { ...LANGUAGE_MODEL_PARAMS };
    }

    /** Tokens the conversation takes now: initial prompts, then every prompt and answer kept. */
    get contextUsage(): number {
      return this.#usage;
    }

    /** The context size in tokens (`+Infinity` until an engine whose size Hearth cannot plan reports it). */
    get contextWindow(): number {
      return this.#window;
    }

    /** Deprecated name of `contextUsage` (the draft keeps it for extensions). */
    get inputUsage(): number {
      return this.#usage;
    }

    /** Deprecated name of `contextWindow`. */
    get inputQuota(): number {
      return this.#window;
    }

    get topK(): number {
      return this.#config.topK;
    }

    get temperature(): number {
      return this.#config.temperature;
    }

    get samplingMode(): LanguageModelSamplingMode {
      return this.#config.samplingMode;
    }

    get oncontextoverflow(): ((event: Event) => unknown) | null {
      return this.#oncontextoverflow.get();
    }

    set oncontextoverflow(handler: ((event: Event) => unknown) | null) {
      this.#oncontextoverflow.set(handler);
    }

    get onquotaoverflow(): ((event: Event) => unknown) | null {
      return this.#onquotaoverflow.get();
    }

    set onquotaoverflow(handler: ((event: Event) => unknown) | null) {
      this.#onquotaoverflow.set(handler);
    }

    /** The model's answer to `input`, after the conversation so far; kept in the session once complete. */
    prompt(input: LanguageModelPrompt, options?: LanguageModelPromptOptions): Promise<string> {
      let parsed: ParsedPrompt;
      try {
        parsed = this.#parsePrompt(input, options);
      } catch (error) {
        return Promise.reject(error);
      }
      return this.#lifetime.aggregate(parsed.signal, async (signal) => {
        let text = '';
        for await (const chunk of this.#respond(parsed.turns, parsed.schema, parsed.omit, signal)) text += chunk;
        return text;
      });
    }

    /** The answer as a ReadableStream of text chunks. */
    promptStreaming(input: LanguageModelPrompt, options?: LanguageModelPromptOptions): ModelTextStream {
      const parsed = this.#parsePrompt(input, options);
      return this.#lifetime.streaming(parsed.signal, (signal) => this.#respond(parsed.turns, parsed.schema, parsed.omit, signal));
    }

    /** Adds messages to the conversation without asking for an answer; resolves once the model has them (counted). */
    append(input: LanguageModelPrompt, options?: LanguageModelAppendOptions): Promise<undefined> {
      let turns: Turn[];
      let callSignal: AbortSignal | undefined;
      try {
        turns = canonicalPrompt(input, this.#context().length > 0);
        callSignal = optionalSignal('signal', dictionary('options', options)['signal']);
      } catch (error) {
        return Promise.reject(error);
      }
      return this.#lifetime.aggregate(callSignal, (signal) =>
        this.#inTurn(signal, async () => {
          this.#checkSystem(turns);
          for (;;) {
            const measured = await measurePrompt(this.#engine, { prompt: chat([...this.#context(), ...turns]) }, signal);
            this.#window = measured.contextSize ?? this.#window;
            if (measured.tokens < this.#window) {
              this.#history.push(...turns.map((t) => ({ ...t, prefix: false })));
              this.#usage = measured.tokens;
              return undefined;
            }
            if (!this.#evictOldest()) throw quotaExceededError(measured.tokens, this.#window);
          }
        }),
      );
    }

    /**
     * Tokens `input` would add to the conversation, chat template and schema guidance included,
     * counted by the engine (a prefill of the conversation with and without it).
     */
    measureContextUsage(input: LanguageModelPrompt, options?: LanguageModelPromptOptions): Promise<number> {
      let parsed: ParsedPrompt;
      try {
        const o = dictionary('options', options);
        parsed = { turns: canonicalPrompt(input, false), ...responseConstraint(o), signal: optionalSignal('signal', o['signal']) };
      } catch (error) {
        return Promise.reject(error);
      }
      return this.#lifetime.aggregate(parsed.signal, async (signal) => {
        const context = this.#context();
        const sent = parsed.schema && !parsed.omit ? withSchemaGuidance(parsed.turns, parsed.schema) : parsed.turns;
        const total = (await measurePrompt(this.#engine, { prompt: chat([...context, ...sent]) }, signal)).tokens;
        const before = context.length > 0 ? (await measurePrompt(this.#engine, { prompt: chat(context) }, signal)).tokens : 0;
        return Math.max(0, total - before);
      });
    }

    /** Deprecated name of `measureContextUsage()`. */
    measureInputUsage(input: LanguageModelPrompt, options?: LanguageModelPromptOptions): Promise<number> {
      return this.measureContextUsage(input, options);
    }

    /** A new session with this one's options and conversation so far; the two go on separately. */
    clone(options?: LanguageModelCloneOptions): Promise<LanguageModel> {
      let callSignal: AbortSignal | undefined;
      try {
        callSignal = optionalSignal('signal', dictionary('options', options)['signal']);
      } catch (error) {
        return Promise.reject(error);
      }
      return this.#lifetime.aggregate(callSignal, async () => {
        const copy = new LanguageModel(CONSTRUCT, {
          engine: this.#engine,
          config: this.#config,
          initial: [...this.#initial],
          history: [...this.#history],
          usage: this.#usage,
          window: this.#window,
        });
        callSignal?.addEventListener('abort', () => copy.destroy(), { once: true });
        return copy;
      });
    }

    /** Rejects running prompts and errors their streams with an "AbortError" DOMException; later calls reject. */
    destroy(): void {
      this.#lifetime.destroy();
    }

    /** Validates a prompt call's arguments at the call, so a bad one throws (or rejects) at once. */
    #parsePrompt(input: unknown, options: unknown): ParsedPrompt {
      const o = dictionary('options', options);
      const { schema, omit } = responseConstraint(o);
      return { turns: canonicalPrompt(input, this.#context().length > 0), schema, omit, signal: optionalSignal('signal', o['signal']) };
    }

    #context(): Turn[] {
      return [...this.#initial, ...this.#history];
    }

    /**
     * Generates the answer to `turns` after the conversation, in this session's queue. A prompt
     * that no longer fits evicts the oldest prompt/answer pairs (never the initial prompts) and
     * fires `contextoverflow`; one that cannot fit at all is a QuotaExceededError. The turn and
     * its answer join the conversation only once the answer is complete.
     */
    async *#respond(turns: Turn[], schema: JsonSchema | undefined, omit: boolean, signal: AbortSignal): AsyncGenerator<string, void> {
      // Taken when the call is made (this runs up to its first await then), so calls keep their order.
      const turn = this.#enqueue();
      try {
        await untilReady(turn.ready, signal);
        this.#checkSystem(turns);
        const sent = schema && !omit ? withSchemaGuidance(turns, schema) : turns;
        // The calls and results of this prompt's tool rounds, kept with it in the conversation.
        const rounds: Turn[] = [];
        for (;;) {
          const request: GenerateRequest = { prompt: chat([...this.#context(), ...sent, ...rounds]), temperature: this.#config.temperature, signal };
          if (schema) request.responseFormat = { type: 'json_schema', schema };
          const tools = this.#config.tools;
          if (tools.length > 0 && !schema) {
            request.tools = tools.map((t) => ({ name: t.name, description: t.description, parameters: t.inputSchema as JsonSchema }));
            request.toolChoice = rounds.length / 2 >= MAX_TOOL_ROUNDS ? 'none' : 'auto';
            // One call a round, several rounds: a model that keeps adding calls to one round
            // could run out of tokens mid-list, where a round always ends with its call.
            request.parallelToolCalls = false;
          }
          let text = '';
          const calls: ToolCall[] = [];
          let called = false;
          let failure: HearthError | undefined;
          for await (const part of this.#engine.doStream(request)) {
            if (part.type === 'text-delta') {
              text += part.text;
              if (part.text !== '') yield part.text;
            } else if (part.type === 'tool-call-delta') {
              const call = (calls[part.index] ??= { id: part.id ?? '', name: part.name ?? '', arguments: '' });
              call.arguments += part.argumentsText;
            } else if (part.type === 'finish' && part.finishReason === 'tool_calls') {
              rounds.push({ role: 'assistant', content: '', prefix: false, toolCalls: calls }, ...(await runTools(tools, calls, signal)));
              called = true;
              break;
            } else if (part.type === 'finish') {
              this.#keep([...turns, ...rounds], text, part.usage);
              return;
            } else if (part.type === 'error') {
              failure = HearthError.fromJSON(part.error);
              break;
            }
          }
          if (called) continue;
          failure ??= new HearthError({ code: 'internal', message: `The ${this.#engine.engineId} stream ended without a finish part.` });
          if (failure.code !== 'context_full' || text !== '') throw failure;
          const contextSize = failure.data?.['contextSize'];
          if (typeof contextSize === 'number') this.#window = contextSize;
          if (!this.#evictOldest()) {
            const requested = failure.data?.['promptTokens'];
            throw quotaExceededError(typeof requested === 'number' ? requested : NaN, this.#window, failure);
          }
        }
      } finally {
        turn.release();
      }
    }

    async #inTurn<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
      const turn = this.#enqueue();
      try {
        await untilReady(turn.ready, signal);
        return await work();
      } finally {
        turn.release();
      }
    }

    #enqueue(): { ready: Promise<void>; release: () => void } {
      let release!: () => void;
      const done = new Promise<void>((resolve) => (release = resolve));
      const ready = this.#tail;
      this.#tail = ready.then(() => done);
      return { ready, release };
    }

    /** Checked again when the turn starts: an earlier queued call may have begun the conversation since. */
    #checkSystem(turns: readonly Turn[]): void {
      if (this.#context().length > 0 && turns.some((t) => t.role === 'system'))
        throw new TypeError('A system message must be the first message of the session.');
    }

    #keep(turns: readonly Turn[], answer: string, usage: Usage): void {
      const last = turns.at(-1);
      // A prefix and its continuation are one assistant message.
      if (last?.prefix) this.#history.push(...turns.slice(0, -1), { role: 'assistant', content: last.content + answer, prefix: false });
      else this.#history.push(...turns, { role: 'assistant', content: answer, prefix: false });
      this.#usage = usage.promptTokens > 0 ? usage.promptTokens + usage.completionTokens : estimateTokens(this.#context());
    }

    /** Drops the oldest prompt and its answer; false when only initial prompts are left. */
    #evictOldest(): boolean {
      if (this.#history.length === 0) return false;
      const answer = this.#history.findIndex((t) => t.role === 'assistant');
      this.#history.splice(0, answer === -1 ? 1 : answer + 1);
      this.dispatchEvent(new Event('contextoverflow'));
      this.dispatchEvent(new Event('quotaoverflow'));
      return true;
    }
  };
}

function untilReady(ready: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void ready.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

export type LanguageModelClass = ReturnType<typeof languageModelClass>;
export type W3cLanguageModel = InstanceType<LanguageModelClass>;

/**
 * Runs a round of calls at once (the draft: concurrently, then all results back to the model) and
 * returns their results as tool turns. A tool that throws answers with its error message, so the
 * model can recover; the page's own abort stops the prompt.
 */
async function runTools(tools: readonly LanguageModelTool[], calls: readonly ToolCall[], signal: AbortSignal): Promise<Turn[]> {
  const results = await Promise.all(
    calls.map(async (call) => {
      const tool = tools.find((t) => t.name === call.name);
      try {
        if (!tool) throw new Error(`no tool named ${call.name}`);
        const execute = tool.execute as (args: unknown) => Promise<unknown>;
        return String(await execute(JSON.parse(call.arguments)));
      } catch (error) {
        if (signal.aborted) throw error;
        return JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
  return calls.map((call, i): Turn => ({ role: 'tool', content: results[i] ?? '', prefix: false, toolCallId: call.id }));
}
