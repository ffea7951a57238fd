import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_PARAMETERS } from '@hearth/sdk/openai';
import { startGateway, type RunningGateway } from '@hearth/server';
import { captureLogger } from '../support/capture-logger.ts';
import { tinyModelPath } from '../support/models.ts';

/**
 * Every parameter of the installed `openai` package's chat-completions request, read from its
 * type declarations (`ChatCompletionCreateParamsBase`), so a parameter OpenAI adds fails here until
 * Hearth decides what to do with it.
 */
async function openAIChatParameters(): Promise<string[]> {
  // The package's main file sits at its root (its exports map hides package.json).
  const root = dirname(createRequire(import.meta.url).resolve('openai'));
  const types = await readFile(join(root, 'resources/chat/completions/completions.d.ts'), 'utf8');
  const start = types.indexOf('export interface ChatCompletionCreateParamsBase {');
  const body = types.slice(start, types.indexOf('\n}\n', start));
  return [...body.matchAll(/^ {4}([a-z_]+)\??:/gm)].map((m) => m[1]!);
}

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  body: Json;
  text: string;
}
interface Case {
  valid: unknown;
  invalid: unknown[];
  /** What a valid value visibly changes (for honoured ones), given the answer and a baseline answer. */
  effect?: (answer: Answer, baseline: Answer, send: (extra: Json) => Promise<Answer>) => Promise<void> | void;
  /** Fields sent with the valid value (a parameter that needs another). */
  with?: Json;
  /** Where the effect is tested instead, when it needs a long generation. */
  effectTestedIn?: string;
}

const content = (a: Answer): string => (a.body['choices'] as Array<{ message: { content: string } }>)[0]?.message.content ?? '';
const usage = (a: Answer): { completion_tokens: number } => a.body['usage'] as { completion_tokens: number };
const sameAsBaseline = (a: Answer, b: Answer): void => expect(content(a)).toBe(content(b));

const CASES: Record<string, Case> = {
  messages: {
    valid: [{ role: 'user', content: 'Hi there' }],
    invalid: [[{ role: 'robot', content: 'x' }], []],
    effect: (a, b) => expect(content(a)).not.toBe(content(b)),
  },
  model: { valid: 'tiny', invalid: ['', 5] },
  audio: { valid: { voice: 'alloy', format: 'mp3' }, invalid: [5] },
  frequency_penalty: {
    valid: 2,
    invalid: [3, 'x'],
    with: { max_tokens: 24 },
    effect: async (a, _b, send) => expect(content(a)).not.toBe(content(await send({ max_tokens: 24 }))),
  },
  presence_penalty: {
    valid: 2,
    invalid: [-3, 'x'],
    with: { max_tokens: 24 },
    effect: async (a, _b, send) => expect(content(a)).not.toBe(content(await send({ max_tokens: 24 }))),
  },
  function_call: { valid: 'auto', invalid: [5] },
  functions: { valid: [{ name: 'f', parameters: { type: 'object' } }], invalid: ['x'] },
  logit_bias: {
    valid: { '100': 100 },
    invalid: [{ x: 1 }, { '100': 101 }, { '100000': 1 }, { '-1': 1 }],
    // +100 on one token makes greedy decoding write that token every time.
    effect: async (a, _b, send) => {
      const one = content(await send({ logit_bias: { '100': 100 }, max_tokens: 1 }));
      expect(content(a)).toBe(one.repeat(usage(a).completion_tokens));
    },
  },
  logprobs: {
    valid: true,
    invalid: ['yes'],
    effect: (a) => expect((a.body['choices'] as Array<{ logprobs: { content: unknown[] } }>)[0]?.logprobs.content).toHaveLength(usage(a).completion_tokens),
  },
  top_logprobs: {
    valid: 2,
    with: { logprobs: true },
    invalid: [21, -1],
    effect: (a) =>
      expect((a.body['choices'] as Array<{ logprobs: { content: Array<{ top_logprobs: unknown[] }> } }>)[0]?.logprobs.content[0]?.top_logprobs).toHaveLength(2),
  },
  max_completion_tokens: { valid: 2, invalid: [0, 1.5], effect: (a) => expect(usage(a).completion_tokens).toBeLessThanOrEqual(2) },
  max_tokens: { valid: 2, invalid: [0, 'x'], effect: (a) => expect(usage(a).completion_tokens).toBeLessThanOrEqual(2) },
  metadata: { valid: { app: 'notes' }, invalid: [{ app: 5 }, 'x'], effect: sameAsBaseline },
  modalities: { valid: ['text'], invalid: [['audio'], 'text'], effect: sameAsBaseline },
  moderation: { valid: { model: 'omni-moderation-latest' }, invalid: [5] },
  n: { valid: 1, invalid: [2, 0], effect: (a) => expect(a.body['choices']).toHaveLength(1) },
  parallel_tool_calls: { valid: false, invalid: ['no'], effectTestedIn: 'gateway-tools.test.ts (at most one call)' },
  prediction: { valid: { type: 'content', content: 'Hello' }, invalid: [5] },
  prompt_cache_key: { valid: 'session-1', invalid: [5], effect: sameAsBaseline },
  prompt_cache_options: { valid: {}, invalid: [5] },
  prompt_cache_retention: { valid: '24h', invalid: [5] },
  reasoning_effort: { valid: 'low', invalid: [5] },
  response_format: { valid: { type: 'text' }, invalid: [{ type: 'xml' }], effectTestedIn: 'structured-output.test.ts (json_object, json_schema)' },
  safety_identifier: { valid: 'user-hash', invalid: [5], effect: sameAsBaseline },
  seed: { valid: 7, invalid: [1.5, 'x'], effectTestedIn: 'gateway-tools.test.ts (same seed, same text; another, another)' },
  service_tier: { valid: 'auto', invalid: [5] },
  stop: {
    valid: 'PLACEHOLDER',
    invalid: [5, ['a', 'b', 'c', 'd', 'e']],
    with: { max_tokens: 12 },
    effect: async (a, _b, send) => {
      const full = content(await send({ max_tokens: 12 }));
      expect(content(a).length).toBeLessThan(full.length);
    },
  },
  store: { valid: false, invalid: [true, 'x'], effect: sameAsBaseline },
  stream: { valid: true, invalid: ['yes'], effect: (a) => expect(a.text).toContain('data: [DONE]') },
  stream_options: {
    valid: { include_usage: true },
    with: { stream: true },
    invalid: [{ include_usage: 'x' }],
    effect: (a) => expect(a.text).toContain('"completion_tokens"'),
  },
  temperature: {
    valid: 0,
    invalid: [3, 'x'],
    with: { seed: 1 },
    // Greedy ignores the seed; sampling at 1.5 does not.
    effect: async (a, _b, send) => {
      expect(content(await send({ temperature: 0, seed: 2 }))).toBe(content(a));
      const hot = await Promise.all([1, 2, 3].map((seed) => send({ temperature: 1.5, seed, max_tokens: 8 })));
      expect(new Set(hot.map(content)).size).toBeGreaterThan(1);
    },
  },
  tool_choice: { valid: 'none', invalid: ['sometimes', { type: 'function', function: { name: 'nope' } }], effect: sameAsBaseline },
  tools: {
    valid: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
    with: { tool_choice: 'none' },
    invalid: [[{ type: 'function', function: { name: 'bad name' } }], 'x'],
    effectTestedIn: 'gateway-tools.test.ts',
  },
  top_p: { valid: 1e-9, with: { temperature: 1, seed: 3 }, invalid: [0, 2], effect: sameAsBaseline },
  user: { valid: 'user-42', invalid: [5], effect: sameAsBaseline },
  verbosity: { valid: 'low', invalid: [5] },
  web_search_options: { valid: {}, invalid: [5] },
};

let gateway: RunningGateway;
const base: Json = { model: 'tiny', messages: [{ role: 'user', content: 'Write one line' }], max_tokens: 4, temperature: 0 };

async function send(body: Json): Promise<Answer> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {
    // A stream: the SSE text is kept.
  }
  return { status: response.status, body: json, text };
}

beforeAll(async () => {
  gateway = await startGateway({ port: 0, models: [{ id: 'tiny', paths: [await tinyModelPath()] }], logger: captureLogger().logger, threads: 1 });
});
afterAll(async () => {
  await gateway?.close();
});

describe('every chat-completions parameter of the openai package is honoured or refused by name', () => {
  it('has a decision and a test case for each parameter the installed openai package defines', async () => {
    const keys = await openAIChatParameters();
    expect(keys.length).toBeGreaterThan(30);
    const decided = [...CHAT_PARAMETERS.honoured, ...CHAT_PARAMETERS.noEffect, ...Object.keys(CHAT_PARAMETERS.refused)];
    expect(keys.filter((k) => !decided.includes(k))).toEqual([]);
    expect(keys.filter((k) => !(k in CASES))).toEqual([]);
  });

  it('answers each valid value (with its effect) or refuses it with a 400 naming it, and refuses each invalid value by name', async () => {
    const baseline = await send(base);
    expect(baseline.status).toBe(200);
    // A stop string from the baseline's own greedy text, so stopping there is visible.
    const greedy = content(await send({ ...base, max_tokens: 12 }));
    CASES['stop']!.valid = greedy.slice(Math.floor(greedy.length / 2), Math.floor(greedy.length / 2) + 2);
    const honoured: string[] = CHAT_PARAMETERS.honoured.filter((k) => !['messages', 'model'].includes(k));
    const noEffect: string[] = [...CHAT_PARAMETERS.noEffect];
    for (const key of await openAIChatParameters()) {
      const c = CASES[key]!;
      const answer = await send({ ...base, ...c.with, [key]: c.valid });
      if (key in CHAT_PARAMETERS.refused) {
        expect([key, answer.status, (answer.body['error'] as Json | undefined)?.['param']]).toEqual([key, 400, key]);
      } else {
        expect([key, answer.status, answer.text.slice(0, 300)]).toEqual([key, 200, expect.anything()]);
        if (honoured.includes(key) || noEffect.includes(key)) expect([key, Boolean(c.effect ?? c.effectTestedIn)]).toEqual([key, true]);
        await c.effect?.(answer, baseline, (extra) => send({ ...base, ...c.with, ...extra }));
      }
      for (const invalid of c.invalid) {
        const refused = await send({ ...base, ...c.with, [key]: invalid });
        // A nested problem is named by its path under the parameter (messages.0.role).
        const param = String((refused.body['error'] as Json | undefined)?.['param']);
        expect([key, invalid, refused.status, param === key || param.startsWith(`${key}.`)]).toEqual([key, invalid, 400, true]);
      }
    }
  });

  it('refuses a parameter OpenAI does not define, by name, instead of ignoring it', async () => {
    const answer = await send({ ...base, top_k: 5 });
    expect(answer.status).toBe(400);
    expect(answer.body['error']).toMatchObject({ param: 'top_k', type: 'invalid_request_error' });
  });
});
