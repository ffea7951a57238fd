import { z } from 'zod';
import { HearthError, type GenerateRequest, type OpenAIChatCompletionRequest } from '@hearth/spec';

const message = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(z.object({ type: z.literal('text'), text: z.string() }))]),
});

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
});

/**
 * Validates an OpenAI chat request and turns it into an engine request. Throws HearthError
 * `invalid_request` naming the first bad field (`data.param`), as OpenAI does.
 */
export function parseChatCompletionRequest(body: unknown): { model: string; stream: boolean; includeUsage: boolean; request: GenerateRequest } {
  const parsed = chatCompletionRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue ? issue.path.join('.') : '';
    throw new HearthError({
      code: 'invalid_request',
      message: issue ? `Invalid value for '${param || 'body'}': ${issue.message}` : 'Invalid request body.',
      hint: 'See the OpenAI chat completions reference for the expected shape.',
      data: { param: param || null },
    });
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
  if (b.temperature != null) request.temperature = b.temperature;
  if (b.top_p != null) request.topP = b.top_p;
  if (b.seed != null) request.seed = b.seed;
  if (b.stop != null) request.stop = typeof b.stop === 'string' ? [b.stop] : b.stop;
  return { model: b.model, stream: b.stream ?? false, includeUsage: b.stream_options?.include_usage ?? false, request };
}

export type { OpenAIChatCompletionRequest };
