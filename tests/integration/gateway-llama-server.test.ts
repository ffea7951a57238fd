import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@hearth/server';
import { captureLogger } from '../support/capture-logger.ts';
import { repoRoot, tinyModelPath } from '../support/models.ts';

// The gateway's upstream pool in front of two real llama.cpp servers (llama-server, built from the
// llama.cpp source the project pins: native/llama-server/build.sh), through the official openai
// client, streaming and not, and with one server SIGKILLed.
//
// The first build compiles llama.cpp's server natively: 17 minutes on this 2-core machine, which
// npm test's budget cannot hold. So the build runs only when asked (HEARTH_LLAMA_SERVER=1); once
// built for the pinned commit (.cache/llama-server), this test runs in every npm test (~4 s).
const pin = /^PIN=([0-9a-f]{40})$/m.exec(readFileSync(join(repoRoot, 'native/llama-wasm/build.sh'), 'utf8'))?.[1];
const builtFor = (() => {
  try {
    return readFileSync(join(repoRoot, '.cache/llama-server/built-from'), 'utf8').trim();
  } catch {
    return undefined;
  }
})();
const enabled =
  process.env['HEARTH_LLAMA_SERVER'] === '1' ||
  (builtFor !== undefined && builtFor === pin && existsSync(join(repoRoot, '.cache/llama-server/build/bin/llama-server')));

let servers: Array<{ child: ChildProcess; url: string }> = [];
let front: RunningGateway;
let client: OpenAI;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startLlamaServer(bin: string, model: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(bin, ['-m', model, '--host', '127.0.0.1', '--port', String(port), '--alias', 'tiny', '-c', '2048', '-t', '1', '-np', '2', '--no-webui'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); Date.now() - started < 60_000; await new Promise((r) => setTimeout(r, 200))) {
    if (child.exitCode !== null) throw new Error(`llama-server exited ${child.exitCode}:\n${log}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, url };
  }
  child.kill('SIGKILL');
  throw new Error(`llama-server did not become healthy in 60 s:\n${log}`);
}

beforeAll(async () => {
  if (!enabled) return;
  const build = spawnSync('bash', ['native/llama-server/build.sh'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`native/llama-server/build.sh failed:\n${build.stderr}`);
  const bin = build.stdout.trim().split('\n').pop() ?? '';
  const model = await tinyModelPath();
  servers = [await startLlamaServer(bin, model), await startLlamaServer(bin, model)];
  front = await startGateway({
    port: 0,
    logger: captureLogger().logger,
    streamPaddingBytes: 0,
    upstreams: servers.map((s, i) => ({ name: `llama-server-${i}`, baseUrl: `${s.url}/v1`, models: ['tiny'], maxConcurrency: 2 })),
  });
  client = new OpenAI({ baseURL: `${front.url}/v1`, apiKey: 'unused', maxRetries: 0 });
}, 40 * 60_000);

afterAll(async () => {
  await front?.close();
  for (const s of servers) s.child.kill('SIGKILL');
});

describe.skipIf(!enabled)(
  'the gateway in front of real llama-server upstreams (skipped until llama-server is built for the pinned commit: HEARTH_LLAMA_SERVER=1 builds it, ~17 min once)',
  () => {
    const body = { model: 'tiny', messages: [{ role: 'user' as const, content: 'pooled hello' }], max_tokens: 12, temperature: 0 };

    it('answers non-streaming and streaming exactly as llama-server does directly', async () => {
      const direct = await new OpenAI({ baseURL: `${servers[0]!.url}/v1`, apiKey: 'x' }).chat.completions.create(body);
      const whole = await client.chat.completions.create(body);
      expect(whole.choices[0]?.message.content).toBe(direct.choices[0]?.message.content);
      expect(whole.usage?.completion_tokens).toBeGreaterThan(0);
      let streamed = '';
      for await (const chunk of await client.chat.completions.create({ ...body, stream: true })) streamed += chunk.choices[0]?.delta.content ?? '';
      expect(streamed).toBe(direct.choices[0]?.message.content);
    });

    it('keeps answering when one llama-server is killed', async () => {
      servers[0]!.child.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 200));
      for (let i = 0; i < 4; i++) {
        const answer = await client.chat.completions.create({ ...body, messages: [{ role: 'user', content: `after the kill ${i}` }] });
        expect(answer.choices[0]?.message.content?.length ?? 0).toBeGreaterThan(0);
      }
      let streamed = '';
      for await (const chunk of await client.chat.completions.create({ ...body, stream: true })) streamed += chunk.choices[0]?.delta.content ?? '';
      expect(streamed.length).toBeGreaterThan(0);
    });
  },
);
