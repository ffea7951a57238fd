import { HearthError, type EngineV1, type FinishReason, type GenerateRequest, type JsonValue, type ResponseFormat, type Usage } from '@hearth/spec';
import { compileSchemaValidator } from './compile-schema-validator.ts';
import { PartialJsonParser } from './partial-json-parser.ts';
import { JSON_OBJECT_SCHEMA } from './prepare-response-format.ts';

export type ObjectRequest = GenerateRequest & { responseFormat: ResponseFormat };

/** What `streamObject` yields: the value so far each time it changes, then the validated whole. */
export type ObjectStreamPart =
  { type: 'partial-object'; value: JsonValue } | { type: 'object'; value: JsonValue; text: string; finishReason: FinishReason; usage: Usage };

/**
 * Structured output from any engine as objects: partial ones while the text grows, then the final
 * one, validated against the schema. Throws HearthError (`unsupported` before generation,
 * `output_truncated`, `output_invalid`, or the engine's own error). The engine enforces the
 * format; this checks again, so an engine that ignored it cannot hand back a broken object.
 *
 * @example
 * for await (const part of streamObject(engine, { prompt, responseFormat: { type: 'json_schema', schema } })) {
 *   if (part.type === 'partial-object') render(part.value);
 *   else save(part.value);
 * }
 */
export async function* streamObject(engine: EngineV1, request: ObjectRequest): AsyncIterable<ObjectStreamPart> {
  const format = request.responseFormat;
  const validator = compileSchemaValidator(format.type === 'json_schema' ? format.schema : JSON_OBJECT_SCHEMA);
  const stop = new AbortController();
  const signal = request.signal ? AbortSignal.any([request.signal, stop.signal]) : stop.signal;
  const parser = new PartialJsonParser();
  let text = '';
  let shown = '';
  try {
    for await (const part of engine.doStream({ ...request, signal })) {
      if (part.type === 'error') throw HearthError.fromJSON(part.error);
      if (part.type === 'text-delta') {
        text += part.text;
        if (parser.push(part.text) === 'invalid')
          throw new HearthError({
            code: 'output_invalid',
            message: `The ${engine.engineId} output is not JSON (${parser.error?.message ?? 'unexpected text'}).`,
          });
        const value = parser.partial();
        const key = value === undefined ? '' : JSON.stringify(value);
        if (value !== undefined && key !== shown) {
          shown = key;
          yield { type: 'partial-object', value };
        }
        continue;
      }
      if (part.type !== 'finish') continue;
      if (parser.end() !== 'complete') {
        throw part.finishReason === 'length'
          ? new HearthError({
              code: 'output_truncated',
              message: 'The token limit ran out before the JSON value was complete.',
              hint: 'Raise maxTokens, or bound the schema (maxLength, maxItems).',
            })
          : new HearthError({ code: 'output_invalid', message: 'The output ended before the JSON value was complete.' });
      }
      const value = parser.value();
      const violations = validator.validate(value);
      if (violations.length > 0)
        throw new HearthError({
          code: 'output_invalid',
          message: `The output does not match the schema: ${violations[0]?.path || '(the value)'} ${violations[0]?.message ?? ''}.`,
          data: { violations },
        });
      yield { type: 'object', value, text, finishReason: part.finishReason, usage: part.usage };
      return;
    }
  } finally {
    // Leaving early (an error here, or the caller stopped reading) stops the engine too.
    stop.abort();
  }
  throw new HearthError({ code: 'internal', message: 'The engine stream ended without a finish part.' });
}

/**
 * The validated object in one call.
 *
 * @example
 * const { object } = await generateObject(engine, { prompt, responseFormat: { type: 'json_object' } });
 */
export async function generateObject(engine: EngineV1, request: ObjectRequest): Promise<Extract<ObjectStreamPart, { type: 'object' }>> {
  for await (const part of streamObject(engine, request)) if (part.type === 'object') return part;
  throw new HearthError({ code: 'internal', message: 'The engine stream ended without a finish part.' });
}
