// Telemetry ingestion under load: 200 posters at once for 30 s against POST /v1/telemetry, on
// PGlite (the default store) and on a real PostgreSQL started for the run. Every accepted batch
// must be in the store afterwards (none lost), and the process's memory is sampled throughout.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonLogger, startGateway } from '@hearth/server';
import type { TelemetryBatch, TelemetryReport } from '@hearth/spec';
import { startThrowawayPostgres } from '../../postgres/start-throwaway-postgres.ts';
import { summarize, type BenchContext } from '../bench-context.ts';

const POSTERS = 200;
const REPORTS_PER_BATCH = 20;
const quiet = createJsonLogger('error', () => {});

function batch(i: number): TelemetryBatch {
  const reports: TelemetryReport[] = [];
  for (let r = 0; r < REPORTS_PER_BATCH; r++) {
    const n = i * REPORTS_PER_BATCH + r;
    reports.push({
      task: n % 3 === 0 ? 'proofread' : 'summarize',
      pack: { id: n % 2 ? 'chatml/proofread' : 'llama3/summarize', version: '1.0.0' },
      route: n % 5 ? { where: 'device', engine: 'llama-wasm', backend: 'cpu' } : { where: 'self-hosted', engine: 'remote', backend: 'server' },
      model: 'qwen2.5-0.5b-instruct',
      fallback: n % 17 ? 'none' : 'engine_crashed',
      device: { compute: n % 4 ? 'cpu' : 'gpu', memory: '4-8', browser: 'chromium' },
      measure: n % 3 ? { metric: 'ttft', k: 7, value: n % 7, epsilon: 1 } : { metric: 'eval', evaluator: 'no-pii', k: 2, value: n % 2, epsilon: 1 },
    });
  }
  return { specificationVersion: 'v1', reports };
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function load(ctx: BenchContext, kind: 'pglite' | 'postgres', seconds: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-bench-telemetry-'));
  const pg = kind === 'postgres' ? await startThrowawayPostgres() : undefined;
  const gateway = await startGateway({ port: 0, logger: quiet, limits: { ratePerMinute: 0 }, telemetry: pg ? { databaseUrl: pg.url } : { dataDir: join(dir, 'data') } });
  try {
    const store = await gateway.telemetry!.open();
    const body = JSON.stringify(batch(0));
    const latencies: number[] = [];
    let accepted = 0;
    let refused = 0;
    let failed = 0;
    let rssMax = 0;
    const rssStart = process.memoryUsage().rss;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 250);
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: POSTERS }, async () => {
        while (performance.now() < until) {
          const t = performance.now();
          try {
            const r = await fetch(`${gateway.url}/v1/telemetry`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
            await r.arrayBuffer();
            if (r.status === 202) {
              accepted++;
              latencies.push(performance.now() - t);
            } else if (r.status === 503) refused++;
            else failed++;
          } catch {
            failed++;
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const stored = await store.count();
    const lost = accepted * REPORTS_PER_BATCH - stored;
    latencies.sort((a, b) => a - b);
    const how = `${POSTERS} posters at once for ${seconds} s, ${REPORTS_PER_BATCH} reports a batch, to a gateway on loopback in this process, stored in ${kind === 'pglite' ? 'PGlite (a data folder)' : 'PostgreSQL (a throwaway cluster on loopback)'}`;
    ctx.log(`telemetry ${kind}: ${accepted} batches accepted (${(accepted / elapsed).toFixed(0)}/s), ${refused} refused with 503, ${failed} failed, ${stored} reports stored, lost ${lost}, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, RSS max ${(rssMax / 2 ** 20).toFixed(0)} MiB (from ${(rssStart / 2 ** 20).toFixed(0)})`);
    ctx.result(`telemetry_${kind}_batches_per_s`, summarize([accepted / elapsed], 'batches/s', `accepted batches per second: ${how}`));
    ctx.result(`telemetry_${kind}_p50_ms`, summarize([percentile(latencies, 50)], 'ms', `median time to a 202: ${how}`));
    ctx.result(`telemetry_${kind}_p99_ms`, summarize([percentile(latencies, 99)], 'ms', `99th percentile time to a 202: ${how}`));
    ctx.result(`telemetry_${kind}_lost_reports`, summarize([lost], 'reports', `reports of accepted batches missing from the store afterwards: ${how}`));
    ctx.detail(`telemetry_${kind}_refused_batches`, summarize([refused + failed], 'batches', `batches answered 503 (store behind) or failed: ${how}`));
    ctx.detail(`telemetry_${kind}_rss_max_mib`, summarize([rssMax / 2 ** 20], 'MiB', `the bench process's largest resident set during the load (gateway and posters), from ${(rssStart / 2 ** 20).toFixed(0)} MiB at the start`));
    if (lost !== 0) throw new Error(`${lost} reports of accepted batches are missing from the ${kind} store`);
  } finally {
    await gateway.close();
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function telemetrySuite(ctx: BenchContext): Promise<void> {
  const seconds = ctx.quick ? 10 : 30;
  await load(ctx, 'pglite', seconds);
  await load(ctx, 'postgres', seconds);
}
