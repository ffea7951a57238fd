import { z } from 'zod';
import { invalidRequestFromZod } from './zod-error.ts';
import type { GenerateRequest, OpenAIChatCompletionRequest, ResponseFormat } from '@hearth/spec';

const message = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(z.object({ type: z.literal('text'), text: z.string() }))]),
});

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

/** OpenAI's chat-completions request, the fields Hearth honours; unknown fields are ignored as OpenAI does. */
export const chatCompletionRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: z.number().int().min(1).max(1_000_000).nullish(),
  max_completion_tokens: z.number().int().min(1).max(1_000_000).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  seed: z.number().int().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  n: z.literal(1).nullish(),
  response_format: responseFormatSchema.nullish(),
});

/**
 * Validates an OpenAI chat request and turns it into an engine request. Throws HearthError
 * `invalid_request` naming the first bad field (`data.param`), as OpenAI does.
 */
export function parseChatCompletionRequest(body: unknown): { model: string; stream: boolean; includeUsage: boolean; request: GenerateRequest } {
  const parsed = chatCompletionRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw invalidRequestFromZod(parsed.error, 'See the OpenAI chat completions reference for the expected shape.');
  }
  const b = parsed.data;
  const request: GenerateRequest = {
    prompt: {
      type: 'chat',
      messages: b.messages.map((m) => ({
        role: m.role === 'developer' ? 'system' : m.role,
        content: typeof m.content === 'string' ? m.content : m.content.map((p) => p.text).join(''),
      })),
    },
  };
  const maxTokens = b.max_completion_tokens ?? b.max_tokens;
  if (maxTokens != null) request.maxTokens = maxTokens;
  return withSampling(request, b);
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
