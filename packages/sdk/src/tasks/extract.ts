import { HearthError, type EngineV1, type FinishReason, type JsonSchema, type JsonValue, type Usage } from '@hearth/spec';
import { streamObject } from '../structured/index.ts';
import type { PromptPackRef } from './prompt-packs.ts';
import { structuredTaskRequest } from './structured-task-request.ts';
import type { PackOptions, TaskCallOptions } from './task-options.ts';

export interface ExtractOptions extends PackOptions, TaskCallOptions {
  /** The response format's name, shown to servers that log it (OpenAI's `json_schema.name`). */
  name?: string;
}

/** The extracted value, validated against the schema, with the pack that produced it. */
export interface ExtractResult<T> {
  value: T;
  /** The JSON text the model wrote. */
  text: string;
  finishReason: FinishReason;
  usage: Usage;
  pack: PromptPackRef;
}

/** What `extractStreaming` yields: the value so far each time it grows, then the validated whole. */
export type ExtractStreamPart = { type: 'partial'; value: JsonValue; pack: PromptPackRef } | ({ type: 'object' } & ExtractResult<JsonValue>);

/**
 * Pulls fields out of text as JSON valid against `schema`, on any engine that can enforce it
 * (Hearth's structured output: the engine constrains generation, and the result is validated
 * again). Throws HearthError `unsupported` before generating when the engine cannot enforce a
 * keyword of the schema, `output_truncated` when the token budget runs out, `output_invalid`.
 * `parse` turns the validated JSON into your type (a zod schema's `parse`, for instance).
 *
 * @example
 * const { value } = await extract(engine, email, { type: 'object', properties: { date: { type: 'string', format: 'date' } }, required: ['date'] });
 * const { value: invoice } = await extract(engine, text, invoiceSchema, { parse: (v) => Invoice.parse(v) });
 */
export function extract(engine: EngineV1, text: string, schema: JsonSchema, options?: ExtractOptions): Promise<ExtractResult<JsonValue>>;
export function extract<T>(
  engine: EngineV1,
  text: string,
  schema: JsonSchema,
  options: ExtractOptions & { parse: (value: JsonValue) => T },
): Promise<ExtractResult<T>>;
export async function extract(
  engine: EngineV1,
  text: string,
  schema: JsonSchema,
  options: ExtractOptions & { parse?: (value: JsonValue) => unknown } = {},
): Promise<ExtractResult<unknown>> {
  for await (const part of extractStreaming(engine, text, schema, options)) {
    if (part.type !== 'object') continue;
    const { type: _type, ...result } = part;
    return options.parse ? { ...result, value: options.parse(part.value) } : result;
  }
  throw new HearthError({ code: 'internal', message: 'The engine stream ended without a value.' });
}

/**
 * `extract` as a stream: partial values while the JSON grows (for a form that fills in as the
 * model writes), then the validated value.
 *
 * @example
 * for await (const part of extractStreaming(engine, text, schema)) form.fill(part.value);
 */
export async function* extractStreaming(engine: EngineV1, text: string, schema: JsonSchema, options: ExtractOptions = {}): AsyncIterable<ExtractStreamPart> {
  const { pack, request } = structuredTaskRequest(engine, 'extract', text, options, { schema });
  for await (const part of streamObject(engine, { ...request, responseFormat: { type: 'json_schema', name: options.name ?? 'extract', schema } })) {
    if (part.type === 'partial-object') yield { type: 'partial', value: part.value, pack };
    else yield { type: 'object', value: part.value, text: part.text, finishReason: part.finishReason, usage: part.usage, pack };
  }
}
