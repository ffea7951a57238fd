import { HearthError, type GenerateRequest, type StreamPart, type Usage } from '@hearth/spec';
import type { SchemaCapabilities } from '../structured/schema-capabilities.ts';
import { renderToolPrompt, toolEnvelopeSchema, toolsActive, validateTools, type ToolEnvelopeOptions } from './tool-envelope.ts';
import { ToolEnvelopeReader } from './tool-envelope-reader.ts';

/**
 * Tool calling on an engine that enforces JSON schemas (the llama.cpp engines), in Hearth's
 * documented prompt format (tool-envelope.ts):
 * 1. the conversation is rendered into plain turns: tools in the system message, earlier calls as
 *    JSON, `role: 'tool'` results as `<tool_response>` blocks;
 * 2. with tools in force, the answer is constrained to the envelope schema, in which each call's
 *    `arguments` is its function's own schema, through the engine's structured output: a keyword
 *    the engine cannot enforce is refused before generating, and the whole answer is validated at
 *    the end (`output_invalid` otherwise), so arguments never arrive unconstrained;
 * 3. the envelope is read as it streams: a text answer as `text-delta` parts, calls as
 *    `tool-call-delta` parts (id and name first, then the raw argument JSON), and the stream
 *    finishes with `tool_calls` when any call was made.
 *
 * `generate` is the engine's structured-output stream (`withStructuredOutput(...)`).
 *
 * @example
 * doStream(request) {
 *   return withToolCalls(request, CAPS, (r) => withStructuredOutput(r, CAPS, (r2, format) => this.generate(r2, format)));
 * }
 */
export async function* withToolCalls(
  request: GenerateRequest,
  capabilities: SchemaCapabilities,
  generate: (request: GenerateRequest) => AsyncIterable<StreamPart>,
): AsyncIterable<StreamPart> {
  const refused = refuse(request, capabilities);
  if (refused) {
    yield { type: 'error', error: refused.toJSON() };
    return;
  }
  const active = toolsActive(request);
  const history = request.prompt.type === 'chat' && request.prompt.messages.some((m) => m.role === 'tool' || (m.toolCalls?.length ?? 0) > 0);
  if (!active && !history) {
    yield* generate(request);
    return;
  }
  const { tools, toolChoice, parallelToolCalls, ...rest } = request;
  const options: ToolEnvelopeOptions | undefined = active && tools ? { tools, choice: toolChoice ?? 'auto', parallel: parallelToolCalls ?? true } : undefined;
  const messages = request.prompt.type === 'chat' ? renderToolPrompt(request.prompt.messages, options) : [];
  const base: GenerateRequest = { ...rest, prompt: { type: 'chat', messages } };
  if (!options) {
    yield* generate(base);
    return;
  }
  base.responseFormat = { type: 'json_schema', name: 'tool_calls', schema: toolEnvelopeSchema(options) };
  const reader = new ToolEnvelopeReader();
  const ids: string[] = [];
  for await (const part of generate(base)) {
    if (part.type === 'text-delta') {
      const out: StreamPart[] = [];
      for (const event of reader.push(part.text)) {
        if (event.kind === 'content') out.push({ type: 'text-delta', text: event.text });
        else if (event.kind === 'call')
          out.push({ type: 'tool-call-delta', index: event.index, id: (ids[event.index] ??= newCallId()), name: event.name, argumentsText: '' });
        else if (event.text !== '') out.push({ type: 'tool-call-delta', index: event.index, argumentsText: event.text });
      }
      // Token ids ride on a text part (empty when the tokens wrote only JSON), so meters still count them.
      const first = out[0];
      if (part.tokenIds && first?.type === 'text-delta') out[0] = { ...first, tokenIds: part.tokenIds };
      else if (part.tokenIds) out.unshift({ type: 'text-delta', text: '', tokenIds: part.tokenIds });
      yield* out;
    } else if (part.type === 'finish') {
      yield reader.calls > 0 ? { ...part, finishReason: 'tool_calls' } : part;
      return;
    } else if (part.type === 'error') {
      // A text answer cut by the token limit is what OpenAI calls finish_reason "length" (a call
      // cut short stays an error: its arguments would not validate).
      const usage = part.error.data?.['usage'];
      if (part.error.code === 'output_truncated' && reader.calls === 0 && reader.answering && isUsage(usage))
        yield { type: 'finish', finishReason: 'length', usage };
      else yield { type: 'error', error: asToolsError(part.error) };
      return;
    } else {
      yield part;
    }
  }
}

/** What cannot be combined with tools here, named by the OpenAI parameter. */
function refuse(request: GenerateRequest, capabilities: SchemaCapabilities): HearthError | undefined {
  const invalid = validateTools(request);
  if (invalid) return invalid;
  if (!toolsActive(request)) return undefined;
  const bad = (code: 'invalid_request' | 'unsupported', param: string, message: string, hint?: string): HearthError =>
    new HearthError({ code, message, data: { param }, ...(hint ? { hint } : {}) });
  if (request.prompt.type !== 'chat') return bad('invalid_request', 'tools', 'Tools need a chat prompt.');
  if (capabilities.enforces === 'none')
    return bad(
      'unsupported',
      'tools',
      `${capabilities.engine} cannot constrain its output, so it cannot make tool calls whose arguments are sure to match their schemas.`,
      'Run tool calls on a llama.cpp engine or a Hearth gateway.',
    );
  if (request.responseFormat)
    return bad(
      'unsupported',
      'response_format',
      'response_format with tools is not supported: the tool-call format already constrains the whole answer.',
      'Send tool_choice "none" for a structured text answer.',
    );
  if (request.logprobs !== undefined)
    return bad('unsupported', 'logprobs', 'logprobs with tools is not supported: the tokens spell the tool-call JSON, not the answer.');
  return undefined;
}

/** Structured-output errors about the envelope, named as what the caller sent: `tools`. */
function asToolsError(error: Extract<StreamPart, { type: 'error' }>['error']): Extract<StreamPart, { type: 'error' }>['error'] {
  if (error.data?.['param'] !== 'response_format') return error;
  return { ...error, data: { ...error.data, param: 'tools' } };
}

function isUsage(value: unknown): value is Usage {
  return typeof value === 'object' && value !== null && typeof (value as Usage).completionTokens === 'number';
}

function newCallId(): string {
  return `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;
}
