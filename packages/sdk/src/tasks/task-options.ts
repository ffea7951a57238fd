import { HearthError, type EngineV1, type FinishReason, type GenerateRequest, type RouteInfo, type TokenLogprob, type Usage } from '@hearth/spec';
import type { TaskPrompt } from './build-task-prompt.ts';
import type { ModelHints } from './detect-prompt-family.ts';
import { PromptPacks, type PromptPackRef } from './prompt-packs.ts';

/** Which pack a task uses: from a registry (default: the shipped packs), by family or by model. */
export interface PackOptions {
  /** Default: the packs Hearth ships. Pass `PromptPacks.shipped()` with your overrides registered. */
  packs?: PromptPacks;
  /** Names the prompt family (`chatml`, `llama3`, `mistral`, `phi`, `gemma`, `hearth-demo`, or an app's own). */
  family?: string;
  /** Detects the family when none is named: GGUF metadata (`modelHintsFromGguf`), `ModelInfo`, or a name. */
  model?: ModelHints;
}

/** Replace the pack's generation settings. */
export interface GenerationOptions {
  /** Default: the pack's budget for the input and options (the tiny demo model never stops by itself). */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  seed?: number;
}

/** Per call. */
export interface TaskCallOptions extends GenerationOptions {
  /** Background the model should know for this call (the drafts' `context`). */
  context?: string;
  signal?: AbortSignal;
}

/** What creating a session takes. */
export interface TaskSessionOptions extends PackOptions, GenerationOptions {
  engine: EngineV1;
  /** Background for every call (the drafts' `sharedContext`). */
  sharedContext?: string;
  /** Aborting it destroys the session, as in the drafts. */
  signal?: AbortSignal;
}

/** A plain-text task's result, with the pack that produced it. */
export interface TextTaskResult {
  /** Plain text (Markdown when the format asked for it): put it in the page as text, or through `renderMarkdownSafely` from @hearth/ui. */
  text: string;
  /** `length`: the token budget cut the text short. */
  finishReason: FinishReason;
  usage: Usage;
  pack: PromptPackRef;
  /** Where the answer ran, in order (more than one when a route failed mid-answer); empty for a bare engine. */
  routes: RouteInfo[];
}

/** Streamed text deltas, with the pack producing them. */
export type TaskTextStream = AsyncIterable<string> & { readonly pack: PromptPackRef };

let defaultPacks: PromptPacks | undefined;

/** The shipped packs, shared by calls that pass none; no one else holds this registry, so nothing can change it. */
export function packsOrDefault(packs: PromptPacks | undefined): PromptPacks {
  if (packs) return packs;
  defaultPacks ??= PromptPacks.shipped();
  return defaultPacks;
}

/** The value of a task option, checked at run time too (apps call from plain JavaScript). */
export function pickOption<const V extends string>(field: string, value: unknown, allowed: readonly V[], fallback: V): V {
  if (value === undefined) return fallback;
  const found = allowed.find((v) => v === value);
  if (found === undefined) {
    throw new HearthError({
      code: 'invalid_request',
      message: `${field} must be one of ${allowed.map((v) => `"${v}"`).join(', ')}; got ${JSON.stringify(value)}.`,
      data: { field },
    });
  }
  return found;
}

export function requireText(field: string, value: unknown): string {
  if (typeof value !== 'string')
    throw new HearthError({ code: 'invalid_request', message: `${field} must be a string; got ${value === null ? 'null' : typeof value}.`, data: { field } });
  return value;
}

/** Joins the session's and the call's context, as the drafts do. */
export function joinContext(shared: string | undefined, call: string | undefined): string | undefined {
  const parts = [shared, call].filter((c): c is string => typeof c === 'string' && c.trim() !== '');
  return parts.length === 0 ? undefined : parts.join('\n');
}

/** An engine request from a pack's prompt, with the caller's settings on top. */
export function taskRequest(prompt: TaskPrompt, overrides: readonly GenerationOptions[], signal: AbortSignal | undefined): GenerateRequest {
  const request: GenerateRequest = { prompt: { type: 'chat', messages: prompt.messages }, maxTokens: prompt.maxTokens, temperature: prompt.temperature };
  if (prompt.topP !== undefined) request.topP = prompt.topP;
  if (prompt.stop !== undefined) request.stop = prompt.stop;
  for (const o of overrides) {
    if (o.maxTokens !== undefined) request.maxTokens = o.maxTokens;
    if (o.temperature !== undefined) request.temperature = o.temperature;
    if (o.topP !== undefined) request.topP = o.topP;
    if (o.seed !== undefined) request.seed = o.seed;
  }
  if (signal) request.signal = signal;
  return request;
}

/** Aborts with the first of several signals; undefined when there are none. */
export function anySignal(signals: ReadonlyArray<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : AbortSignal.any(present);
}

/**
 * Streams an engine's text as deltas and returns how it finished. Leading whitespace is dropped
 * (chat models often open with a newline); an error part is thrown as the HearthError it carries.
 * Leaving early (the caller stopped reading) aborts the engine's generation.
 */
export async function* generateTaskText(
  engine: EngineV1,
  request: GenerateRequest,
  tokens?: TokenLogprob[],
): AsyncGenerator<string, { finishReason: FinishReason; usage: Usage; routes: RouteInfo[] }> {
  const stop = new AbortController();
  const signal = anySignal([request.signal, stop.signal]);
  let started = false;
  const routes: RouteInfo[] = [];
  try {
    for await (const part of engine.doStream({ ...request, ...(signal ? { signal } : {}) })) {
      switch (part.type) {
        case 'text-delta': {
          // Every token, the trimmed whitespace too: a reader of them maps them onto the text.
          if (tokens && part.logprobs) tokens.push(...part.logprobs);
          const text = started ? part.text : part.text.trimStart();
          if (text === '') continue;
          started = true;
          yield text;
          break;
        }
        case 'error':
          throw HearthError.fromJSON(part.error);
        case 'finish':
          return { finishReason: part.finishReason, usage: part.usage, routes };
        case 'route':
          routes.push(part.route);
          break;
        case 'route-switch':
          // The text so far is kept and the next route continues it: nothing to do for a reader of text.
          break;
        case 'tool-call-delta':
          // Task requests carry no tools, so no engine calls one.
          break;
      }
    }
  } finally {
    stop.abort();
  }
  throw new HearthError({ code: 'internal', message: `The ${engine.engineId} stream ended without a finish part.` });
}

/** Collects `generateTaskText` into one string (trailing whitespace trimmed too). */
export async function collectTaskText(
  engine: EngineV1,
  request: GenerateRequest,
  tokens?: TokenLogprob[],
): Promise<{ text: string; finishReason: FinishReason; usage: Usage; routes: RouteInfo[] }> {
  const stream = generateTaskText(engine, request, tokens);
  let text = '';
  for (;;) {
    const next = await stream.next();
    if (next.done) return { text: text.trimEnd(), ...next.value };
    text += next.value;
  }
}
