import { HearthError, type EngineV1, type FinishReason, type JsonSchema, type Usage } from '@hearth/spec';
import { generateObject } from '../structured/index.ts';
import type { PromptPackRef } from './prompt-packs.ts';
import { structuredTaskRequest } from './structured-task-request.ts';
import type { PackOptions, TaskCallOptions } from './task-options.ts';

export type ClassifyOptions = PackOptions & TaskCallOptions;

export interface ClassifyResult<L extends string> {
  label: L;
  finishReason: FinishReason;
  usage: Usage;
  pack: PromptPackRef;
}

/**
 * The one label of `labels` that fits the text, on any engine that enforces JSON schemas: the
 * answer is constrained to the labels (an `enum`), so it cannot be anything else.
 *
 * @example
 * const { label } = await classify(engine, ticket, ['billing', 'bug report', 'feature request']);
 */
export async function classify<const L extends string>(
  engine: EngineV1,
  text: string,
  labels: readonly L[],
  options: ClassifyOptions = {},
): Promise<ClassifyResult<L>> {
  if (!Array.isArray(labels) || labels.length < 2 || labels.some((l) => typeof l !== 'string' || l === '') || new Set(labels).size !== labels.length) {
    throw new HearthError({ code: 'invalid_request', message: 'labels must be at least two different, non-empty strings.', data: { field: 'labels' } });
  }
  const schema: JsonSchema = { type: 'object', properties: { label: { type: 'string', enum: labels } }, required: ['label'], additionalProperties: false };
  const { pack, request } = structuredTaskRequest(engine, 'classify', text, options, { labels });
  if (options.maxTokens === undefined) {
    // A token is at least one character, so the longest label in characters bounds its tokens;
    // 16 more cover `{"label": ""}` and the whitespace a grammar allows.
    request.maxTokens = Math.max(request.maxTokens ?? 0, 16 + Math.max(...labels.map((l) => l.length)));
  }
  const { value, finishReason, usage } = await generateObject(engine, { ...request, responseFormat: { type: 'json_schema', name: 'classify', schema } });
  const chosen = typeof value === 'object' && value !== null && !Array.isArray(value) ? value['label'] : undefined;
  const label = labels.find((l) => l === chosen);
  // Validated against the enum already; checked again because the type system cannot see that.
  if (label === undefined) throw new HearthError({ code: 'output_invalid', message: 'The answer is not one of the labels.' });
  return { label, finishReason, usage, pack };
}
