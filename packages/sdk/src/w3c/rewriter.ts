import { TASK_AXES } from '../tasks/prompt-pack-schema.ts';
import { Rewriter as TaskRewriter, REWRITER_DEFAULTS, type RewriterFormat, type RewriterLength, type RewriterTone } from '../tasks/rewriter.ts';
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

// The W3C Rewriter, after webmachinelearning/writing-assistance-apis index.bs @ e411ad76
// (2026-08-03): `Rewriter` IDL, `RewriterCreateCoreOptions` defaults, "The Rewriter class".

export interface RewriterCreateCoreOptions extends LanguageOptions {
  tone?: RewriterTone;
  format?: RewriterFormat;
  length?: RewriterLength;
}

export interface RewriterCreateOptions extends RewriterCreateCoreOptions, WritingAssistantCreateOptions {}

interface Chosen {
  tone: RewriterTone;
  format: RewriterFormat;
  length: RewriterLength;
  languages: LanguageOptions;
}

function canonical(options: unknown): Chosen {
  const o = dictionary('options', options);
  const axes = TASK_AXES.rewrite;
  return {
    tone: enumValue('RewriterTone', o['tone'], axes.tone, REWRITER_DEFAULTS.tone),
    format: enumValue('RewriterFormat', o['format'], axes.format, REWRITER_DEFAULTS.format),
    length: enumValue('RewriterLength', o['length'], axes.length, REWRITER_DEFAULTS.length),
    languages: canonicalLanguages(o),
  };
}

/**
 * The `Rewriter` global `installHearth()` defines: the drafts' API over `hearth`.
 *
 * @example
 * const rewriter = await Rewriter.create({ tone: 'more-formal', length: 'shorter' });
 * field.value = await rewriter.rewrite(field.value, { context: 'Be constructive.' });
 */
export function rewriterClass(host: W3cHost) {
  return class Rewriter extends WritingAssistant<TaskRewriter> {
    readonly #chosen: Chosen;

    constructor(token: typeof CONSTRUCT, state: WritingAssistantState<TaskRewriter>, chosen: Chosen) {
      super(token, state);
      this.#chosen = chosen;
    }

    static async create(options?: RewriterCreateOptions): Promise<Rewriter> {
      const chosen = canonical(options);
      const o = dictionary('options', options);
      const signal = optionalSignal('signal', o['signal']);
      const sharedContext = domString('sharedContext', o['sharedContext'], false);
      return createAiModel<Rewriter>(signal, o['monitor'], {
        availability: () => writingAvailability(host, 'rewrite', chosen.languages),
        prepare: (s, monitor) => host.hearth.prepare({ task: 'rewrite', ...(s ? { signal: s } : {}), ...(monitor ? { monitor } : {}) }),
        // Writer, Rewriter and Summarizer build alike on purpose: the drafts give the three one shape, options aside.
        build: async (prepared) => {
          const engine = host.engineFor('rewrite');
          const shared = taskSharedContext(sharedContext, chosen.languages.outputLanguage);
          const task = await TaskRewriter.create({
            engine,
            model: { name: prepared.route.model },
            tone: chosen.tone,
            format: chosen.format,
            length: chosen.length,
            ...(shared === undefined ? {} : { sharedContext: shared }),
          });
          return new Rewriter(
            CONSTRUCT,
            { task, engine, sharedContext: sharedContext ?? '', languages: chosen.languages, inputQuota: await host.contextWindowFor('rewrite') },
            chosen,
          );
        },
      });
    }

    /** `available` where a route can run it now, `downloadable` where the device model must download first, `unavailable` where nothing can (or a language is not the model's). */
    static async availability(options?: RewriterCreateCoreOptions): Promise<Availability> {
      return writingAvailability(host, 'rewrite', canonical(options).languages);
    }

    get tone(): RewriterTone {
      return this.#chosen.tone;
    }

    get format(): RewriterFormat {
      return this.#chosen.format;
    }

    get length(): RewriterLength {
      return this.#chosen.length;
    }

    /** The input rewritten; "" for a blank input. */
    rewrite(input: string, options?: WritingAssistantCallOptions): Promise<string> {
      return this.run(input, options, (text, call) => this.session.rewrite(text, call));
    }

    /** The rewritten text as a ReadableStream of chunks. */
    rewriteStreaming(input: string, options?: WritingAssistantCallOptions): ModelTextStream {
      return this.runStreaming(input, options, (text, call) => this.session.rewriteStreaming(text, call));
    }
  };
}

export type RewriterClass = ReturnType<typeof rewriterClass>;
export type W3cRewriter = InstanceType<RewriterClass>;
