import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@hearth/server';
import { SCRIBE_ID, SCRIBE_PATH } from '../../packages/cli/src/commands/resolve-model.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { repoRoot, tinyModelPath } from '../support/models.ts';

/** Runs `hearth serve` as a user would, waits for its URL, returns it with a stopper. */
async function serve(args: string[], env: Record<string, string> = {}): Promise<{ url: string; stop(): void; output(): string }> {
  const child = spawn('npx', ['tsx', 'packages/cli/src/bin.ts', 'serve', ...args], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`hearth serve exited with ${code}:\n${output}`)));
    const timer = setInterval(() => {
      const m = /Hearth is running at (http:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 50);
  });
  return { url, stop: () => process.kill(-child.pid!, 'SIGTERM'), output: () => output };
}

async function firstWords(url: string, model: string): Promise<string> {
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 8, temperature: 0 });
  return completion.choices[0]?.message.content ?? '';
}

let origin: RunningGateway;
let dir: string;
let localCopy: string;

beforeAll(async () => {
  const tiny = await tinyModelPath();
  dir = await mkdtemp(join(tmpdir(), 'hearth-cli-'));
  localCopy = join(dir, 'my-model.gguf');
  await copyFile(tiny, localCopy);
  // A second gateway plays "a server somewhere that hosts the GGUF file".
  origin = await startGateway({ port: 0, models: [{ id: 'hosted', paths: [tiny] }], logger: captureLogger().logger });
});
afterAll(async () => {
  await origin?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('hearth serve --model', () => {
  it('serves a local GGUF path under an id taken from its file name', async () => {
    const server = await serve(['--model', localCopy]);
    try {
      const models = (await (await fetch(`${server.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
      expect(models.data.map((m) => m.id)).toEqual(['my-model']);
      expect((await firstWords(server.url, 'my-model')).length).toBeGreaterThan(0);
    } finally {
      server.stop();
    }
  });

  it('names the random-weight fixture by its id, and serves by default Hearth Scribe where its GGUF is in the checkout, else that fixture', async () => {
    const fixture = await serve(['--model', 'hearth-demo-tiny']);
    const byDefault = await serve([]);
    try {
      expect(fixture.output()).toContain('(models: hearth-demo-tiny)');
      const scribe = await stat(SCRIBE_PATH).then(
        () => true,
        () => false,
      );
      expect(byDefault.output()).toContain(scribe ? `(models: ${SCRIBE_ID})` : '(models: hearth-demo-tiny)');
    } finally {
      fixture.stop();
      byDefault.stop();
    }
  });

  it('downloads a model from a URL once, then serves it (HEARTH_MODEL and HEARTH_MODEL_ID)', async () => {
    const manifest = (await (await fetch(`${origin.url}/models/hosted/manifest.json`)).json()) as { files: Array<{ name: string; sha256: string }> };
    const url = `${origin.url}/models/hosted/${manifest.files[0]!.name}`;
    const server = await serve([], { HEARTH_MODEL: url, HEARTH_MODEL_ID: 'from-url' });
    try {
      const served = (await (await fetch(`${server.url}/models/from-url/manifest.json`)).json()) as { files: Array<{ sha256: string }> };
      expect(served.files[0]!.sha256).toBe(manifest.files[0]!.sha256);
      expect((await firstWords(server.url, 'from-url')).length).toBeGreaterThan(0);
    } finally {
      server.stop();
    }
  });

  it('serves the model hub at /hub/ to the origins the config names', async () => {
    const config = join(dir, 'hub.config.json');
    await writeFile(config, JSON.stringify({ hubOrigins: ['http://mail.localhost:5173', 'http://calendar.localhost:5173'] }));
    const server = await serve(['--model', localCopy, '--config', config]);
    try {
      const hubConfig = await fetch(`${server.url}/hub/config.json`);
      expect(await hubConfig.json()).toEqual({ allowedOrigins: ['http://mail.localhost:5173', 'http://calendar.localhost:5173'] });
      const page = await fetch(`${server.url}/hub/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(await page.text()).toContain('<script');
    } finally {
      server.stop();
    }
  });

  it('fails with a message that says what to do when the path does not exist', async () => {
    // Exit 4 (no such model), one line naming the path and the three things --model takes.
    await expect(serve(['--model', join(dir, 'absent.gguf')])).rejects.toThrow(
      /exited with 4:\s*hearth: ".*absent\.gguf" is neither a file nor a catalog model id\. Pass a \.gguf path, an http\(s\) URL, or an id from `hearth models`\./,
    );
  });
});
