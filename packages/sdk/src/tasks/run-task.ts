import { HearthError, type EngineV1, type JsonSchema, type JsonValue } from '@hearth/spec';
import { classify, type ClassifyOptions, type ClassifyResult } from './classify.ts';
import { extract, type ExtractOptions, type ExtractResult } from './extract.ts';
import { Proofreader, type ProofreaderOptions, type ProofreadResult } from './proofreader.ts';
import { Rewriter, type RewriterOptions } from './rewriter.ts';
import { Summarizer, type SummarizerOptions } from './summarizer.ts';
import type { TextTaskResult } from './task-options.ts';
import { Writer, type WriterOptions } from './writer.ts';

type OneCall<O> = Omit<O, 'engine'> & { context?: string };

/** Each task's options and result in the one-call form. */
export interface TaskRuns {
  summarize: { options: OneCall<SummarizerOptions>; result: TextTaskResult };
  write: { options: OneCall<WriterOptions>; result: TextTaskResult };
  rewrite: { options: OneCall<RewriterOptions>; result: TextTaskResult };
  proofread: { options: OneCall<ProofreaderOptions>; result: ProofreadResult };
  extract: { options: ExtractOptions & { schema: JsonSchema }; result: ExtractResult<JsonValue> };
  classify: { options: ClassifyOptions & { labels: readonly string[] }; result: ClassifyResult<string> };
}

export type TaskKind = keyof TaskRuns;

/** The options argument: optional where every option is. */
export type TaskRunArgs<K extends TaskKind> =
  Partial<TaskRuns[K]['options']> extends TaskRuns[K]['options'] ? [options?: TaskRuns[K]['options']] : [options: TaskRuns[K]['options']];

type Runner<K extends TaskKind> = (engine: EngineV1, input: string, options: TaskRuns[K]['options'] | undefined) => Promise<TaskRuns[K]['result']>;

const RUNNERS: { [K in TaskKind]: Runner<K> } = {
  summarize: async (engine, input, options = {}) => (await Summarizer.create({ ...options, engine })).complete(input, options),
  write: async (engine, input, options = {}) => (await Writer.create({ ...options, engine })).complete(input, options),
  rewrite: async (engine, input, options = {}) => (await Rewriter.create({ ...options, engine })).complete(input, options),
  proofread: async (engine, input, options = {}) => (await Proofreader.create({ ...options, engine })).proofread(input, options),
  extract: async (engine, input, options) => {
    if (options?.schema === undefined)
      throw new HearthError({
        code: 'invalid_request',
        message: 'extract needs options.schema, the JSON Schema of the value to extract.',
        data: { field: 'schema' },
      });
    return extract(engine, input, options.schema, options);
  },
  classify: async (engine, input, options) => {
    if (options?.labels === undefined)
      throw new HearthError({ code: 'invalid_request', message: 'classify needs options.labels, the labels to choose from.', data: { field: 'labels' } });
    return classify(engine, input, options.labels, options);
  },
};

/**
 * Any task in one call, on any engine; the result says which prompt pack (id, version, family)
 * produced it. Also available as `createHearth({ engine }).run(task, input, options)`.
 *
 * @example
 * const { text, pack } = await runTask(engine, 'summarize', article, { type: 'tldr', format: 'plain-text' });
 * const { corrections } = await runTask(engine, 'proofread', draft);
 * const { value } = await runTask(engine, 'extract', email, { schema });
 */
export async function runTask<K extends TaskKind>(engine: EngineV1, task: K, input: string, ...[options]: TaskRunArgs<K>): Promise<TaskRuns[K]['result']> {
  if (!Object.hasOwn(RUNNERS, task)) {
    throw new HearthError({
      code: 'invalid_request',
      message: `Unknown task ${JSON.stringify(task)}; use one of ${Object.keys(RUNNERS).join(', ')}.`,
      data: { field: 'task' },
    });
  }
  const run: Runner<K> = RUNNERS[task];
  return run(engine, input, options);
}
