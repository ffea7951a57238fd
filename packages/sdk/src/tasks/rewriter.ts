import { TASK_AXES } from './prompt-pack-schema.ts';
import { TaskSession } from './task-session.ts';
import { pickOption, type TaskCallOptions, type TaskSessionOptions, type TaskTextStream } from './task-options.ts';

export type RewriterTone = (typeof TASK_AXES.rewrite.tone)[number];
export type RewriterLength = (typeof TASK_AXES.rewrite.length)[number];
export type RewriterFormat = (typeof TASK_AXES.rewrite.format)[number];

export interface RewriterOptions extends TaskSessionOptions {
  tone?: RewriterTone;
  length?: RewriterLength;
  format?: RewriterFormat;
}

/** The drafts' defaults (W3C writing-assistance APIs, `RewriterCreateCoreOptions`). */
export const REWRITER_DEFAULTS = { tone: 'as-is', length: 'as-is', format: 'as-is' } as const satisfies Required<
  Pick<RewriterOptions, 'tone' | 'length' | 'format'>
>;

/**
 * Rewrites text (tone, length, format) on any engine, shaped like the W3C Rewriter draft.
 *
 * @example
 * const rewriter = await Rewriter.create({ engine, tone: 'more-formal', length: 'shorter' });
 * field.value = await rewriter.rewrite(field.value);
 */
export class Rewriter extends TaskSession {
  readonly tone: RewriterTone;
  readonly length: RewriterLength;
  readonly format: RewriterFormat;

  private constructor(options: RewriterOptions, chosen: { tone: RewriterTone; length: RewriterLength; format: RewriterFormat }) {
    super('rewrite', options, chosen);
    this.tone = chosen.tone;
    this.length = chosen.length;
    this.format = chosen.format;
  }

  /** Throws HearthError `invalid_request` for an unknown option value or family. */
  static async create(options: RewriterOptions): Promise<Rewriter> {
    const axes = TASK_AXES.rewrite;
    return new Rewriter(options, {
      tone: pickOption('tone', options.tone, axes.tone, REWRITER_DEFAULTS.tone),
      length: pickOption('length', options.length, axes.length, REWRITER_DEFAULTS.length),
      format: pickOption('format', options.format, axes.format, REWRITER_DEFAULTS.format),
    });
  }

  /** The rewritten text; an empty input gives "". */
  async rewrite(input: string, options?: TaskCallOptions): Promise<string> {
    return (await this.complete(input, options)).text;
  }

  /** The rewritten text as deltas. */
  rewriteStreaming(input: string, options?: TaskCallOptions): TaskTextStream {
    return this.streamText(input, options);
  }

  protected blankInput(): 'empty' {
    return 'empty';
  }
}
