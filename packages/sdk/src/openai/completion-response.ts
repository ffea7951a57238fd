import { HearthError, type FinishReason, type OpenAIUsage, type StreamPart } from '@hearth/spec';
import { toOpenAIUsage, type CompletionIdentity } from './chat-response.ts';

export interface OpenAICompletion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: Array<{ text: string; index: number; logprobs: null; finish_reason: 'stop' | 'length' | null }>;
  usage?: OpenAIUsage | null;
}

/** Engine parts → OpenAI `text_completion` chunks (same object shape as the whole response). */
export async function* toCompletionChunks(
  parts: AsyncIterable<StreamPart>,
  identity: CompletionIdentity,
  includeUsage: boolean,
): AsyncIterable<OpenAICompletion> {
  const base = { id: identity.id, object: 'text_completion' as const, created: identity.created, model: identity.model };
  for await (const part of parts) {
    if (part.type === 'error') throw HearthError.fromJSON(part.error);
    // OpenAI's wire has no place for a route switch; the text simply continues. (A raw text prompt carries no tools, so no calls.)
    if (part.type === 'route-switch' || part.type === 'route' || part.type === 'tool-call-delta') continue;
    if (part.type === 'text-delta') {
      if (part.text !== '') yield { ...base, choices: [{ text: part.text, index: 0, logprobs: null, finish_reason: null }] };
      continue;
    }
    yield { ...base, choices: [{ text: '', index: 0, logprobs: null, finish_reason: legacyFinish(part.finishReason) }] };
    if (includeUsage) yield { ...base, choices: [], usage: toOpenAIUsage(part.usage) };
    return;
  }
  throw new HearthError({ code: 'internal', message: 'The engine stream ended without a finish part.' });
}

export async function toCompletion(parts: AsyncIterable<StreamPart>, identity: CompletionIdentity): Promise<OpenAICompletion> {
  let text = '';
  for await (const part of parts) {
    if (part.type === 'error') throw HearthError.fromJSON(part.error);
    if (part.type === 'route-switch' || part.type === 'route' || part.type === 'tool-call-delta') continue;
    if (part.type === 'text-delta') text += part.text;
    else
      return {
        id: identity.id,
        object: 'text_completion',
        created: identity.created,
        model: identity.model,
        choices: [{ text, index: 0, logprobs: null, finish_reason: legacyFinish(part.finishReason) }],
        usage: toOpenAIUsage(part.usage),
      };
  }
  throw new HearthError({ code: 'internal', message: 'The engine stream ended without a finish part.' });
}

/** The legacy endpoint has no tools, so no `tool_calls` finish; a raw text prompt never makes one. */
function legacyFinish(reason: FinishReason): 'stop' | 'length' {
  return reason === 'length' ? 'length' : 'stop';
}
