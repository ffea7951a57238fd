import type { EngineV1, OpenAIChatCompletion, OpenAIChatCompletionChunk, OpenAIChatCompletionRequest } from '@hearth/spec';
import { parseChatCompletionRequest } from './chat-request.ts';
import { newCompletionIdentity, toChatCompletion, toChatCompletionChunks } from './chat-response.ts';

export interface Hearth {
  chat: {
    completions: {
      create(body: OpenAIChatCompletionRequest & { stream: true }, options?: { signal?: AbortSignal }): Promise<AsyncIterable<OpenAIChatCompletionChunk>>;
      create(body: OpenAIChatCompletionRequest & { stream?: false }, options?: { signal?: AbortSignal }): Promise<OpenAIChatCompletion>;
    };
  };
  readonly engine: EngineV1;
}

/**
 * The OpenAI-shaped surface over any engine, the same in the browser and in Node.
 *
 * @example
 * const hearth = createHearth({ engine });
 * for await (const chunk of await hearth.chat.completions.create({ model: 'demo', messages, stream: true })) {
 *   output.append(chunk.choices[0]?.delta.content ?? '');
 * }
 */
export function createHearth({ engine }: { engine: EngineV1 }): Hearth {
  function create(body: OpenAIChatCompletionRequest & { stream: true }, options?: { signal?: AbortSignal }): Promise<AsyncIterable<OpenAIChatCompletionChunk>>;
  function create(body: OpenAIChatCompletionRequest & { stream?: false }, options?: { signal?: AbortSignal }): Promise<OpenAIChatCompletion>;
  async function create(body: OpenAIChatCompletionRequest, options: { signal?: AbortSignal } = {}): Promise<AsyncIterable<OpenAIChatCompletionChunk> | OpenAIChatCompletion> {
    const parsed = parseChatCompletionRequest(body);
    if (options.signal) parsed.request.signal = options.signal;
    const identity = newCompletionIdentity(parsed.model);
    const parts = engine.doStream(parsed.request);
    return parsed.stream ? toChatCompletionChunks(parts, identity, parsed.includeUsage) : toChatCompletion(parts, identity);
  }
  return { chat: { completions: { create } }, engine };
}
