import {
  HearthError,
  type OpenAIChatCompletion,
  type OpenAIChatCompletionChunk,
  type OpenAITokenLogprob,
  type OpenAIToolCall,
  type OpenAIToolCallDelta,
  type OpenAIUsage,
  type RouteInfo,
  type StreamPart,
  type TokenLogprob,
  type ToolCallDelta,
  type Usage,
} from '@hearth/spec';

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

/** Hearth's log-probabilities in OpenAI's shape. */
export function toOpenAILogprobs(logprobs: readonly TokenLogprob[]): OpenAITokenLogprob[] {
  return logprobs.map((l) => ({
    token: l.token,
    logprob: l.logprob,
    bytes: l.bytes,
    top_logprobs: l.top.map((t) => ({ token: t.token, logprob: t.logprob, bytes: t.bytes })),
  }));
}

/**
 * Engine stream parts → OpenAI chunks: a role chunk first, content and `tool_calls` deltas, a
 * finish chunk, and a usage chunk when asked. An error part is thrown as HearthError (the caller
 * decides the wire).
 */
export async function* toChatCompletionChunks(
  parts: AsyncIterable<StreamPart>,
  identity: CompletionIdentity,
  includeUsage: boolean,
): AsyncIterable<OpenAIChatCompletionChunk> {
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
  const delta = (
    d: OpenAIChatCompletionChunk['choices'][number]['delta'],
    logprobs: OpenAIChatCompletionChunk['choices'][number]['logprobs'] = null,
  ): OpenAIChatCompletionChunk => {
    const chunk = withRoute({ ...base, choices: [{ index: 0, delta: sentRole ? d : { role: 'assistant', ...d }, finish_reason: null, logprobs }] });
    sentRole = true;
    return chunk;
  };
  for await (const part of parts) {
    switch (part.type) {
      case 'error':
        throw HearthError.fromJSON(part.error);
      // OpenAI's wire has no place for a route switch; the text simply continues.
      case 'route-switch':
        continue;
      case 'route':
        route = part.route;
        continue;
      case 'text-delta':
        if (part.text === '' && !part.logprobs?.length) continue;
        yield delta({ content: part.text }, part.logprobs ? { content: toOpenAILogprobs(part.logprobs), refusal: null } : null);
        continue;
      case 'tool-call-delta':
        yield delta({ tool_calls: [toToolCallDelta(part)] });
        continue;
      case 'finish':
        if (!sentRole) yield delta({ content: '' });
        yield { ...base, choices: [{ index: 0, delta: {}, finish_reason: part.finishReason, logprobs: null }] };
        if (includeUsage) yield { ...base, choices: [], usage: toOpenAIUsage(part.usage) };
        return;
    }
  }
  throw new HearthError({ code: 'internal', message: 'The engine stream ended without a finish part.' });
}

function toToolCallDelta(part: ToolCallDelta): OpenAIToolCallDelta {
  if (part.id === undefined) return { index: part.index, function: { arguments: part.argumentsText } };
  return {
    index: part.index,
    id: part.id,
    type: 'function',
    function: { ...(part.name === undefined ? {} : { name: part.name }), arguments: part.argumentsText },
  };
}

export async function toChatCompletion(parts: AsyncIterable<StreamPart>, identity: CompletionIdentity): Promise<OpenAIChatCompletion> {
  let content = '';
  const routes: RouteInfo[] = [];
  const calls: OpenAIToolCall[] = [];
  const logprobs: TokenLogprob[] = [];
  let withLogprobs = false;
  for await (const part of parts) {
    switch (part.type) {
      case 'error':
        throw HearthError.fromJSON(part.error);
      case 'route-switch':
        continue;
      case 'route':
        routes.push(part.route);
        continue;
      case 'text-delta':
        content += part.text;
        if (part.logprobs) {
          withLogprobs = true;
          logprobs.push(...part.logprobs);
        }
        continue;
      case 'tool-call-delta': {
        const call = (calls[part.index] ??= { id: part.id ?? '', type: 'function', function: { name: part.name ?? '', arguments: '' } });
        call.function.arguments += part.argumentsText;
        continue;
      }
      case 'finish': {
        const made = calls.filter(Boolean);
        return {
          id: identity.id,
          object: 'chat.completion',
          created: identity.created,
          model: identity.model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: made.length > 0 && content === '' ? null : content,
                refusal: null,
                ...(made.length > 0 ? { tool_calls: made } : {}),
              },
              finish_reason: part.finishReason,
              logprobs: withLogprobs ? { content: toOpenAILogprobs(logprobs), refusal: null } : null,
            },
          ],
          usage: toOpenAIUsage(part.usage),
          ...(routes.length > 0 ? { hearth: { routes } } : {}),
        };
      }
    }
  }
  throw new HearthError({ code: 'internal', message: 'The engine stream ended without a finish part.' });
}
