import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLoraAdapter, ensureModel, tinyModelSpec, type LlamaModelSpec } from '@hearth/tools';
import { fixtureCatalogEntry } from '../support/fixture-catalog-entry.ts';
import { startModelMirror } from '../support/model-mirror.ts';
import { modelCacheDir, repoRoot } from '../support/models.ts';
import { spawnHearth } from '../support/spawn-hearth.ts';

// `hearth pull` / `serve` / `run` against a model mirror on loopback that serves the catalog's URL
// layout (huggingface.co/<org>/<repo>/resolve/<rev>/<file>), with a test catalog (HEARTH_CATALOG:
// entries holding the fixtures' real SHA-256) going through the code path the shipped catalog
// takes, HEARTH_MODEL_MIRROR pointing its URLs here. Every command is the real CLI in its own
// process; a kill is SIGKILL, mid-download.

const MiB = 1 << 20;
// ≈ 9.5 MB of F32 weights: ten 1 MiB chunks, so a kill lands mid-way.
const SPEC: LlamaModelSpec = tinyModelSpec({ name: 'hearth-pull-fixture', type: 'f32', embeddingLength: 256, feedForwardLength: 1024 });
const HF = 'https://huggingface.co/hearth-test/pull-fixture/resolve/0123456789abcdef0123456789abcdef01234567';

let mirror: Awaited<ReturnType<typeof startModelMirror>>;
let model: { bytes: Uint8Array; sha256: string };
let lora: { bytes: Uint8Array; sha256: string };
let catalogFile: string;
const temporary: string[] = [];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const tempDir = async (prefix: string) => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};

beforeAll(async () => {
  const modelBytes = new Uint8Array(await readFile(await ensureModel(SPEC, { cacheDir: modelCacheDir })));
  const loraBytes = new Uint8Array(await readFile(await ensureLoraAdapter({ base: SPEC, rank: 8, alpha: 8, seed: 7 }, { cacheDir: modelCacheDir })));
  model = { bytes: modelBytes, sha256: sha256(modelBytes) };
  lora = { bytes: loraBytes, sha256: sha256(loraBytes) };
  const tampered = modelBytes.slice();
  tampered[tampered.length - 100] = (tampered[tampered.length - 100]! + 1) % 256;
  const path = (url: string) => new URL(url).pathname;
  mirror = await startModelMirror({
    [path(`${HF}/pull-fixture-f32.gguf`)]: { type: 'file', bytes: modelBytes },
    [path(`${HF}/tampered-f32.gguf`)]: { type: 'file', bytes: tampered },
    [path(`${HF}/tone-lora.gguf`)]: { type: 'file', bytes: loraBytes },
    // A plain web server's GGUF (no published hash), Hugging Face's redirect with X-Linked-ETag, and what is not a model.
    '/plain/pull-fixture-f32.gguf': { type: 'file', bytes: modelBytes },
    '/hf/resolve/main/pull-fixture-f32.gguf': { type: 'redirect', location: '/cdn/object-1234', linkedSha256: model.sha256, linkedSize: modelBytes.length },
    '/cdn/object-1234': { type: 'file', bytes: modelBytes, etag: '"cdn-1234"' },
    '/hf/blob/main/page.gguf': { type: 'html', body: '<!DOCTYPE html><html><body>A model page</body></html>' },
    '/plain/weights.safetensors': { type: 'file', bytes: new TextEncoder().encode('{"__metadata__":{}}'.padEnd(4096, ' ')) },
  });
  const entry = (id: string, file: string, sha: string, size: number) => {
    const base = fixtureCatalogEntry(id, SPEC, size);
    const variant = base.variants[0]!;
    return {
      ...base,
      variants: [
        {
          id: variant.id,
          quantization: variant.quantization,
          files: [{ url: `${HF}/${file}`, sizeBytes: size, sha256: sha }],
          sizeBytes: size,
          largestTensor: variant.largestTensor,
          source: variant.source,
        },
      ],
      adapters: [
        {
          id: 'tone',
          name: 'A fixture LoRA (random)',
          url: `${HF}/tone-lora.gguf`,
          sizeBytes: loraBytes.length,
          sha256: lora.sha256,
          source: 'tools/src/gguf/write-lora-gguf.ts',
        },
      ],
    };
  };
  catalogFile = join(await tempDir('hearth-catalog-'), 'catalog.json');
  await writeFile(
    catalogFile,
    JSON.stringify({
      models: [
        entry('pull-fixture', 'pull-fixture-f32.gguf', model.sha256, modelBytes.length),
        entry('pull-tampered', 'tampered-f32.gguf', model.sha256, modelBytes.length),
      ],
    }),
  );
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

type Exit = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

function hearth(args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<Exit> } {
  // `node --import tsx`, not npx: the pid killed is the pid downloading.
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/bin.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, HEARTH_CATALOG: catalogFile, HEARTH_MODEL_MIRROR: `${mirror.url}/`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, done: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }))) };
}

/** Runs `args` throttled, SIGKILLs it once the mirror has served `killAfter` bytes, then runs it again at full speed. */
async function killThenResume(args: string[], env: Record<string, string>, killAfter: number): Promise<{ first: Exit; second: Exit; served: number }> {
  const before = mirror.state.bytesServed;
  mirror.state.bytesPerSecond = 3 * MiB;
  const first = hearth(args, env);
  const deadline = Date.now() + 60_000;
  while (mirror.state.bytesServed - before < killAfter && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  first.child.kill('SIGKILL');
  const firstExit = await first.done;
  mirror.state.bytesPerSecond = 0;
  const second = await hearth(args, env).done;
  return { first: firstExit, second, served: mirror.state.bytesServed - before };
}

describe('hearth pull, serve and run with catalog ids and GGUF URLs, from a loopback mirror', () => {
  it('pull <catalog id> killed mid-way resumes, re-fetching under one chunk, and verifies against the catalog', async () => {
    const store = await tempDir('hearth-store-');
    const { first, second, served } = await killThenResume(['pull', 'pull-fixture', '--chunk-mib', '1', '--parallel', '1'], { HEARTH_STORE: store }, 4 * MiB);
    expect(first.signal).toBe('SIGKILL');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/resuming pull-fixture-f32\.gguf/);
    expect(second.stdout).toContain(`${model.sha256}`);
    expect(second.stdout).toContain('verified');
    expect(served - model.bytes.length).toBeGreaterThanOrEqual(0);
    // At most one chunk again, beside the 16 bytes each run reads first to check the GGUF magic.
    expect(served - model.bytes.length).toBeLessThanOrEqual(MiB + 2 * 16);
    expect(await readdir(join(store, 'blobs'))).toContain(model.sha256);
  }, 120_000);

  it('a tampered file is refused (exit 5) and not kept', async () => {
    const store = await tempDir('hearth-store-');
    const { code, stderr } = await hearth(['pull', 'pull-tampered'], { HEARTH_STORE: store }).done;
    expect(code).toBe(5);
    expect(stderr.trim().split('\n').pop()).toMatch(/^hearth: tampered-f32\.gguf downloaded with SHA-256 [0-9a-f]{64}; its manifest says/);
    expect(await readdir(join(store, 'blobs')).catch(() => [])).not.toContain(model.sha256);
  }, 60_000);

  it('offline with nothing stored: one line naming the URL, the size and how to pass a local file (exit 3)', async () => {
    const closed = await freePort();
    const { code, stderr } = await hearth(['pull', 'pull-fixture'], {
      HEARTH_STORE: await tempDir('hearth-store-'),
      HEARTH_MODEL_MIRROR: `http://127.0.0.1:${closed}`,
    }).done;
    expect(code).toBe(3);
    const lines = stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('hearth:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`http://127.0.0.1:${closed}/hearth-test/pull-fixture/resolve/`);
    expect(lines[0]).toMatch(/Cannot download pull-fixture \(F32, [\d.]+ MiB\)/);
    expect(lines[0]).toContain('--model /path/to/pull-fixture-f32.gguf');
  }, 60_000);

  it('serve --model <catalog id> --lora <adapter id> starts from the store and answers; run with the LoRA gives other tokens than without', async () => {
    const store = await tempDir('hearth-store-');
    const gateway = await spawnHearth(['--model', 'pull-fixture', '--lora', 'tone'], {
      HEARTH_STORE: store,
      HEARTH_CATALOG: catalogFile,
      HEARTH_MODEL_MIRROR: mirror.url,
    });
    try {
      const models = (await (await fetch(`${gateway.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
      expect(models.data.map((m) => m.id)).toContain('pull-fixture');
      const answer = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ model: 'pull-fixture', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 8 }),
      });
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { choices: Array<{ message: { content: string } }> };
      expect(body.choices[0]?.message.content.length).toBeGreaterThan(0);
    } finally {
      await gateway.stop();
    }
    const run = (extra: string[]) =>
      hearth(['run', '--model', 'pull-fixture', '--raw', '--temperature', '0', '--max-tokens', '12', ...extra, 'Thank you for your message.'], {
        HEARTH_STORE: store,
      }).done;
    const [plain, adapted] = [await run([]), await run(['--lora', 'tone:1'])];
    expect(plain.code, plain.stderr).toBe(0);
    expect(adapted.code, adapted.stderr).toBe(0);
    expect(adapted.stdout).not.toBe(plain.stdout);
  }, 120_000);

  it('pull <plain GGUF URL> resumes after a kill; with no published hash it records the computed SHA-256', async () => {
    const store = await tempDir('hearth-store-');
    const url = `${mirror.url}/plain/pull-fixture-f32.gguf`;
    const { first, second, served } = await killThenResume(['pull', url, '--chunk-mib', '1', '--parallel', '1'], { HEARTH_STORE: store }, 4 * MiB);
    expect(first.signal).toBe('SIGKILL');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`${model.sha256}`);
    expect(second.stdout).toContain('no published SHA-256: computed and recorded');
    // At most one chunk again, beside the 16 bytes each run reads first to check the GGUF magic.
    expect(served - model.bytes.length).toBeLessThanOrEqual(MiB + 2 * 16);
    // The store's index records the computed hash with the URL it came from.
    const records = await Promise.all((await readdir(join(store, 'index'))).map((f) => readFile(join(store, 'index', f), 'utf8')));
    expect(records.find((r) => r.includes(model.sha256))).toContain(url);
  }, 120_000);

  it('pull follows a Hugging Face resolve/ redirect and verifies against its X-Linked-ETag', async () => {
    const { code, stdout, stderr } = await hearth(['pull', `${mirror.url}/hf/resolve/main/pull-fixture-f32.gguf`], {
      HEARTH_STORE: await tempDir('hearth-store-'),
    }).done;
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`${model.sha256}`);
    expect(stdout).toContain('verified');
  }, 60_000);

  it('refuses an HTML page, a 404 and a non-GGUF file, each with its own one-line error', async () => {
    const env = { HEARTH_STORE: await tempDir('hearth-store-') };
    const [html, missing, other] = await Promise.all([
      hearth(['pull', `${mirror.url}/hf/blob/main/page.gguf`], env).done,
      hearth(['pull', `${mirror.url}/plain/nothing-here.gguf`], env).done,
      hearth(['pull', `${mirror.url}/plain/weights.safetensors`], env).done,
    ]);
    const line = (e: Exit) =>
      e.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('hearth:'));
    expect(line(html)).toEqual([expect.stringMatching(/is a web page \(HTML\), not a GGUF file\. Use the download link: replace \/blob\/ with \/resolve\//)]);
    expect(line(missing)).toEqual([expect.stringMatching(/answered HTTP 404: there is no file there/)]);
    expect(line(other)).toEqual([expect.stringMatching(/is not a GGUF file: it starts with 7b 22 5f 5f, not "GGUF"/)]);
    expect([html.code, missing.code, other.code]).toEqual([4, 4, 4]);
  }, 60_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
