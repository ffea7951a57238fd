import { HearthError, type GenerateRequest, type StreamPart } from '@hearth/spec';
import { PartialJsonParser } from './partial-json-parser.ts';
import { prepareResponseFormat, type PreparedResponseFormat } from './prepare-response-format.ts';
import type { SchemaCapabilities } from './schema-capabilities.ts';

/**
 * An engine's `doStream` with `responseFormat` made safe, whatever the engine underneath does:
 * 1. before generating, the format is checked against what the engine enforces (`unsupported`
 *    and no generation at all when a keyword cannot be enforced);
 * 2. while generating, every text delta must extend a valid JSON prefix; the first one that does
 *    not stops generation (its text is never passed on) and ends the stream with `output_invalid`,
 *    so an engine or server that dropped its grammar cannot stream unconstrained text;
 * 3. at the end, a value cut short is `output_truncated` (the token limit) or `output_invalid`,
 *    and a whole value must validate against the schema, or the stream ends with `output_invalid`.
 *
 * `generate` receives the request with a signal this guard may abort.
 *
 * @example
 * doStream(request) {
 *   return withStructuredOutput(request, LLAMA_CPP_SCHEMA_CAPABILITIES, (r, format) => this.generate(r, format));
 * }
 */
export async function* withStructuredOutput(
  request: GenerateRequest,
  capabilities: SchemaCapabilities,
  generate: (request: GenerateRequest, format: PreparedResponseFormat | undefined) => AsyncIterable<StreamPart>,
): AsyncIterable<StreamPart> {
  if (request.responseFormat === undefined) {
    yield* generate(request, undefined);
    return;
  }
  let prepared: PreparedResponseFormat;
  try {
    prepared = prepareResponseFormat(request.responseFormat, capabilities);
  } catch (error) {
    yield { type: 'error', error: HearthError.from(error, 'invalid_request').toJSON() };
    return;
  }
  const stop = new AbortController();
  const signal = request.signal ? AbortSignal.any([request.signal, stop.signal]) : stop.signal;
  const parser = new PartialJsonParser();
  for await (const part of generate({ ...request, signal }, prepared)) {
    if (part.type === 'text-delta') {
      if (parser.push(part.text) === 'invalid') {
        stop.abort();
        const where = parser.error;
        yield invalid(
          `The ${capabilities.engine} output stopped being JSON at character ${where?.offset ?? 0} (${where?.message ?? 'unexpected text'}), so generation was stopped: the engine did not hold to the response format.`,
          { offset: where?.offset ?? 0 },
        );
        return;
      }
      yield part;
      continue;
    }
    if (part.type !== 'finish') {
      yield part;
      if (part.type === 'error') return;
      continue;
    }
    if (parser.end() !== 'complete') {
      if (part.finishReason === 'length') {
        yield {
          type: 'error',
          error: new HearthError({
            code: 'output_truncated',
            message: `The token limit (${request.maxTokens ?? 'the default'}) ran out before the JSON value was complete.`,
            hint: 'Raise max_tokens, or bound the schema (maxLength, maxItems) so the value fits.',
            data: { maxTokens: request.maxTokens ?? null, completionTokens: part.usage.completionTokens, usage: part.usage },
          }).toJSON(),
        };
      } else {
        yield invalid('The output ended before the JSON value was complete.', {});
      }
      return;
    }
    const violations = prepared.validator.validate(parser.value());
    if (violations.length > 0) {
      const first = violations[0];
      yield invalid(`The output does not match the schema: ${first?.path || '(the value)'} ${first?.message ?? ''}.`, { violations });
      return;
    }
    yield part;
    return;
  }
}

function invalid(message: string, data: Record<string, unknown>): StreamPart {
  return { type: 'error', error: new HearthError({ code: 'output_invalid', message, data }).toJSON() };
}
