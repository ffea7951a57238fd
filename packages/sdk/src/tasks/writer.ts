import { TASK_AXES } from './prompt-pack-schema.ts';
import { TaskSession } from './task-session.ts';
import { pickOption, type TaskCallOptions, type TaskSessionOptions, type TaskTextStream } from './task-options.ts';

export type WriterTone = (typeof TASK_AXES.write.tone)[number];
export type WriterLength = (typeof TASK_AXES.write.length)[number];
export type WriterFormat = (typeof TASK_AXES.write.format)[number];

export interface WriterOptions extends TaskSessionOptions {
  tone?: WriterTone;
  length?: WriterLength;
  format?: WriterFormat;
}

/** The drafts' defaults (W3C writing-assistance APIs, `WriterCreateCoreOptions`). */
export const WRITER_DEFAULTS = { tone: 'neutral', length: 'short', format: 'markdown' } as const satisfies Required<
  Pick<WriterOptions, 'tone' | 'length' | 'format'>
>;

/**
 * Writes new text from a request, on any engine, shaped like the W3C Writer draft.
 *
 * @example
 * const writer = await Writer.create({ engine, tone: 'formal', format: 'plain-text' });
 * const email = await writer.write('Ask the landlord to fix the heating by Friday.');
 */
export class Writer extends TaskSession {
  readonly tone: WriterTone;
  readonly length: WriterLength;
  readonly format: WriterFormat;

  private constructor(options: WriterOptions, chosen: { tone: WriterTone; length: WriterLength; format: WriterFormat }) {
    super('write', options, chosen);
    this.tone = chosen.tone;
    this.length = chosen.length;
    this.format = chosen.format;
  }

  /** Throws HearthError `invalid_request` for an unknown option value or family. */
  static async create(options: WriterOptions): Promise<Writer> {
    const axes = TASK_AXES.write;
    return new Writer(options, {
      tone: pickOption('tone', options.tone, axes.tone, WRITER_DEFAULTS.tone),
      length: pickOption('length', options.length, axes.length, WRITER_DEFAULTS.length),
      format: pickOption('format', options.format, axes.format, WRITER_DEFAULTS.format),
    });
  }

  /** The written text. An empty request is `invalid_request`: there is nothing to write about. */
  async write(input: string, options?: TaskCallOptions): Promise<string> {
    return (await this.complete(input, options)).text;
  }

  /** The written text as deltas. */
  writeStreaming(input: string, options?: TaskCallOptions): TaskTextStream {
    return this.streamText(input, options);
  }

  protected blankInput(): 'reject' {
    return 'reject';
  }
}
