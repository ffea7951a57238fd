import { z } from '../validation/zod.ts';
import { invalidRequestFromZod } from './zod-error.ts';
import { HearthError, type ChatMessage, type GenerateRequest, type OpenAIChatCompletionRequest, type ResponseFormat } from '@hearth/spec';

const textContent = z.union([z.string(), z.array(z.object({ type: z.literal('text'), text: z.string() }))]);
const toolCall = z.object({ id: z.string().min(1), type: z.literal('function'), function: z.object({ name: z.string().min(1), arguments: z.string() }) });
const message = z.discriminatedUnion('role', [
  z.object({ role: z.enum(['system', 'developer', 'user']), content: textContent, name: z.string().optional() }),
  z.object({
    role: z.literal('assistant'),
    content: textContent.nullish(),
    name: z.string().optional(),
    tool_calls: z.array(toolCall).optional(),
    refusal: z.string().nullish(),
  }),
  z.object({ role: z.literal('tool'), content: textContent, tool_call_id: z.string().min(1) }),
]);

const toolSchema = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -'),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    // Always in force: arguments are constrained to the schema or the request is refused.
    strict: z.boolean().nullish(),
  }),
});
const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }) }),
]);

/**
 * OpenAI's `response_format`. The schema's keywords are checked by the engine that runs it
 * (what it cannot enforce is refused there); `strict` is accepted and always in force.
 */
export const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      // OpenAI's own rule for the name.
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -'),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()),
      strict: z.boolean().nullish(),
    }),
  }),
]);

/** `response_format` as an engine's `responseFormat`; `text` (or none) is no constraint. */
export function toResponseFormat(format: z.infer<typeof responseFormatSchema> | null | undefined): ResponseFormat | undefined {
  if (format == null || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  return { type: 'json_schema', name: format.json_schema.name, schema: format.json_schema.schema };
}

/**
 * Every chat-completions parameter of OpenAI's API and what Hearth does with it (README's table
 * "Chat-completions parameters" is this list). `honoured` change the answer; `noEffect` are
 * accepted and checked but change nothing (metadata about the caller, a cache hint); `refused`
 * get a 400 naming them whenever they are set. Any other key is refused the same way.
 */
export const CHAT_PARAMETERS = {
  honoured: [
    'messages',
    'model',
    'stream',
    'stream_options',
    'max_tokens',
    'max_completion_tokens',
    'temperature',
    'top_p',
    'seed',
    'stop',
    'n',
    'response_format',
    'tools',
    'tool_choice',
    'parallel_tool_calls',
    'logprobs',
    'top_logprobs',
    'logit_bias',
    'frequency_penalty',
    'presence_penalty',
    'modalities',
    'store',
  ],
  noEffect: ['user', 'metadata', 'safety_identifier', 'prompt_cache_key'],
  refused: {
    audio: 'Hearth answers in text only.',
    functions: "'functions' is OpenAI's deprecated form of tools; send 'tools'.",
    function_call: "'function_call' is OpenAI's deprecated form of tool_choice; send 'tool_choice'.",
    moderation: 'Hearth runs no moderation model.',
    prediction: 'Predicted outputs are not supported.',
    prompt_cache_options: 'Prompt caching options are not supported.',
    prompt_cache_retention: 'Prompt caching options are not supported.',
    reasoning_effort: 'The models Hearth runs have no reasoning-effort setting.',
    service_tier: 'A Hearth gateway has one service tier.',
    verbosity: 'The models Hearth runs have no verbosity setting.',
    web_search_options: 'Hearth does not search the web.',
  },
} as const;

const refusedParameter = z.unknown().refine((v) => v === undefined || v === null, { message: 'is not supported' });
const refusedFields = Object.fromEntries(Object.keys(CHAT_PARAMETERS.refused).map((key) => [key, refusedParameter.optional()]));

/** OpenAI's chat-completions request: what Hearth honours, accepts without effect, or refuses. */
export const chatCompletionRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(message).min(1),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() }).strict().nullish(),
    max_tokens: z.number().int().min(1).max(1_000_000).nullish(),
    max_completion_tokens: z.number().int().min(1).max(1_000_000).nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().gt(0).max(1).nullish(),
    seed: z.number().int().nullish(),
    stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
    n: z.literal(1, 'must be 1: Hearth generates one choice').nullish(),
    response_format: responseFormatSchema.nullish(),
    tools: z.array(toolSchema).max(128).nullish(),
    tool_choice: toolChoiceSchema.nullish(),
    parallel_tool_calls: z.boolean().nullish(),
    logprobs: z.boolean().nullish(),
    top_logprobs: z.number().int().min(0).max(20).nullish(),
    logit_bias: z.record(z.string().regex(/^(0|[1-9]\d{0,9})$/, 'keys must be token ids'), z.number().min(-100).max(100)).nullish(),
    frequency_penalty: z.number().min(-2).max(2).nullish(),
    presence_penalty: z.number().min(-2).max(2).nullish(),
    modalities: z.array(z.literal('text', "only 'text' is supported")).nullish(),
    store: z.literal(false, 'must be false: Hearth keeps nothing').nullish(),
    user: z.string().max(256).nullish(),
    safety_identifier: z.string().max(256).nullish(),
    prompt_cache_key: z.string().max(1024).nullish(),
    metadata: z
      .record(z.string().max(64), z.string().max(512))
      .refine((m) => Object.keys(m).length <= 16, 'at most 16 pairs')
      .nullish(),
    ...refusedFields,
  })
  .strict();

/**
 * Validates an OpenAI chat request and turns it into an engine request. Throws HearthError
 * `invalid_request` naming the first bad field (`data.param`), as OpenAI does.
 */
export function parseChatCompletionRequest(body: unknown): { model: string; stream: boolean; includeUsage: boolean; request: GenerateRequest } {
  const parsed = chatCompletionRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      throw new HearthError({
        code: 'invalid_request',
        message: `Unrecognized request argument supplied: ${key}.`,
        hint: 'README lists the chat-completions parameters Hearth honours.',
        data: { param: key },
      });
    }
    const refused = issue?.path.length === 1 ? (CHAT_PARAMETERS.refused as Record<string, string>)[String(issue.path[0])] : undefined;
    if (refused !== undefined)
      throw new HearthError({
        code: 'invalid_request',
        message: `'${String(issue?.path[0])}' is not supported: ${refused}`,
        data: { param: String(issue?.path[0]) },
      });
    throw invalidRequestFromZod(parsed.error, 'See the OpenAI chat completions reference for the expected shape.');
  }
  const b = parsed.data;
  const request: GenerateRequest = { prompt: { type: 'chat', messages: b.messages.map(toChatMessage) } };
  const maxTokens = b.max_completion_tokens ?? b.max_tokens;
  if (maxTokens != null) request.maxTokens = maxTokens;
  if (b.tools != null && b.tools.length > 0) {
    request.tools = b.tools.map((t) => ({
      name: t.function.name,
      ...(t.function.description === undefined ? {} : { description: t.function.description }),
      ...(t.function.parameters === undefined ? {} : { parameters: t.function.parameters }),
    }));
  }
  if (b.tool_choice != null) {
    if (b.tools == null || b.tools.length === 0) {
      if (b.tool_choice !== 'none')
        throw new HearthError({ code: 'invalid_request', message: "Invalid 'tool_choice': it needs 'tools'.", data: { param: 'tool_choice' } });
    } else request.toolChoice = typeof b.tool_choice === 'string' ? b.tool_choice : { type: 'function', name: b.tool_choice.function.name };
  }
  if (b.parallel_tool_calls != null) request.parallelToolCalls = b.parallel_tool_calls;
  if (b.top_logprobs != null && b.logprobs !== true)
    throw new HearthError({ code: 'invalid_request', message: "Invalid 'top_logprobs': it needs 'logprobs' set to true.", data: { param: 'top_logprobs' } });
  if (b.logprobs === true) request.logprobs = b.top_logprobs ?? 0;
  if (b.logit_bias != null) request.logitBias = Object.fromEntries(Object.entries(b.logit_bias).map(([k, v]) => [Number(k), v]));
  if (b.frequency_penalty != null) request.frequencyPenalty = b.frequency_penalty;
  if (b.presence_penalty != null) request.presencePenalty = b.presence_penalty;
  return withSampling(request, { ...b, stream: b.stream ?? undefined });
}

function toChatMessage(m: z.infer<typeof message>): ChatMessage {
  const text = (content: z.infer<typeof textContent> | null | undefined): string =>
    content == null ? '' : typeof content === 'string' ? content : content.map((p) => p.text).join('');
  if (m.role === 'tool') return { role: 'tool', content: text(m.content), toolCallId: m.tool_call_id };
  if (m.role === 'assistant') {
    const out: ChatMessage = { role: 'assistant', content: text(m.content) };
    if (m.tool_calls && m.tool_calls.length > 0)
      out.toolCalls = m.tool_calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments }));
    return out;
  }
  return { role: m.role === 'developer' ? 'system' : m.role, content: text(m.content) };
}

/** The fields chat and text completions share, onto an engine request; returns the parse result. */
export function withSampling(
  request: GenerateRequest,
  b: {
    model: string;
    stream?: boolean | undefined;
    stream_options?: { include_usage?: boolean | undefined } | null | undefined;
    temperature?: number | null | undefined;
    top_p?: number | null | undefined;
    seed?: number | null | undefined;
    stop?: string | string[] | null | undefined;
    response_format?: Parameters<typeof toResponseFormat>[0];
  },
): { model: string; stream: boolean; includeUsage: boolean; request: GenerateRequest } {
  if (b.temperature != null) request.temperature = b.temperature;
  if (b.top_p != null) request.topP = b.top_p;
  if (b.seed != null) request.seed = b.seed;
  if (b.stop != null) request.stop = typeof b.stop === 'string' ? [b.stop] : b.stop;
  const responseFormat = toResponseFormat(b.response_format);
  if (responseFormat) request.responseFormat = responseFormat;
  return { model: b.model, stream: b.stream ?? false, includeUsage: b.stream_options?.include_usage ?? false, request };
}

export type { OpenAIChatCompletionRequest };
