import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, ModelRegistry, startGateway, type RunningGateway } from '@hearth/server';
import { buildSdkBundle, hashedReferences } from '../support/build-sdk-bundle.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { tinyModelPath } from '../support/models.ts';

// The browser SDK as one ES module at /sdk/hearth.js, built by packages/sdk/vite.browser.config.ts
// (here into a temporary folder) and served by a real gateway on loopback.
let gateway: RunningGateway;
let dir: string;

beforeAll(async () => {
  dir = await buildSdkBundle();
  gateway = await startGateway({ port: 0, models: [{ id: 'tiny', paths: [await tinyModelPath()] }], logger: captureLogger().logger, threads: 1, sdkRoot: dir });
});

afterAll(async () => {
  await gateway?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function expectSharedHeaders(response: Response): void {
  expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
}

/** Every file reachable from hearth.js, by URL, with the response that served it. */
async function crawl(entryUrl: string): Promise<Map<string, { response: Response; bytes: Buffer }>> {
  const seen = new Map<string, { response: Response; bytes: Buffer }>();
  const queue = [entryUrl];
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    const response = await fetch(url);
    const bytes = Buffer.from(await response.arrayBuffer());
    seen.set(url, { response, bytes });
    if (/\.m?js$/.test(url)) queue.push(...hashedReferences(bytes.toString('utf8'), url));
  }
  return seen;
}

describe('/sdk/hearth.js', () => {
  it('is one ES module, revalidated by ETag, exporting the SDK', async () => {
    const url = `${gateway.url}/sdk/hearth.js`;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expectSharedHeaders(response);
    const text = await response.text();
    const etag = response.headers.get('etag');
    expect(etag).toBe(`"sha256-${createHash('sha256').update(text).digest('hex')}"`);

    const again = await fetch(url, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    expect((await fetch(url, { headers: { 'If-None-Match': '"sha256-other"' } })).status).toBe(200);
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));

    // The entry's export clause keeps the SDK's names (preserveEntrySignatures).
    const clause = /export\s*\{([^}]*)\}\s*;?\s*$/.exec(text.trim());
    expect(clause).not.toBeNull();
    const exported = new Set(
      clause![1]!.split(',').map((s) =>
        s
          .trim()
          .split(/\s+as\s+/)
          .pop()!,
      ),
    );
    for (const name of [
      'createHearth',
      'plan',
      'probeDevice',
      'HearthError',
      'createLlamaWasmWorkerEngine',
      'createWllamaWorkerEngine',
      'openBrowserModelStore',
    ])
      expect(exported).toContain(name);
    // Not library mode's base64: no wasm or worker is inlined into the module.
    expect(text).not.toMatch(/data:application\/wasm|data:text\/javascript|data:application\/octet-stream/);
  });

  it('references its Workers, wasm and chunks as content-hashed files, each served immutable', async () => {
    const files = await crawl(`${gateway.url}/sdk/hearth.js`);
    files.delete(`${gateway.url}/sdk/hearth.js`);
    const names = [...files.keys()].map((u) => new URL(u).pathname);
    // The Workers the SDK starts, the wasm they load and emscripten's glue and pthread Worker.
    for (const pattern of [
      /\/llama-wasm-worker-[\w-]{8}\.js$/,
      /\/wllama-worker-[\w-]{8}\.js$/,
      /\/sha256-worker-[\w-]{8}\.js$/,
      /\/hearth-llama-simd-[\w-]{8}\.wasm$/,
      /\/hearth-llama-relaxed-[\w-]{8}\.wasm$/,
      /\/wllama-[\w-]{8}\.wasm$/,
      /\/hearth-llama-[\w-]{8}\.mjs$/,
      /\/hearth-llama\.worker-[\w-]{8}\.js$/,
    ]) {
      expect(
        names.some((n) => pattern.test(n)),
        `${pattern} among ${names.join(', ')}`,
      ).toBe(true);
    }
    // Everything the build wrote is reachable from hearth.js, so nothing is missed here.
    const written = (await readdir(join(dir, 'assets'))).map((f) => `/sdk/assets/${f}`).sort();
    expect([...names].sort()).toEqual(written);

    const hashes = new Set<string>();
    for (const [url, { response, bytes }] of files) {
      const name = new URL(url).pathname;
      expect(response.status, name).toBe(200);
      expect(name).toMatch(/^\/sdk\/assets\/[\w.-]+-[\w-]{8}\.(js|mjs|wasm)$/);
      hashes.add(/-([\w-]{8})\.\w+$/.exec(name)![1]!);
      expect(response.headers.get('cache-control'), name).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('etag'), name).toBeNull();
      expectSharedHeaders(response);
      if (name.endsWith('.wasm')) {
        expect(response.headers.get('content-type'), name).toBe('application/wasm');
        expect(bytes.subarray(0, 4).toString('latin1'), name).toBe('\0asm');
      } else {
        expect(response.headers.get('content-type'), name).toMatch(/^application\/javascript/);
      }
      expect(bytes.equals(await readFile(join(dir, name.replace(/^\/sdk\//, '')))), name).toBe(true);
    }
    // One hash per file: the hash follows the content, not the build.
    expect(hashes.size).toBe(files.size);
  });

  it('refuses paths outside the folder and answers 404 for files it does not have', async () => {
    for (const path of ['/sdk/..%2Fpackage.json', '/sdk/assets/..%2F..%2Fpackage.json', '/sdk/.hidden', '/sdk/assets/missing-abcdefgh.js']) {
      const response = await fetch(`${gateway.url}${path}`);
      expect(response.status, path).toBe(404);
      expectSharedHeaders(response);
    }
  });
});

describe('/sdk/ before the bundle is built', () => {
  it('answers 503 with how to build it', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'hearth-sdk-missing-'));
    const missing = join(parent, 'dist-browser');
    const app = createGateway({ registry: await ModelRegistry.create([]), engines: new Map(), logger: captureLogger().logger, sdkRoot: missing });
    for (const path of ['/sdk/hearth.js', '/sdk/assets/llama-wasm-worker-abcdefgh.js']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(503);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      const text = await response.text();
      expect(text).toContain('npm run build:web');
      expect(text.trim().split('\n')).toHaveLength(1);
    }
    await rm(parent, { recursive: true, force: true });
  });
});
