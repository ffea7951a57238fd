// How much a resumed download fetches twice: the ≈243 MB Q4_0 model pulled from a real gateway
// into the Node model store, interrupted once per download at a random point, by a network cut
// (a loopback proxy resets the connection mid-body) or by killing the downloading process
// (`hearth pull`, SIGKILL) and running it again. The same machinery as
// tests/integration/store-resume.test.ts, from tools/src/testing.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelManifest } from '@hearth/spec';
import { DOWNLOAD_DEFAULTS } from '@hearth/sdk/store';
import { openNodeModelStore } from '@hearth/sdk/node';
import { benchModelSpec, ensureModel } from '../../index.ts';
import { summarize, type BenchContext } from '../bench-context.ts';
import { startCountingGateway } from '../../testing/store-counting-gateway.ts';
import { startCuttingProxy } from '../../testing/store-cutting-proxy.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MB = 1e6;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Range requests in flight: one, the default three, and twice that. */
const PARALLEL = [1, DOWNLOAD_DEFAULTS.parallel, 2 * DOWNLOAD_DEFAULTS.parallel];

type Gateway = Awaited<ReturnType<typeof startCountingGateway>>;
type Proxy = Awaited<ReturnType<typeof startCuttingProxy>>;

export async function resumeSuite(ctx: BenchContext): Promise<void> {
  const path = await ensureModel(benchModelSpec({ type: 'q4_0' }));
  const gateway = await startCountingGateway([{ id: 'bench', paths: [path] }]);
  const proxy = await startCuttingProxy(gateway.port);
  const temporary: string[] = [];
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'hearth-bench-resume-'));
    temporary.push(dir);
    return dir;
  };
  try {
    const manifest = (await (await fetch(`${gateway.url}/models/bench/manifest.json`)).json()) as ModelManifest;
    const size = manifest.files[0]?.size ?? 0;
    // Each number of requests in flight gets cuts and kills: the bound must hold whatever is in flight.
    const plan: Array<{ kind: 'cut' | 'kill'; parallel: number }> = ctx.quick
      ? [{ kind: 'cut', parallel: DOWNLOAD_DEFAULTS.parallel }]
      : PARALLEL.flatMap((parallel) => (['cut', 'kill', 'cut'] as const).map((kind) => ({ kind, parallel })));
    // Refetched bytes: model-file body bytes the gateway handed to its sockets beyond the file's
    // size. An upper bound on what the client received twice: it also counts what sat in socket
    // buffers when a connection died, which crossed (or would have crossed) the wire.
    const refetched: Record<'cut' | 'kill', number[]> = { cut: [], kill: [] };
    const clientRefetched: number[] = [];
    let attempts = 0;
    const perParallel = new Map<number, number>();
    for (const { kind, parallel } of plan) {
      for (;;) {
        if (++attempts > plan.length * 3) throw new Error('interruptions kept missing their download');
        // A random point over the body, away from both ends so the interruption lands mid-file.
        const at = Math.round(size * (0.05 + 0.85 * Math.random()));
        const dir = await tempDir();
        gateway.reset();
        const r = kind === 'cut' ? await cutOnce(gateway, proxy, dir, at, parallel) : await killOnce(gateway, dir, at, parallel);
        await rm(dir, { recursive: true, force: true });
        if (!r.interrupted) continue;
        const again = gateway.state.modelBodyBytes - size;
        refetched[kind].push(again);
        if (r.clientBytes !== undefined) clientRefetched.push(r.clientBytes - size);
        const saved = 'savedAtKill' in r && r.savedAtKill !== undefined ? `, ${(r.savedAtKill / MB).toFixed(0)} MB named by the resume point at the kill${r.savedAtKill === 0 ? ' (none yet: started over)' : ''}` : '';
        perParallel.set(parallel, Math.max(perParallel.get(parallel) ?? 0, again));
        ctx.log(`  ${kind} at ${(at / MB).toFixed(0)} MB, ${parallel} request(s) in flight: ${(again / MB).toFixed(2)} MB served twice${saved}`);
        break;
      }
    }
    const all = [...refetched.cut, ...refetched.kill];
    const chunk = `${DOWNLOAD_DEFAULTS.chunkSize / 2 ** 20} MiB chunks, ${[...perParallel.keys()].join(' / ')} Range requests in parallel (most per setting: ${[...perParallel].map(([p, b]) => `${p}: ${(b / MB).toFixed(2)} MB`).join(', ')})`;
    const how = `most model bytes the gateway served beyond the file's size in one download with one interruption, over ${all.length} downloads of the ${(size / MB).toFixed(0)} MB Q4_0 file into the Node model store (${refetched.cut.length} loopback network cuts, ${refetched.kill.length} SIGKILLed \`hearth pull\` processes run again), each at a random point; ${chunk}`;
    const sorted = [...all].sort((a, b) => a - b);
    ctx.result('resume_refetch_bytes_max', { value: sorted[sorted.length - 1] ?? NaN, unit: 'bytes', min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN, repeats: all.length, how: `${how} (spread: least – most)` });
    ctx.detail('resume_refetch_mb_after_cut', summarize(refetched.cut.map((b) => b / MB), 'MB', 'bytes served twice after one network cut (gateway count)'));
    // A quick run cuts the network once and kills no process.
    if (refetched.kill.length) ctx.detail('resume_refetch_mb_after_kill', summarize(refetched.kill.map((b) => b / MB), 'MB', 'bytes served twice after one killed process (gateway count)'));
    if (clientRefetched.length) ctx.detail('resume_client_refetch_mb_after_cut', summarize(clientRefetched.map((b) => b / MB), 'MB', "body bytes the downloader received beyond the file's size after one cut (its own DownloadStats)"));
  } finally {
    await proxy.close();
    await gateway.close();
    for (const dir of temporary) await rm(dir, { recursive: true, force: true });
  }
}

/** One download through the cutting proxy, whose connection is reset once the gateway has served `at` bytes. */
async function cutOnce(gateway: Gateway, proxy: Proxy, dir: string, at: number, parallel: number): Promise<{ interrupted: boolean; clientBytes: number }> {
  const { store } = openNodeModelStore({ dir, download: { parallel } });
  const cutsBefore = proxy.state.cuts;
  let running = true;
  const result = store.ensureManifest(`${proxy.url}/models/bench/manifest.json`).finally(() => (running = false));
  while (running) {
    if (gateway.state.modelBodyBytes >= at) {
      // Cut within the next 256 KiB toward the client: a point inside a socket read, not at its edge.
      proxy.cutAfter(Math.floor(Math.random() * 256 * 1024));
      break;
    }
    await sleep(2);
  }
  const { stats } = await result;
  return { interrupted: proxy.state.cuts > cutsBefore, clientBytes: stats.bytesFetched };
}

/**
 * `hearth pull` SIGKILLed once the gateway has served `at` bytes, then run again to the end. The
 * gateway counts what it wrote to sockets: tens of MB can sit in socket buffers before the new
 * process reads a byte, so an early kill can come before its first resume point. The second run
 * must then start over (and the bytes count as fetched twice); after a resume point it must resume.
 */
async function killOnce(gateway: Gateway, dir: string, at: number, parallel: number): Promise<{ interrupted: boolean; clientBytes?: number; savedAtKill?: number }> {
  const first = pull(gateway.url, dir, parallel);
  let killed = false;
  while (!first.exited()) {
    if (gateway.state.modelBodyBytes >= at) {
      killed = first.child.kill('SIGKILL');
      break;
    }
    await sleep(2);
  }
  const firstEnd = await first.done;
  if (!killed || firstEnd.signal !== 'SIGKILL') return { interrupted: false };
  const savedAtKill = await resumePointBytes(dir);
  const second = await pull(gateway.url, dir, parallel).done;
  if (second.code !== 0) throw new Error(`hearth pull did not finish after a kill: ${second.stderr.slice(-500)}`);
  const resumed = /resuming .*already here/.test(second.stderr);
  if (savedAtKill > 0 && !resumed) throw new Error(`hearth pull did not resume from the ${savedAtKill} bytes its resume point named: ${second.stderr.slice(0, 400)}`);
  return { interrupted: true, savedAtKill };
}

/** Bytes on storage that the killed process's resume point names (0 without one), from the store's index files. */
async function resumePointBytes(dir: string): Promise<number> {
  let most = 0;
  for (const name of await readdir(join(dir, 'index')).catch(() => [] as string[])) {
    if (!name.endsWith('.json')) continue;
    const record = JSON.parse(await readFile(join(dir, 'index', name), 'utf8')) as { download?: { received: number[] } };
    most = Math.max(most, record.download?.received.reduce((a, b) => a + b, 0) ?? 0);
  }
  return most;
}

function pull(gatewayUrl: string, dir: string, parallel: number) {
  // `node --import tsx` (not the tsx CLI, which forks): the pid killed is the pid downloading.
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/bin.ts', 'pull', 'bench', '--gateway', gatewayUrl, '--dir', dir, '--parallel', String(parallel)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let exited = false;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal, stderr });
    }),
  );
  return { child, done, exited: () => exited };
}
