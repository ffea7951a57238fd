import { z } from '../validation/zod.ts';
import { invalidRequestFromZod } from './zod-error.ts';
import type { GenerateRequest } from '@hearth/spec';
import { responseFormatSchema, withSampling } from './chat-request.ts';

/** OpenAI's legacy completions request: raw text in, no chat template. */
export const completionRequestSchema = z.object({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string()).length(1)]),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: z.number().int().min(1).max(1_000_000).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  seed: z.number().int().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  n: z.literal(1).nullish(),
  echo: z.literal(false).nullish(),
  // Not in OpenAI's legacy endpoint, but llama-server and vLLM take it here too.
  response_format: responseFormatSchema.nullish(),
});

/** OpenAI's documented default for this endpoint. */
const DEFAULT_MAX_TOKENS = 16;

export function parseCompletionRequest(body: unknown): { model: string; stream: boolean; includeUsage: boolean; request: GenerateRequest } {
  const parsed = completionRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw invalidRequestFromZod(parsed.error);
  }
  const b = parsed.data;
  const request: GenerateRequest = {
    prompt: { type: 'text', text: typeof b.prompt === 'string' ? b.prompt : (b.prompt[0] ?? '') },
    maxTokens: b.max_tokens ?? DEFAULT_MAX_TOKENS,
  };
  return withSampling(request, b);
}
