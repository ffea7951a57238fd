import { describe, expect, it } from 'vitest';
import { HearthError, type StreamPart } from '@hearth/spec';
import { parseChatCompletionRequest } from './chat-request.ts';
import { toChatCompletionChunks } from './chat-response.ts';

describe('parseChatCompletionRequest', () => {
  it('maps OpenAI fields to an engine request', () => {
    const parsed = parseChatCompletionRequest({
      model: 'm',
      messages: [
        { role: 'developer', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      ],
      max_completion_tokens: 9,
      temperature: 0,
      stop: 'END',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(parsed).toMatchObject({ model: 'm', stream: true, includeUsage: true });
    expect(parsed.request).toEqual({
      prompt: {
        type: 'chat',
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'hi' },
        ],
      },
      maxTokens: 9,
      temperature: 0,
      stop: ['END'],
    });
  });

  it.each([
    [{ messages: [{ role: 'user', content: 'x' }] }, 'model'],
    [{ model: 'm', messages: [] }, 'messages'],
    [{ model: 'm', messages: [{ role: 'robot', content: 'x' }] }, 'messages.0.role'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: -1 }, 'max_tokens'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 'hot' }, 'temperature'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], n: 3 }, 'n'],
  ])('rejects %j naming the field %s', (body, param) => {
    try {
      parseChatCompletionRequest(body);
      expect.unreachable();
    } catch (error) {
      expect(HearthError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'invalid_request', data: { param } });
    }
  });
});

describe('toChatCompletionChunks', () => {
  async function* parts(list: StreamPart[]): AsyncIterable<StreamPart> {
    yield* list;
  }
  const identity = { id: 'chatcmpl-1', model: 'm', created: 1 };
  const usage = { promptTokens: 3, completionTokens: 2, timeToFirstTokenMs: 5, prefillTokensPerSecond: 600, decodeTokensPerSecond: 40 };

  it('sends the role first, then content, finish and usage', async () => {
    const out = [];
    for await (const c of toChatCompletionChunks(
      parts([
        { type: 'text-delta', text: 'a' },
        { type: 'text-delta', text: 'b' },
        { type: 'finish', finishReason: 'length', usage },
      ]),
      identity,
      true,
    ))
      out.push(c);
    expect(out.map((c) => c.choices[0]?.delta ?? null)).toEqual([{ role: 'assistant', content: 'a' }, { content: 'b' }, {}, null]);
    expect(out[2]?.choices[0]?.finish_reason).toBe('length');
    expect(out[3]?.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, hearth: { decode_tokens_per_second: 40 } });
  });

  it('throws the engine error as a HearthError', async () => {
    const error = new HearthError({ code: 'context_full', message: 'full' }).toJSON();
    const iterate = async () => {
      for await (const _ of toChatCompletionChunks(parts([{ type: 'error', error }]), identity, false));
    };
    await expect(iterate()).rejects.toMatchObject({ code: 'context_full' });
  });
});
