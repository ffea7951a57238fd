import type { Prepared } from '../hearth/create-hearth.ts';
import { CreateMonitor, ProgressRelay, type CreateMonitorCallback } from './create-monitor.ts';
import { modelStream, type ModelTextStream } from './model-stream.ts';
import { abortError, domException, toW3cError } from './w3c-errors.ts';
import type { Availability } from './w3c-options.ts';

// The drafts' shared machinery ("Supporting algorithms" of writing-assistance-apis index.bs @
// e411ad76, 2026-08-03, which the Prompt and Proofreader drafts use too): the DestroyableModel
// mixin's destruction abort controller, creation with a monitor, and results that an AbortSignal
// or destroy() rejects with the abort reason.

/**
 * One model object's lifetime: `destroy()` aborts every running call with its reason, and every
 * call runs under "the destruction signal, and the call's own signal if any".
 */
export class ModelLifetime {
  readonly #destruction = new AbortController();
  readonly #onDestroy: () => void;

  constructor(onDestroy: () => void = () => {}) {
    this.#onDestroy = onDestroy;
  }

  get destroyed(): boolean {
    return this.#destruction.signal.aborted;
  }

  /** The drafts' `destroy()`: an "AbortError" DOMException unless another reason is given (the create signal's). */
  destroy(reason: unknown = abortError()): void {
    if (this.#destruction.signal.aborted) return;
    this.#destruction.abort(reason);
    this.#onDestroy();
  }

  /** The composite signal of a call: destruction, and the call's own. */
  signalFor(callSignal: AbortSignal | undefined): AbortSignal {
    return callSignal ? AbortSignal.any([this.#destruction.signal, callSignal]) : this.#destruction.signal;
  }

  /** "Getting an aggregated AI model result" (and measuring usage): rejects with the abort reason the moment either signal aborts. */
  aggregate<T>(callSignal: AbortSignal | undefined, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = this.signalFor(callSignal);
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      let started: Promise<T>;
      try {
        started = operation(signal);
      } catch (error) {
        started = Promise.reject(error);
      }
      started
        .then(resolve, (error: unknown) => reject(signal.aborted ? signal.reason : toW3cError(error, 'call')))
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** "Getting a streaming AI model result": throws the abort reason at once if already aborted. */
  streaming(callSignal: AbortSignal | undefined, source: (signal: AbortSignal) => AsyncIterable<string>): ModelTextStream {
    const signal = this.signalFor(callSignal);
    if (signal.aborted) throw signal.reason;
    return modelStream(signal, source, (error) => toW3cError(error, 'call'));
  }
}

/** Only `installHearth()` makes these objects: `new Summarizer()` is an "Illegal constructor", as in browsers. */
export const CONSTRUCT: unique symbol = Symbol('hearth.w3c.construct');

export function assertConstructing(token: unknown): void {
  if (token !== CONSTRUCT) throw new TypeError('Illegal constructor');
}

/** A blank input's answer: empty, without the model (the stream closes with no chunk). */
export async function* emptyText(): AsyncGenerator<string> {
  yield* [];
}

// Each object's lifetime, kept out of its public shape: the create signal destroys an object with
// its own reason, which the public destroy() (no arguments, as in the drafts) cannot pass.
const lifetimes = new WeakMap<object, ModelLifetime>();

/** Ties `lifetime` to `model`, for `destroyModel`. */
export function registerLifetime(model: object, lifetime: ModelLifetime): void {
  lifetimes.set(model, lifetime);
}

/** The drafts' "destroy given reason" (the create signal's reason, where that signal aborted). */
export function destroyModel(model: object, reason: unknown): void {
  lifetimes.get(model)?.destroy(reason);
}

export interface CreateSteps<T> {
  /** The drafts' availability for the canonicalized options; `unavailable` rejects with NotSupportedError. */
  availability(): Promise<Availability>;
  /** Consent, download (progress goes to `monitor`), load: `hearth.prepare()`. */
  prepare(signal: AbortSignal | undefined, monitor: ((target: EventTarget) => void) | undefined): Promise<Prepared>;
  /** Makes the object once its model is ready (a LanguageModel measures its initial prompts here). */
  build(prepared: Prepared, signal: AbortSignal | undefined): Promise<T>;
}

/**
 * "Create an AI model object": checks the signal, hands the app its CreateMonitor, rejects with
 * NotSupportedError where the options are unavailable, fires `downloadprogress` from 0 to 1 while
 * Hearth prepares the model, and ties the create signal to the object's `destroy()` afterwards.
 * Abort rejects at once with the signal's reason, and no event is fired after it.
 */
export async function createAiModel<T extends object>(signal: AbortSignal | undefined, monitorCallback: unknown, steps: CreateSteps<T>): Promise<T> {
  if (signal?.aborted) throw signal.reason;
  let monitor: CreateMonitor | undefined;
  if (monitorCallback !== undefined) {
    if (typeof monitorCallback !== 'function') throw new TypeError('monitor must be a function.');
    monitor = new CreateMonitor();
    // "Invoke options["monitor"] with « monitor » and "rethrow"": its exception rejects create().
    (monitorCallback as CreateMonitorCallback)(monitor);
  }
  const relay = new ProgressRelay(monitor, signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    void (async () => {
      try {
        const availability = await steps.availability();
        if (availability === 'unavailable')
          throw domException(
            'availability() is "unavailable" for these options: no route can run the task here, or they ask for a language the model does not document, content other than text, or tools.',
            'NotSupportedError',
          );
        relay.start();
        const prepared = await steps.prepare(signal, relay.hearthMonitor());
        relay.finish();
        const model = await steps.build(prepared, signal);
        if (signal?.aborted) {
          destroyModel(model, signal.reason);
          return;
        }
        signal?.addEventListener('abort', () => destroyModel(model, signal.reason), { once: true });
        resolve(model);
      } catch (error) {
        reject(signal?.aborted ? signal.reason : toW3cError(error, 'create'));
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    })();
  });
}
