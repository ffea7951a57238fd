import type { EngineV1, OpenAIChatCompletion, OpenAIChatCompletionChunk, OpenAIChatCompletionRequest } from '@hearth/spec';
import { parseChatCompletionRequest } from './chat-request.ts';
import { newCompletionIdentity, toChatCompletion, toChatCompletionChunks } from './chat-response.ts';
import { runTask, type TaskKind, type TaskRunArgs, type TaskRuns } from '../tasks/run-task.ts';

export interface Hearth {
  chat: {
    completions: {
      create(body: OpenAIChatCompletionRequest & { stream: true }, options?: { signal?: AbortSignal }): Promise<AsyncIterable<OpenAIChatCompletionChunk>>;
      create(body: OpenAIChatCompletionRequest & { stream?: false }, options?: { signal?: AbortSignal }): Promise<OpenAIChatCompletion>;
    };
  };
  readonly engine: EngineV1;
  /**
   * A writing task in one call (summarize, write, rewrite, proofread, extract, classify); the
   * result names the prompt pack that produced it. @example await hearth.run('proofread', draft)
   */
  run<K extends TaskKind>(task: K, input: string, ...options: TaskRunArgs<K>): Promise<TaskRuns[K]['result']>;
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
  return { chat: { completions: { create } }, engine, run: (task, input, ...options) => runTask(engine, task, input, ...options) };
}
