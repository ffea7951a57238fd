import type { EngineV1 } from '@hearth/spec';
import type { ProofreadCorrection } from '../tasks/diff-corrections.ts';
import { Proofreader as TaskProofreader } from '../tasks/proofreader.ts';
import { generateTaskText } from '../tasks/task-options.ts';
import type { CreateMonitorCallback } from './create-monitor.ts';
import { assertConstructing, CONSTRUCT, createAiModel, emptyText, ModelLifetime, registerLifetime } from './destroyable-model.ts';
import type { ModelTextStream } from './model-stream.ts';
import { countPromptTokens, type W3cHost } from './w3c-host.ts';
import {
  dictionary,
  domString,
  frozenOrNull,
  languageAvailability,
  languageTag,
  languageTags,
  minimumAvailability,
  optionalBoolean,
  optionalSignal,
  type Availability,
} from './w3c-options.ts';

// The W3C Proofreader, after webmachinelearning/proofreader-api index.bs @ 4bcc10ee (2026-08-10;
// last spec change 35c74966, 2026-07-29) and its README, whose IDL also lists
// `proofreadStreaming()` and the six correction types Hearth reports.

export interface ProofreaderCreateCoreOptions {
  includeCorrectionTypes?: boolean;
  includeCorrectionExplanations?: boolean;
  expectedInputLanguages?: readonly string[];
  correctionExplanationLanguage?: string;
}

export interface ProofreaderCreateOptions extends ProofreaderCreateCoreOptions {
  signal?: AbortSignal;
  monitor?: CreateMonitorCallback;
}

export interface ProofreaderProofreadOptions {
  signal?: AbortSignal;
}

/** The drafts' `ProofreadResult`: the corrected text and each correction, with indices into the input. */
export interface ProofreadResult {
  correctedInput: string;
  corrections: ProofreadCorrection[];
}

interface Chosen {
  includeCorrectionTypes: boolean;
  includeCorrectionExplanations: boolean;
  expectedInputLanguages: string[] | undefined;
  correctionExplanationLanguage: string | undefined;
}

function canonical(options: unknown): Chosen {
  const o = dictionary('options', options);
  return {
    includeCorrectionTypes: optionalBoolean(o['includeCorrectionTypes'], false),
    includeCorrectionExplanations: optionalBoolean(o['includeCorrectionExplanations'], false),
    expectedInputLanguages: languageTags('expectedInputLanguages', o['expectedInputLanguages']),
    correctionExplanationLanguage: languageTag('correctionExplanationLanguage', o['correctionExplanationLanguage']),
  };
}

async function proofreaderAvailability(host: W3cHost, chosen: Chosen): Promise<Availability> {
  const [{ status }, supported] = await Promise.all([host.hearth.availability('proofread'), host.languagesFor('proofread')]);
  // Hearth writes explanations itself, from the diff, in English, whatever the model speaks.
  const explanations = chosen.correctionExplanationLanguage && !/^en(-|$)/i.test(chosen.correctionExplanationLanguage) ? 'unavailable' : 'available';
  return minimumAvailability([status, languageAvailability(chosen.expectedInputLanguages, supported), explanations]);
}

/**
 * The `Proofreader` global `installHearth()` defines: the drafts' API over `hearth`. The model
 * writes the corrected text; the corrections, their indices and types come from diffing it
 * against the input, so they always point into the input.
 *
 * @example
 * const proofreader = await Proofreader.create({ includeCorrectionTypes: true });
 * const { correctedInput, corrections } = await proofreader.proofread('I seen him yesterday.');
 */
export function proofreaderClass(host: W3cHost) {
  return class Proofreader {
    readonly #session: TaskProofreader;
    readonly #engine: EngineV1;
    readonly #chosen: Chosen;
    readonly #inputQuota: number;
    readonly #lifetime: ModelLifetime;

    constructor(token: typeof CONSTRUCT, state: { task: TaskProofreader; engine: EngineV1; inputQuota: number }, chosen: Chosen) {
      assertConstructing(token);
      this.#session = state.task;
      this.#engine = state.engine;
      this.#inputQuota = state.inputQuota;
      this.#chosen = chosen;
      this.#lifetime = new ModelLifetime(() => state.task.destroy());
      registerLifetime(this, this.#lifetime);
    }

    static async create(options?: ProofreaderCreateOptions): Promise<Proofreader> {
      const chosen = canonical(options);
      const o = dictionary('options', options);
      const signal = optionalSignal('signal', o['signal']);
      return createAiModel<Proofreader>(signal, o['monitor'], {
        availability: () => proofreaderAvailability(host, chosen),
        prepare: (s, monitor) => host.hearth.prepare({ task: 'proofread', ...(s ? { signal: s } : {}), ...(monitor ? { monitor } : {}) }),
        build: async (prepared) => {
          const engine = host.engineFor('proofread');
          const task = await TaskProofreader.create({
            engine,
            model: { name: prepared.route.model },
            includeCorrectionTypes: chosen.includeCorrectionTypes,
            includeCorrectionExplanations: chosen.includeCorrectionExplanations,
          });
          return new Proofreader(CONSTRUCT, { task, engine, inputQuota: await host.contextWindowFor('proofread') }, chosen);
        },
      });
    }

    static async availability(options?: ProofreaderCreateCoreOptions): Promise<Availability> {
      return proofreaderAvailability(host, canonical(options));
    }

    get includeCorrectionTypes(): boolean {
      return this.#chosen.includeCorrectionTypes;
    }

    get includeCorrectionExplanations(): boolean {
      return this.#chosen.includeCorrectionExplanations;
    }

    get expectedInputLanguages(): readonly string[] | null {
      return frozenOrNull(this.#chosen.expectedInputLanguages);
    }

    get correctionExplanationLanguage(): string | null {
      return this.#chosen.correctionExplanationLanguage ?? null;
    }

    /** Tokens the model takes per call (its context size); `+Infinity` where the engine's limit is not known ahead. */
    get inputQuota(): number {
      return this.#inputQuota;
    }

    /** The corrected input and the corrections, sorted, with `types`/`explanation` where the options asked for them. */
    proofread(input: string, options?: ProofreaderProofreadOptions): Promise<ProofreadResult> {
      return this.#call(input, options, async (text, signal) => {
        const { correctedInput, corrections } = await this.#session.proofread(text, { signal });
        return { correctedInput, corrections };
      });
    }

    /**
     * The model's corrected text as a ReadableStream of chunks, before Hearth diffs it (the
     * README's IDL lists this method; the spec does not define it yet). Use `proofread()` for
     * the corrections.
     */
    proofreadStreaming(input: string, options?: ProofreaderProofreadOptions): ModelTextStream {
      const text = domString('input', input, true)!;
      const signal = optionalSignal('signal', dictionary('options', options)['signal']);
      return this.#lifetime.streaming(signal, (running) => {
        const request = text.trim() === '' ? undefined : this.#session.requestFor(text, { signal: running });
        return request ? generateTaskText(this.#engine, request) : emptyText();
      });
    }

    /** Tokens a `proofread()` of this input would send to the model, counted by the engine (one prefill); 0 for a blank input. */
    measureInputUsage(input: string, options?: ProofreaderProofreadOptions): Promise<number> {
      return this.#call(input, options, async (text, signal) => {
        const request = text.trim() === '' ? undefined : this.#session.requestFor(text, { signal });
        return request ? countPromptTokens(this.#engine, request, signal) : 0;
      });
    }

    /** Aborts every running call with an "AbortError" DOMException and refuses later ones. */
    destroy(): void {
      this.#lifetime.destroy();
    }

    #call<T>(input: unknown, options: unknown, operation: (input: string, signal: AbortSignal) => Promise<T>): Promise<T> {
      let text: string;
      let signal: AbortSignal | undefined;
      try {
        text = domString('input', input, true)!;
        signal = optionalSignal('signal', dictionary('options', options)['signal']);
      } catch (error) {
        return Promise.reject(error);
      }
      return this.#lifetime.aggregate(signal, (running) => operation(text, running));
    }
  };
}

export type ProofreaderClass = ReturnType<typeof proofreaderClass>;
export type W3cProofreader = InstanceType<ProofreaderClass>;
