import { TASK_AXES } from '../tasks/prompt-pack-schema.ts';
import { Writer as TaskWriter, WRITER_DEFAULTS, type WriterFormat, type WriterLength, type WriterTone } from '../tasks/writer.ts';
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

// The W3C Writer, after webmachinelearning/writing-assistance-apis index.bs @ e411ad76
// (2026-08-03): `Writer` IDL, `WriterCreateCoreOptions` defaults, "The Writer class".

export interface WriterCreateCoreOptions extends LanguageOptions {
  tone?: WriterTone;
  format?: WriterFormat;
  length?: WriterLength;
}

export interface WriterCreateOptions extends WriterCreateCoreOptions, WritingAssistantCreateOptions {}

interface Chosen {
  tone: WriterTone;
  format: WriterFormat;
  length: WriterLength;
  languages: LanguageOptions;
}

function canonical(options: unknown): Chosen {
  const o = dictionary('options', options);
  const axes = TASK_AXES.write;
  return {
    tone: enumValue('WriterTone', o['tone'], axes.tone, WRITER_DEFAULTS.tone),
    format: enumValue('WriterFormat', o['format'], axes.format, WRITER_DEFAULTS.format),
    length: enumValue('WriterLength', o['length'], axes.length, WRITER_DEFAULTS.length),
    languages: canonicalLanguages(o),
  };
}

/**
 * The `Writer` global `installHearth()` defines: the drafts' API over `hearth`.
 *
 * @example
 * const writer = await Writer.create({ tone: 'formal' });
 * draft.value = await writer.write('An inquiry to my bank about enabling wire transfers');
 */
export function writerClass(host: W3cHost) {
  return class Writer extends WritingAssistant<TaskWriter> {
    readonly #chosen: Chosen;

    constructor(token: typeof CONSTRUCT, state: WritingAssistantState<TaskWriter>, chosen: Chosen) {
      super(token, state);
      this.#chosen = chosen;
    }

    static async create(options?: WriterCreateOptions): Promise<Writer> {
      const chosen = canonical(options);
      const o = dictionary('options', options);
      const signal = optionalSignal('signal', o['signal']);
      const sharedContext = domString('sharedContext', o['sharedContext'], false);
      return createAiModel<Writer>(signal, o['monitor'], {
        availability: () => writingAvailability(host, 'write', chosen.languages),
        prepare: (s, monitor) => host.hearth.prepare({ task: 'write', ...(s ? { signal: s } : {}), ...(monitor ? { monitor } : {}) }),
        // Writer, Rewriter and Summarizer build alike on purpose: the drafts give the three one shape, options aside.
        build: async (prepared) => {
          const engine = host.engineFor('write');
          const shared = taskSharedContext(sharedContext, chosen.languages.outputLanguage);
          const task = await TaskWriter.create({
            engine,
            model: { name: prepared.route.model },
            tone: chosen.tone,
            format: chosen.format,
            length: chosen.length,
            ...(shared === undefined ? {} : { sharedContext: shared }),
          });
          return new Writer(
            CONSTRUCT,
            { task, engine, sharedContext: sharedContext ?? '', languages: chosen.languages, inputQuota: await host.contextWindowFor('write') },
            chosen,
          );
        },
      });
    }

    /** `available` where a route can run it now, `downloadable` where the device model must download first, `unavailable` where nothing can (or a language is not the model's). */
    static async availability(options?: WriterCreateCoreOptions): Promise<Availability> {
      return writingAvailability(host, 'write', canonical(options).languages);
    }

    get tone(): WriterTone {
      return this.#chosen.tone;
    }

    get format(): WriterFormat {
      return this.#chosen.format;
    }

    get length(): WriterLength {
      return this.#chosen.length;
    }

    /** The text the writing task asks for; "" for a blank task (the draft: empty input, empty text). */
    write(input: string, options?: WritingAssistantCallOptions): Promise<string> {
      return this.run(input, options, (text, call) => this.session.write(text, call));
    }

    /** The text as a ReadableStream of chunks. */
    writeStreaming(input: string, options?: WritingAssistantCallOptions): ModelTextStream {
      return this.runStreaming(input, options, (text, call) => this.session.writeStreaming(text, call));
    }
  };
}

export type WriterClass = ReturnType<typeof writerClass>;
export type W3cWriter = InstanceType<WriterClass>;
