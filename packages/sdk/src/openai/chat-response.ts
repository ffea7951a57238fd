import { HearthError, type OpenAIChatCompletion, type OpenAIChatCompletionChunk, type OpenAIUsage, type RouteInfo, type StreamPart, type Usage } from '@hearth/spec';

export interface CompletionIdentity {
  id: string;
  model: string;
  created: number;
}

export function newCompletionIdentity(model: string): CompletionIdentity {
  return { id: `chatcmpl-${crypto.randomUUID().replaceAll('-', '')}`, model, created: Math.floor(Date.now() / 1000) };
}

export function toOpenAIUsage(usage: Usage): OpenAIUsage {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    hearth: {
      time_to_first_token_ms: usage.timeToFirstTokenMs,
      prefill_tokens_per_second: usage.prefillTokensPerSecond,
      decode_tokens_per_second: usage.decodeTokensPerSecond,
    },
  };
}

/**
 * Engine stream parts → OpenAI chunks: a role chunk first, content deltas, a finish chunk, and a
 * usage chunk when asked. An error part is thrown as HearthError (the caller decides the wire).
 */
export async function* toChatCompletionChunks(parts: AsyncIterable<StreamPart>, identity: CompletionIdentity, includeUsage: boolean): AsyncIterable<OpenAIChatCompletionChunk> {
  const base = { id: identity.id, object: 'chat.completion.chunk' as const, created: identity.created, model: identity.model };
  let sentRole = false;
  // Where the text runs rides on the next chunk (OpenAI's client ignores the extra field).
  let route: RouteInfo | undefined;
  const withRoute = (chunk: OpenAIChatCompletionChunk): OpenAIChatCompletionChunk => {
    if (!route) return chunk;
    const out = { ...chunk, hearth: { route } };
    route = undefined;
    return out;
  };
  for await (const part of parts) {
    if (part.type === 'error') throw HearthError.fromJSON(part.error);
    // OpenAI's wire has no place for a route switch; the text simply continues.
    if (part.type === 'route-switch') continue;
    if (part.type === 'route') {
      route = part.route;
      continue;
    }
    if (part.type === 'text-delta') {
      if (part.text === '') continue;
      yield withRoute({ ...base, choices: [{ index: 0, delta: sentRole ? { content: part.text } : { role: 'assistant', content: part.text }, finish_reason: null, logprobs: null }] });
      sentRole = true;
      continue;
    }
    if (!sentRole) yield withRoute({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }] });
    yield { ...base, choices: [{ index: 0, delta: {}, finish_reason: part.finishReason, logprobs: null }] };
    if (includeUsage) yield { ...base, choices: [], usage: toOpenAIUsage(part.usage) };
    return;
  }
  throw new HearthError({ code: 'internal', message: 'The engine stream ended without a finish part.' });
}

export async function toChatCompletion(parts: AsyncIterable<StreamPart>, identity: CompletionIdentity): Promise<OpenAIChatCompletion> {
  let content = '';
  const routes: RouteInfo[] = [];
  for await (const part of parts) {
    if (part.type === 'error') throw HearthError.fromJSON(part.error);
    if (part.type === 'route-switch') continue;
    if (part.type === 'route') routes.push(part.route);
    else if (part.type === 'text-delta') content += part.text;
    else
      return {
        id: identity.id,
        object: 'chat.completion',
        created: identity.created,
        model: identity.model,
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: part.finishReason, logprobs: null }],
        usage: toOpenAIUsage(part.usage),
        ...(routes.length > 0 ? { hearth: { routes } } : {}),
      };
  }
  throw new HearthError({ code: 'internal', message: 'The engine stream ended without a finish part.' });
}
