import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelCacheDir, repoRoot, tinyModelPath } from '../support/models.ts';
import { spawnHearth, type SpawnedHearth } from '../support/spawn-hearth.ts';

// Unique strings sent through every endpoint, on success and failure paths, at debug level.
const CANARY = `canary${crypto.randomUUID().replaceAll('-', '')}`;
let hearth: SpawnedHearth;
let home: string;
let started: number;

beforeAll(async () => {
  const model = await tinyModelPath();
  home = await mkdtemp(join(tmpdir(), 'hearth-privacy-'));
  started = Date.now();
  hearth = await spawnHearth(['--model', model, '--id', 'tiny'], { HEARTH_LOG_LEVEL: 'debug', HOME: home, TMPDIR: home, XDG_CACHE_HOME: home });
});
afterAll(async () => {
  await hearth?.stop();
});

async function send(path: string, init: RequestInit = {}): Promise<void> {
  const r = await fetch(`${hearth.url}${path}`, init).catch(() => undefined);
  await r?.arrayBuffer().catch(() => undefined);
}
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  send(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

/** Every file under `dir` changed since the gateway started (skipping dependencies). */
async function filesWrittenSince(dir: string, since: number, out: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await filesWrittenSince(path, since, out);
    else if (((await stat(path).catch(() => undefined))?.mtimeMs ?? 0) >= since) out.push(path);
  }
  return out;
}

describe('the gateway keeps nothing', () => {
  it('puts no prompt, output or request field in logs, metrics or files', async () => {
    const chat = (extra: object = {}) => JSON.stringify({ model: 'tiny', messages: [{ role: 'user', content: `${CANARY} secret` }], max_tokens: 8, ...extra });
    // Success paths.
    await post('/v1/chat/completions', chat());
    await post('/v1/chat/completions', chat({ stream: true }));
    await post('/v1/completions', JSON.stringify({ model: 'tiny', prompt: `${CANARY} raw`, max_tokens: 8 }));
    await post('/v1/completions', JSON.stringify({ model: 'tiny', prompt: `${CANARY} raw`, max_tokens: 8, stream: true }));
    // Failure paths: the canary in every place a request can carry it.
    await post('/v1/chat/completions', chat({ model: CANARY }));
    await post('/v1/chat/completions', chat({ temperature: CANARY }));
    await post('/v1/chat/completions', `{"model": "tiny", "messages": [{"role": "user", "content": "${CANARY}`);
    await post('/v1/chat/completions', chat({ messages: [{ role: CANARY, content: CANARY }] }));
    await post('/v1/chat/completions', JSON.stringify({ model: 'tiny', messages: [{ role: 'user', content: CANARY.repeat(100_000) }] }));
    await post('/v1/chat/completions', JSON.stringify({ model: 'tiny', messages: [{ role: 'user', content: `${CANARY} `.repeat(5000) }] }));
    await post(`/v1/${CANARY}`, chat());
    await send(`/v1/models?q=${CANARY}`);
    await send(`/${CANARY}`);
    await send(`/models/${CANARY}/manifest.json`);
    await post('/v1/chat/completions', chat(), { Authorization: `Bearer ${CANARY}`, 'X-Note': CANARY });
    await post('/v1/chat/completions', chat(), { Origin: `http://${CANARY}.localhost` });
    // A client that leaves mid-stream.
    const controller = new AbortController();
    const r = await fetch(`${hearth.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: chat({ stream: true, max_tokens: 500 }),
      signal: controller.signal,
    });
    const reader = r.body!.getReader();
    await reader.read();
    controller.abort();

    const metrics = await (await fetch(`${hearth.url}/metrics`)).text();
    expect(metrics).toContain('hearth_generated_tokens_total');
    expect(metrics).not.toContain(CANARY);

    const output = hearth.output();
    // The log was on, and busy: every request above left a line.
    expect(output.split('\n').filter((l) => l.includes('"message":"request"')).length).toBeGreaterThan(15);
    expect(output).not.toContain(CANARY);

    const written = [
      ...(await filesWrittenSince(home, started)),
      ...(await filesWrittenSince(repoRoot, started)),
      ...(await filesWrittenSince(modelCacheDir, started)),
    ];
    for (const file of written) {
      const content = await readFile(file).catch(() => Buffer.alloc(0));
      expect(content.includes(CANARY), `${file} contains the canary`).toBe(false);
    }
  });
});
