import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchModelSpec, ensureModel } from '@hearth/tools';
import { HearthError, formatHashEtag, type ModelManifest } from '@hearth/spec';
import { DOWNLOAD_DEFAULTS, type StoreEvent } from '@hearth/sdk/store';
import { openNodeModelStore, sha256File } from '@hearth/sdk/node';
import { modelCacheDir, repoRoot } from '../support/models.ts';
import { startCountingGateway } from '../support/store-counting-gateway.ts';
import { startCuttingProxy } from '../support/store-cutting-proxy.ts';

// The ≈ 243 MB benchmark model (Q4_0), generated once by the project's GGUF writer and cached.
let modelPath: string;
let gateway: Awaited<ReturnType<typeof startCountingGateway>>;
let proxy: Awaited<ReturnType<typeof startCuttingProxy>>;
let manifest: ModelManifest;
const temporary: string[] = [];
const CHUNK = DOWNLOAD_DEFAULTS.chunkSize;
const MB = 1e6;

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** A copy of the model with a few bytes changed near its end: same size, another SHA-256. */
async function alteredCopy(dir: string): Promise<string> {
  const path = join(dir, basename(modelPath));
  await copyFile(modelPath, path);
  await flipBytes(path);
  return path;
}

async function flipBytes(path: string, at = 200 * MB): Promise<void> {
  const handle = await open(path, 'r+');
  const byte = new Uint8Array(16);
  await handle.read(byte, 0, 16, at);
  for (let i = 0; i < 16; i++) byte[i] = (byte[i] ?? 0) ^ 0xff;
  await handle.write(byte, 0, 16, at);
  await handle.close();
}

beforeAll(async () => {
  modelPath = await ensureModel(benchModelSpec({ type: 'q4_0' }), { cacheDir: modelCacheDir });
  gateway = await startCountingGateway([{ id: 'bench', paths: [modelPath] }]);
  proxy = await startCuttingProxy(gateway.port);
  manifest = (await (await fetch(`${gateway.url}/models/bench/manifest.json`)).json()) as ModelManifest;
  expect(manifest.files[0]!.size).toBeGreaterThan(200 * MB);
});

afterAll(async () => {
  await proxy?.close();
  await gateway?.close();
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

function runPull(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
} {
  // `node --import tsx` (not the tsx CLI, which forks): the pid killed is the pid downloading.
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/bin.ts', 'pull', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('downloading a 243 MB model from the gateway, interrupted', () => {
  it('survives 12 interruptions (7 network cuts, 5 killed `hearth pull` processes): verifies, and re-fetches under one chunk per interruption', async () => {
    const file = manifest.files[0]!;
    const dir = await tempDir('hearth-pull-');
    gateway.reset();
    proxy.state.cuts = 0;
    const proxyBytesAtStart = proxy.state.bytesToClients;
    // Random points (in bytes the gateway has served) spread over the download, each a cut or a kill.
    const plan = Array.from({ length: 12 }, (_, i) => ({
      at: Math.round(file.size * (0.04 + (0.88 * (i + Math.random())) / 12)),
      kind: i % 5 === 2 || i === 11 ? ('kill' as const) : ('cut' as const),
    }));
    // Exactly 5 kills: positions 2, 7, 11 and two more cuts turned into kills.
    plan[4]!.kind = 'kill';
    plan[9]!.kind = 'kill';
    const kills = plan.filter((p) => p.kind === 'kill').length;
    const cutsPlanned = plan.length - kills;
    const args = ['bench', '--gateway', proxy.url, '--dir', dir];
    const outputs: string[] = [];
    const started = performance.now();
    let killed = 0;
    for (;;) {
      const run = runPull(args);
      let exited = false;
      void run.done.then(() => (exited = true));
      while (!exited) {
        const next = plan[0];
        // One interruption at a time: a cut still armed would be overwritten by the next one (two
        // plan points can fall within one poll when the machine is fast), losing a cut.
        if (next && proxy.state.armedAt === undefined && gateway.state.modelBodyBytes >= next.at) {
          plan.shift();
          if (next.kind === 'cut') {
            proxy.cutAfter(Math.floor(Math.random() * 256 * 1024));
          } else {
            run.child.kill('SIGKILL');
            killed++;
            break;
          }
        }
        await sleep(5);
      }
      const result = await run.done;
      outputs.push(result.stderr);
      if (result.signal === 'SIGKILL') continue;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`${file.sha256}  `);
      expect(result.stdout).toContain('verified');
      break;
    }
    const seconds = (performance.now() - started) / 1000;
    expect(killed).toBe(kills);
    expect(proxy.state.cuts).toBe(cutsPlanned);
    const interruptions = killed + proxy.state.cuts;
    expect(interruptions).toBeGreaterThanOrEqual(10);

    // Each rerun said it resumed; the stored file is the manifest's, byte for byte.
    expect(outputs.slice(1).every((text) => /resuming .*already here/.test(text))).toBe(true);
    expect(await sha256File(join(dir, 'blobs', file.sha256))).toBe(file.sha256);
    // What crossed the (proxied) network to the client, headers included; the gateway's own count
    // also includes what sat in loopback socket buffers when a connection died, so it is logged too.
    const refetched = proxy.state.bytesToClients - proxyBytesAtStart - file.size;
    console.log(
      `[store-resume] ${interruptions} interruptions (${killed} kills, ${proxy.state.cuts} cuts): served ${(gateway.state.modelBodyBytes / MB).toFixed(1)} MB for a ${(file.size / MB).toFixed(1)} MB file, ` +
        `delivered ${((proxy.state.bytesToClients - proxyBytesAtStart) / MB).toFixed(1)} MB, re-fetched ${(refetched / MB).toFixed(2)} MB (${(refetched / interruptions / MB).toFixed(2)} MB per interruption; chunk ${(CHUNK / MB).toFixed(1)} MB), ${seconds.toFixed(1)} s wall incl. ${killed + 1} process starts`,
    );
    expect(refetched).toBeLessThanOrEqual(interruptions * CHUNK);
    const ranged = gateway.fileRequests().filter((r) => r.method === 'GET');
    expect(ranged.every((r) => r.range !== null)).toBe(true);
    // Every request but the first run's opening ones (one per parallel connection) carried If-Range with the strong ETag.
    const withoutIfRange = ranged.filter((r) => r.ifRange === null).length;
    expect(withoutIfRange).toBeLessThanOrEqual(DOWNLOAD_DEFAULTS.parallel);
    expect(ranged.filter((r) => r.ifRange !== null).every((r) => r.ifRange === formatHashEtag(file.sha256))).toBe(true);

    // Run again: everything is here, nothing is fetched.
    gateway.reset();
    const again = await runPull(args).done;
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already here');
    expect(gateway.fileRequests()).toEqual([]);
  });

  it('detects a file changed on the server mid-download, drops the old bytes and restarts on the new version', async () => {
    const v2Path = await alteredCopy(await tempDir('hearth-v2-'));
    const v2Sha = await sha256File(v2Path);
    const switchToV2 = await gateway.prepareSwap([{ id: 'bench', paths: [v2Path] }]);
    const { store } = openNodeModelStore({ dir: await tempDir('hearth-store-') });
    gateway.reset();
    const events: StoreEvent[] = [];
    let swapped = false;
    const result = await store.ensureManifest(`${gateway.url}/models/bench/manifest.json`, {
      onEvent: (e) => events.push(e),
      onProgress: (p) => {
        if (!swapped && p.bytesDone > 60 * MB) {
          swapped = true;
          switchToV2();
        }
      },
    });
    expect(swapped).toBe(true);
    expect(result.manifest.files[0]!.sha256).toBe(v2Sha);
    expect(result.files[0]!.sha256).toBe(v2Sha);
    expect(events.some((e) => e.type === 'restarted' && e.reason === 'changed-on-server')).toBe(true);
    // The gateway refused to continue the old version: If-Range with v1's ETag got the whole new file (200).
    expect(gateway.fileRequests().some((r) => r.ifRange === formatHashEtag(manifest.files[0]!.sha256) && r.status === 200)).toBe(true);
    const stored = await store.list();
    expect(stored.map((f) => [f.sha256, f.state])).toEqual([[v2Sha, 'complete']]);
    const hash = createHash('sha256');
    const reader = result.files[0]!.blob.stream().getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) hash.update(r.value);
    expect(hash.digest('hex')).toBe(v2Sha);
    (await gateway.prepareSwap([{ id: 'bench', paths: [modelPath] }]))();
  });

  it('bytes that differ from the manifest (corrupt on the server, same ETag) fail verification and are never returned', async () => {
    const dir = await tempDir('hearth-corrupt-');
    const path = join(dir, basename(modelPath));
    await copyFile(modelPath, path);
    // The registry hashes at start; corrupting afterwards makes the gateway vouch for bytes it no longer has.
    const switchToCorrupt = await gateway.prepareSwap([{ id: 'bench', paths: [path] }]);
    await flipBytes(path, 123 * MB);
    switchToCorrupt();
    const { store } = openNodeModelStore({ dir: await tempDir('hearth-store-') });
    const error = await store.ensureManifest(`${gateway.url}/models/bench/manifest.json`).catch((e: unknown) => e);
    expect(HearthError.isInstance(error)).toBe(true);
    // The manifest's per-chunk hashes catch it at the chunk that changed (123 MB in: chunk 7 of 16 MiB).
    expect(error).toMatchObject({ code: 'integrity_mismatch', data: { reason: 'chunk', chunk: Math.floor((123 * MB) / (16 * 1024 * 1024)) } });
    expect(await store.list()).toEqual([]);
    await expect(store.open(manifest.files[0]!.sha256)).rejects.toMatchObject({ code: 'model_not_found' });
    (await gateway.prepareSwap([{ id: 'bench', paths: [modelPath] }]))();
  });

  it('with less room than the model, fails with quota_exceeded before fetching a byte', async () => {
    const free = 100 * MB;
    const { store } = openNodeModelStore({ dir: await tempDir('hearth-store-'), estimate: async () => ({ free }) });
    gateway.reset();
    const error = await store.ensureManifest(`${gateway.url}/models/bench/manifest.json`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'quota_exceeded', data: { free } });
    expect((error as HearthError).message).toMatch(/needs 2\d\d\.\d MB .*100\.0 MB is free/);
    expect(gateway.fileRequests()).toEqual([]);
    expect(gateway.state.modelBodyBytes).toBe(0);
  });
});
