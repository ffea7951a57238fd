import type { EngineV1 } from '@hearth/spec';
import { joinContext, type TaskCallOptions, type TaskTextStream } from '../tasks/task-options.ts';
import type { TaskSession } from '../tasks/task-session.ts';
import type { CreateMonitorCallback } from './create-monitor.ts';
import { assertConstructing, emptyText, ModelLifetime, registerLifetime, type CONSTRUCT } from './destroyable-model.ts';
import type { ModelTextStream } from './model-stream.ts';
import { countPromptTokens, type W3cHost, type W3cTask } from './w3c-host.ts';
import {
  dictionary,
  domString,
  frozenOrNull,
  languageAvailability,
  languageName,
  languageTag,
  languageTags,
  minimumAvailability,
  optionalSignal,
  type Availability,
} from './w3c-options.ts';

// What Summarizer, Writer and Rewriter share, from webmachinelearning/writing-assistance-apis
// (README and index.bs @ e411ad76, 2026-08-03): the language options, sharedContext, the
// per-call `context` and `signal`, inputQuota and measureInputUsage(), and destroy().

/** The language members of every writing-assistance `…CreateCoreOptions`. */
export interface LanguageOptions {
  expectedInputLanguages?: readonly string[];
  expectedContextLanguages?: readonly string[];
  outputLanguage?: string;
}

/** What every writing-assistance `create()` takes beside its own enums. */
export interface WritingAssistantCreateOptions extends LanguageOptions {
  signal?: AbortSignal;
  monitor?: CreateMonitorCallback;
  sharedContext?: string;
}

/** `summarize()`/`write()`/`rewrite()` options. */
export interface WritingAssistantCallOptions {
  context?: string;
  signal?: AbortSignal;
}

/** The language options, validated and canonicalized (RangeError for a malformed tag). */
export function canonicalLanguages(options: Record<string, unknown>): LanguageOptions {
  const out: LanguageOptions = {};
  const input = languageTags('expectedInputLanguages', options['expectedInputLanguages']);
  const context = languageTags('expectedContextLanguages', options['expectedContextLanguages']);
  const output = languageTag('outputLanguage', options['outputLanguage']);
  if (input) out.expectedInputLanguages = input;
  if (context) out.expectedContextLanguages = context;
  if (output) out.outputLanguage = output;
  return out;
}

/** Hearth's availability for the task, lowered to `unavailable` when the model does not document a requested language. */
export async function writingAvailability(host: W3cHost, task: W3cTask, languages: LanguageOptions): Promise<Availability> {
  const [{ status }, supported] = await Promise.all([host.hearth.availability(task), host.languagesFor(task)]);
  const requested = [
    ...(languages.expectedInputLanguages ?? []),
    ...(languages.expectedContextLanguages ?? []),
    ...(languages.outputLanguage ? [languages.outputLanguage] : []),
  ];
  return minimumAvailability([status, languageAvailability(requested, supported)]);
}

/**
 * The task session's shared context: the app's, and the output language as an instruction where
 * one was asked for (Hearth's prompt packs have no language axis).
 */
export function taskSharedContext(sharedContext: string | undefined, outputLanguage: string | undefined): string | undefined {
  return joinContext(sharedContext, outputLanguage ? `Write the answer in ${languageName(outputLanguage)}.` : undefined);
}

export interface WritingAssistantState<S extends TaskSession> {
  task: S;
  engine: EngineV1;
  sharedContext: string;
  languages: LanguageOptions;
  inputQuota: number;
}

/** A created Summarizer, Writer or Rewriter: one Hearth task session behind the drafts' shape. */
export abstract class WritingAssistant<S extends TaskSession> {
  readonly #session: S;
  readonly #engine: EngineV1;
  readonly #lifetime: ModelLifetime;
  readonly #sharedContext: string;
  readonly #languages: LanguageOptions;
  readonly #inputQuota: number;

  protected constructor(token: typeof CONSTRUCT, state: WritingAssistantState<S>) {
    assertConstructing(token);
    this.#session = state.task;
    this.#engine = state.engine;
    this.#sharedContext = state.sharedContext;
    this.#languages = state.languages;
    this.#inputQuota = state.inputQuota;
    this.#lifetime = new ModelLifetime(() => state.task.destroy());
    registerLifetime(this, this.#lifetime);
  }

  /** The Hearth task session that does the work (a prototype getter, so no own property shows it). */
  protected get session(): S {
    return this.#session;
  }

  get sharedContext(): string {
    return this.#sharedContext;
  }

  get expectedInputLanguages(): readonly string[] | null {
    return frozenOrNull(this.#languages.expectedInputLanguages);
  }

  get expectedContextLanguages(): readonly string[] | null {
    return frozenOrNull(this.#languages.expectedContextLanguages);
  }

  get outputLanguage(): string | null {
    return this.#languages.outputLanguage ?? null;
  }

  /** Tokens the model takes per call (its context size); `+Infinity` where the engine's limit is not known ahead. */
  get inputQuota(): number {
    return this.#inputQuota;
  }

  /**
   * Tokens a call with this input and context would send to the model, instructions and chat
   * template included, counted by the engine itself (one prefill); 0 for a blank input, which
   * needs no model.
   */
  measureInputUsage(input: string, options?: WritingAssistantCallOptions): Promise<number> {
    return this.#call(input, options, async (text, call, signal) => {
      const request = text.trim() === '' ? undefined : this.session.requestFor(text, call);
      return request ? countPromptTokens(this.#engine, request, signal) : 0;
    });
  }

  /** Aborts every running call and stream with an "AbortError" DOMException and refuses later ones; the model stays loaded for other objects. */
  destroy(): void {
    this.#lifetime.destroy();
  }

  /** One aggregated call: the whole text, rejected with the abort reason when aborted or destroyed. */
  protected run(input: unknown, options: unknown, call: (input: string, options: TaskCallOptions) => Promise<string>): Promise<string> {
    return this.#call(input, options, (text, callOptions) => (text.trim() === '' ? Promise.resolve('') : call(text, callOptions)));
  }

  /** One streaming call: a ReadableStream of text deltas. */
  protected runStreaming(input: unknown, options: unknown, stream: (input: string, options: TaskCallOptions) => TaskTextStream): ModelTextStream {
    const text = domString('input', input, true)!;
    const { context, signal } = callOptions(options);
    return this.#lifetime.streaming(signal, (running) => (text.trim() === '' ? emptyText() : stream(text, taskCall(context, running))));
  }

  #call<T>(input: unknown, options: unknown, operation: (input: string, call: TaskCallOptions, signal: AbortSignal) => Promise<T>): Promise<T> {
    let text: string;
    let parsed: { context: string | undefined; signal: AbortSignal | undefined };
    try {
      text = domString('input', input, true)!;
      parsed = callOptions(options);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#lifetime.aggregate(parsed.signal, (signal) => operation(text, taskCall(parsed.context, signal), signal));
  }
}

function callOptions(options: unknown): { context: string | undefined; signal: AbortSignal | undefined } {
  const o = dictionary('options', options);
  return { context: domString('context', o['context'], false), signal: optionalSignal('signal', o['signal']) };
}

function taskCall(context: string | undefined, signal: AbortSignal): TaskCallOptions {
  const call: TaskCallOptions = { signal };
  if (context !== undefined) call.context = context;
  return call;
}
