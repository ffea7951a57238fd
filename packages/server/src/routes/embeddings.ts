import type { Context } from 'hono';
import { z } from 'zod';
import { canEmbed, HearthError, type EngineV1 } from '@hearth/spec';
import { invalidRequestFromZod } from '@hearth/sdk/openai';
import { openAIErrorResponse } from '../http/openai-error.ts';

const MAX_INPUTS = 256;

/** OpenAI's embeddings request: text in (one string or a list), floats out. */
const embeddingsRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(MAX_INPUTS)]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().min(1).optional(),
  user: z.string().optional(),
});

/** POST /v1/embeddings. Vectors are computed, returned and forgotten: nothing is cached. */
export async function embeddings(c: Context, engineFor: (model: string) => EngineV1 | undefined): Promise<Response> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return openAIErrorResponse(new HearthError({ code: 'invalid_request', message: 'The request body is not valid JSON.', data: { param: null } }));
  }
  const parsed = embeddingsRequestSchema.safeParse(body);
  if (!parsed.success) {
    return openAIErrorResponse(invalidRequestFromZod(parsed.error));
  }
  const { model, input, encoding_format: encoding, dimensions } = parsed.data;
  const engine = engineFor(model);
  if (!engine)
    return openAIErrorResponse(
      new HearthError({ code: 'model_not_found', message: `The model '${model}' does not exist on this gateway.`, data: { param: 'model' } }),
    );
  if (!canEmbed(engine))
    return openAIErrorResponse(
      new HearthError({ code: 'unsupported', message: `The model '${model}' cannot make embeddings here.`, data: { param: 'model' } }),
    );
  const inputs = typeof input === 'string' ? [input] : input;
  const { embeddings: vectors, promptTokens } = await engine.embed(inputs, c.req.raw.signal);
  if (dimensions !== undefined && vectors[0] && dimensions !== vectors[0].length) {
    return openAIErrorResponse(
      new HearthError({
        code: 'unsupported',
        message: `This model makes ${vectors[0].length}-dimensional embeddings; 'dimensions' cannot change that.`,
        data: { param: 'dimensions' },
      }),
    );
  }
  return c.json({
    object: 'list',
    model,
    data: vectors.map((v, index) => ({
      object: 'embedding',
      index,
      embedding: encoding === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v,
    })),
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}
