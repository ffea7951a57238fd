import { describe, expect, it } from 'vitest';
import type { GenerateRequest, StreamPart, Usage } from '@hearth/spec';
import { noSchemaCapabilities, NODE_LLAMA_CPP_SCHEMA_CAPABILITIES, type SchemaCapabilities } from './schema-capabilities.ts';
import { withStructuredOutput } from './with-structured-output.ts';

const usage: Usage = { promptTokens: 1, completionTokens: 3, timeToFirstTokenMs: 0, prefillTokensPerSecond: 0, decodeTokensPerSecond: 0 };
const base: GenerateRequest = {
  prompt: { type: 'text', text: 'x' },
  maxTokens: 3,
  responseFormat: { type: 'json_schema', schema: { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] } },
};

/**
 * Runs the guard over a scripted generation (what an engine that ignores its grammar, or a
 * server that dropped it, would send), recording whether generation began and was stopped.
 */
async function guard(
  request: GenerateRequest,
  deltas: string[],
  finish: 'stop' | 'length' = 'stop',
  caps: SchemaCapabilities = NODE_LLAMA_CPP_SCHEMA_CAPABILITIES,
): Promise<{ parts: StreamPart[]; started: boolean; stopped: boolean; sent: number }> {
  let started = false;
  let stopped = false;
  let sent = 0;
  async function* generate(r: GenerateRequest): AsyncIterable<StreamPart> {
    started = true;
    r.signal?.addEventListener('abort', () => (stopped = true));
    for (const text of deltas) {
      sent++;
      yield { type: 'text-delta', text };
    }
    yield { type: 'finish', finishReason: finish, usage };
  }
  const parts: StreamPart[] = [];
  for await (const part of withStructuredOutput(request, caps, generate)) parts.push(part);
  return { parts, started, stopped, sent };
}

describe('withStructuredOutput', () => {
  it('passes a valid object through unchanged', async () => {
    const { parts } = await guard(base, ['{"a"', ': 1', '}']);
    expect(parts.map((p) => p.type)).toEqual(['text-delta', 'text-delta', 'text-delta', 'finish']);
  });

  it('refuses an unsupported schema before generation starts', async () => {
    const { parts, started } = await guard({ ...base, responseFormat: { type: 'json_schema', schema: { type: 'string', pattern: '^a$' } } }, ['"a"']);
    expect(started).toBe(false);
    expect(parts).toEqual([
      { type: 'error', error: expect.objectContaining({ code: 'unsupported', data: expect.objectContaining({ keyword: 'pattern', path: '#' }) }) },
    ]);
  });

  it('stops at the first text that is not JSON, without passing it on', async () => {
    const { parts, stopped, sent } = await guard(base, ['{"a": 1', '} and some prose', 'more prose']);
    expect(stopped).toBe(true);
    expect(sent).toBe(2);
    expect(parts.map((p) => (p.type === 'text-delta' ? p.text : p.type))).toEqual(['{"a": 1', 'error']);
    expect(parts.at(-1)).toMatchObject({ error: { code: 'output_invalid', data: { offset: 9 } } });
  });

  it('turns a token limit inside the value into output_truncated', async () => {
    const { parts } = await guard(base, ['{"a"', ': '], 'length');
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'output_truncated', data: { maxTokens: 3, completionTokens: 3 } } });
  });

  it('turns a whole value that breaks the schema into output_invalid, naming the violation', async () => {
    const { parts } = await guard(base, ['{"a": "one"}']);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'output_invalid', data: { violations: [{ path: '/a', keyword: 'type' }] } } });
  });

  it('refuses every response format, json_object too, for an engine that cannot constrain output', async () => {
    const { parts, started } = await guard({ ...base, responseFormat: { type: 'json_object' } }, ['{}'], 'stop', noSchemaCapabilities('builtin'));
    expect(started).toBe(false);
    expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ code: 'unsupported', data: expect.objectContaining({ engine: 'builtin' }) }) }]);
  });

  it('leaves requests without a response format alone', async () => {
    const { responseFormat: _, ...plain } = base;
    const { parts } = await guard(plain, ['not json']);
    expect(parts.map((p) => p.type)).toEqual(['text-delta', 'finish']);
  });
});
