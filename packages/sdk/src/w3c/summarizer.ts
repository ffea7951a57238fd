import { TASK_AXES } from '../tasks/prompt-pack-schema.ts';
import { SUMMARIZER_DEFAULTS, Summarizer as TaskSummarizer, type SummarizerFormat, type SummarizerLength, type SummarizerType } from '../tasks/summarizer.ts';
import { createAiModel, CONSTRUCT } from './destroyable-model.ts';
import type { ModelTextStream } from './model-stream.ts';
import type { W3cHost } from './w3c-host.ts';
import { dictionary, domString, enumValue, optionalSignal, type Availability } from './w3c-options.ts';
import {
  canonicalLanguages,
  taskSharedContext,
  writingAvailability,
  WritingAssistant,
  type LanguageOptions,
  type WritingAssistantCallOptions,
  type WritingAssistantCreateOptions,
  type WritingAssistantState,
} from './writing-assistant.ts';

// The W3C Summarizer, after webmachinelearning/writing-assistance-apis index.bs @ e411ad76
// (2026-08-03): `Summarizer` IDL, `SummarizerCreateCoreOptions` defaults, "The Summarizer class".

/** The drafts' `PerformancePreference` (experimental in the draft): kept and reported; Hearth's planner picks the route. */
export type PerformancePreference = 'auto' | 'speed' | 'capability';

export interface SummarizerCreateCoreOptions extends LanguageOptions {
  type?: SummarizerType;
  format?: SummarizerFormat;
  length?: SummarizerLength;
  preference?: PerformancePreference;
}

export interface SummarizerCreateOptions extends SummarizerCreateCoreOptions, WritingAssistantCreateOptions {}

interface Chosen {
  type: SummarizerType;
  format: SummarizerFormat;
  length: SummarizerLength;
  preference: PerformancePreference;
  languages: LanguageOptions;
}

function canonical(options: unknown): Chosen {
  const o = dictionary('options', options);
  const axes = TASK_AXES.summarize;
  return {
    type: enumValue('SummarizerType', o['type'], axes.type, SUMMARIZER_DEFAULTS.type),
    format: enumValue('SummarizerFormat', o['format'], axes.format, SUMMARIZER_DEFAULTS.format),
    length: enumValue('SummarizerLength', o['length'], axes.length, SUMMARIZER_DEFAULTS.length),
    preference: enumValue('PerformancePreference', o['preference'], ['auto', 'speed', 'capability'], 'auto'),
    languages: canonicalLanguages(o),
  };
}

/**
 * The `Summarizer` global `installHearth()` defines: the drafts' API over `hearth`.
 *
 * @example
 * const summarizer = await Summarizer.create({ type: 'tldr', monitor: (m) => m.addEventListener('downloadprogress', (e) => bar.value = e.loaded) });
 * for await (const chunk of summarizer.summarizeStreaming(article.textContent)) out.append(chunk);
 */
export function summarizerClass(host: W3cHost) {
  return class Summarizer extends WritingAssistant<TaskSummarizer> {
    readonly #chosen: Chosen;

    constructor(token: typeof CONSTRUCT, state: WritingAssistantState<TaskSummarizer>, chosen: Chosen) {
      super(token, state);
      this.#chosen = chosen;
    }

    static async create(options?: SummarizerCreateOptions): Promise<Summarizer> {
      const chosen = canonical(options);
      const o = dictionary('options', options);
      const signal = optionalSignal('signal', o['signal']);
      const sharedContext = domString('sharedContext', o['sharedContext'], false);
      return createAiModel<Summarizer>(signal, o['monitor'], {
        availability: () => writingAvailability(host, 'summarize', chosen.languages),
        prepare: (s, monitor) => host.hearth.prepare({ task: 'summarize', ...(s ? { signal: s } : {}), ...(monitor ? { monitor } : {}) }),
        // Writer, Rewriter and Summarizer build alike on purpose: the drafts give the three one shape, options aside.
        build: async (prepared) => {
          const engine = host.engineFor('summarize');
          const shared = taskSharedContext(sharedContext, chosen.languages.outputLanguage);
          const task = await TaskSummarizer.create({
            engine,
            model: { name: prepared.route.model },
            type: chosen.type,
            format: chosen.format,
            length: chosen.length,
            ...(shared === undefined ? {} : { sharedContext: shared }),
          });
          return new Summarizer(
            CONSTRUCT,
            { task, engine, sharedContext: sharedContext ?? '', languages: chosen.languages, inputQuota: await host.contextWindowFor('summarize') },
            chosen,
          );
        },
      });
    }

    /** `available` where a route can run it now, `downloadable` where the device model must download first, `unavailable` where nothing can (or a language is not the model's). */
    static async availability(options?: SummarizerCreateCoreOptions): Promise<Availability> {
      return writingAvailability(host, 'summarize', canonical(options).languages);
    }

    get type(): SummarizerType {
      return this.#chosen.type;
    }

    get format(): SummarizerFormat {
      return this.#chosen.format;
    }

    get length(): SummarizerLength {
      return this.#chosen.length;
    }

    get preference(): PerformancePreference {
      return this.#chosen.preference;
    }

    /** The summary; "" for a blank input. */
    summarize(input: string, options?: WritingAssistantCallOptions): Promise<string> {
      return this.run(input, options, (text, call) => this.session.summarize(text, call));
    }

    /** The summary as a ReadableStream of text chunks. */
    summarizeStreaming(input: string, options?: WritingAssistantCallOptions): ModelTextStream {
      return this.runStreaming(input, options, (text, call) => this.session.summarizeStreaming(text, call));
    }
  };
}

export type SummarizerClass = ReturnType<typeof summarizerClass>;
export type W3cSummarizer = InstanceType<SummarizerClass>;
