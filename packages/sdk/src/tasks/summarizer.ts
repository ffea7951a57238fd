import { TASK_AXES } from './prompt-pack-schema.ts';
import { TaskSession } from './task-session.ts';
import { pickOption, type TaskCallOptions, type TaskSessionOptions, type TaskTextStream } from './task-options.ts';

export type SummarizerType = (typeof TASK_AXES.summarize.type)[number];
export type SummarizerLength = (typeof TASK_AXES.summarize.length)[number];
export type SummarizerFormat = (typeof TASK_AXES.summarize.format)[number];

export interface SummarizerOptions extends TaskSessionOptions {
  type?: SummarizerType;
  length?: SummarizerLength;
  format?: SummarizerFormat;
}

/** The drafts' defaults (W3C writing-assistance APIs, `SummarizerCreateCoreOptions`). */
export const SUMMARIZER_DEFAULTS = { type: 'key-points', length: 'short', format: 'markdown' } as const satisfies Required<
  Pick<SummarizerOptions, 'type' | 'length' | 'format'>
>;

/**
 * Summarizes text on any engine, shaped like the W3C Summarizer draft.
 *
 * @example
 * const summarizer = await Summarizer.create({ engine, type: 'tldr', length: 'short', format: 'plain-text' });
 * output.textContent = await summarizer.summarize(article);
 * for await (const delta of summarizer.summarizeStreaming(article)) output.append(delta);
 */
export class Summarizer extends TaskSession {
  readonly type: SummarizerType;
  readonly length: SummarizerLength;
  readonly format: SummarizerFormat;

  private constructor(options: SummarizerOptions, chosen: { type: SummarizerType; length: SummarizerLength; format: SummarizerFormat }) {
    super('summarize', options, chosen);
    this.type = chosen.type;
    this.length = chosen.length;
    this.format = chosen.format;
  }

  /** Throws HearthError `invalid_request` for an unknown option value or family. */
  static async create(options: SummarizerOptions): Promise<Summarizer> {
    const axes = TASK_AXES.summarize;
    return new Summarizer(options, {
      type: pickOption('type', options.type, axes.type, SUMMARIZER_DEFAULTS.type),
      length: pickOption('length', options.length, axes.length, SUMMARIZER_DEFAULTS.length),
      format: pickOption('format', options.format, axes.format, SUMMARIZER_DEFAULTS.format),
    });
  }

  /** The summary as plain text (Markdown when `format` is `markdown`); an empty input gives "". */
  async summarize(input: string, options?: TaskCallOptions): Promise<string> {
    return (await this.complete(input, options)).text;
  }

  /** The summary as text deltas. */
  summarizeStreaming(input: string, options?: TaskCallOptions): TaskTextStream {
    return this.streamText(input, options);
  }

  protected blankInput(): 'empty' {
    return 'empty';
  }
}
