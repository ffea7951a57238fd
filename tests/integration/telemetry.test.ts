import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDashboardSummary,
  newApiKey,
  startGateway,
  TelemetryStore,
  type DashboardAggregates,
  type DashboardSummary,
  type RunningGateway,
} from '@hearth/server';
import type { TelemetryBatch, TelemetryReport } from '@hearth/spec';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../tools/src/postgres/start-throwaway-postgres.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { passCell, predictedHalfWidth, simulateBatches, speedCell, type Noise, type Truth } from '../support/telemetry-simulation.ts';

// POST /v1/telemetry and the dashboard's estimates, on a real gateway over loopback HTTP, stored
// in PGlite (a data folder) and in a real PostgreSQL cluster started for this file.

const admin = newApiKey();
const device = newApiKey();
const EPSILON = 1;
const CANARY = 'Canary 5c1e: Dana Whitfield, salary 91,000';

interface Started {
  gateway: RunningGateway;
  lines: string[];
  dataDir: string;
  post(body: unknown, key?: string): Promise<Response>;
  summary(): Promise<DashboardSummary>;
}

async function start(store: { pglite: string } | { postgres: ThrowawayPostgres }): Promise<Started> {
  const { logger, lines } = captureLogger();
  const telemetry = 'pglite' in store ? { dataDir: store.pglite } : { databaseUrl: store.postgres.url };
  const gateway = await startGateway({
    port: 0,
    logger,
    auth: {
      apiKeys: [
        { name: 'owner', sha256: admin.sha256, scopes: ['admin'] },
        { name: 'devices', sha256: device.sha256, scopes: ['inference'] },
      ],
    },
    // Every simulated device posts from 127.0.0.1: the per-address limit would count them as one.
    limits: { ratePerMinute: 0 },
    telemetry,
  });
  const post = (body: unknown, key = device.key): Promise<Response> =>
    fetch(`${gateway.url}/v1/telemetry`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const summary = async (): Promise<DashboardSummary> => {
    const response = await fetch(`${gateway.url}/v1/telemetry/summary`, { headers: { Authorization: `Bearer ${admin.key}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as DashboardSummary;
  };
  return { gateway, lines, dataDir: 'pglite' in store ? store.pglite : store.postgres.dataDir, post, summary };
}

/** Posts batches, `parallel` at a time; every one must be accepted. */
async function postAll(s: Started, batches: readonly TelemetryBatch[], parallel = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const response = await s.post(batch);
        expect(response.status).toBe(202);
        expect(await response.json()).toEqual({ accepted: batch.reports.length });
      }
    }),
  );
}

/** The dashboard's summary of batches computed in memory, as the store's grouped counts would give it. */
function summarizeInMemory(batches: readonly TelemetryBatch[]): DashboardSummary {
  const group = (rows: Array<Record<string, string | number | null>>): DashboardAggregates['routes'] => {
    const by = new Map<string, { n: number; row: Record<string, string | number | null> }>();
    for (const row of rows) {
      const key = JSON.stringify(row);
      const g = by.get(key) ?? { n: 0, row };
      g.n++;
      by.set(key, g);
    }
    return [...by.values()].map((g) => ({ ...g.row, n: g.n }));
  };
  const reports: TelemetryReport[] = batches.flatMap((b) => b.reports);
  const speeds = reports
    .filter((r) => r.measure.metric !== 'eval')
    .map((r) => ({ route_where: r.route.where, metric: r.measure.metric, value: r.measure.value, epsilon: r.measure.epsilon }));
  const evals = reports
    .filter((r) => r.measure.metric === 'eval')
    .map((r) => ({
      pack_id: r.pack?.id ?? null,
      pack_version: r.pack?.version ?? null,
      evaluator: r.measure.evaluator ?? null,
      value: r.measure.value,
      epsilon: r.measure.epsilon,
    }));
  return buildDashboardSummary(
    { total: reports.length, routes: [], engines: [], devices: [], models: [], speeds: group(speeds), evals: group(evals), fallbacks: [] },
    20,
    30,
  );
}

/** Every dashboard estimate against the truth: inside its own 95% interval? its width against the predicted one? */
function calibration(summary: DashboardSummary, truth: Truth): { cells: number; inside: number; widthRatios: number[] } {
  const checks: Array<{ inside: boolean; ratio: number }> = [];
  const check = (key: string, j: number, cell: { estimate: number | null; halfWidth: number | null; reports: number }): void => {
    const t = truth.cells.get(key);
    if (!t || cell.estimate === null || cell.halfWidth === null) throw new Error(`no estimate for ${key}`);
    const n = t.counts.reduce((a, b) => a + b, 0);
    expect(cell.reports).toBe(n);
    const f = t.counts[j]! / n;
    checks.push({ inside: Math.abs(cell.estimate - f) <= cell.halfWidth, ratio: cell.halfWidth / predictedHalfWidth(f, n, t.k, EPSILON) });
  };
  for (const rate of summary.passRates) check(passCell(`${rate.pack}@${rate.version}`, rate.evaluator), 1, rate);
  for (const metric of ['ttft', 'decode'] as const)
    for (const d of summary[metric]) d.buckets.forEach((b, j) => check(speedCell(metric, d.group), j, { ...b, reports: d.reports }));
  return { cells: checks.length, inside: checks.filter((c) => c.inside).length, widthRatios: checks.map((c) => c.ratio) };
}

const calibrated = (c: { cells: number; inside: number; widthRatios: number[] }): boolean =>
  c.inside / c.cells >= 0.95 && c.widthRatios.every((r) => r >= 0.8 && r <= 1.2);

let work: string;
let postgres: ThrowawayPostgres;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hearth-telemetry-'));
  postgres = await startThrowawayPostgres();
});

afterAll(async () => {
  await postgres?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('telemetry estimates (1,000 simulated batches, ε = 1)', () => {
  const simulation = (noise: Noise) => simulateBatches({ batches: 1000, perBatch: 20, seed: 18, noise, epsilon: EPSILON });

  it('through POST /v1/telemetry into PGlite and back out of /v1/telemetry/summary: ≥ 95 % of cells inside their own 95 % interval, every width within ±20 % of the predicted one, nothing lost', async () => {
    const s = await start({ pglite: join(work, 'stats') });
    try {
      const { batches, truth } = simulation('correct');
      await postAll(s, batches);
      const summary = await s.summary();
      expect(summary.totalReports).toBe(20_000);
      const c = calibration(summary, truth);
      console.log(
        `telemetry calibration: ${c.inside}/${c.cells} cells inside, width ratio ${Math.min(...c.widthRatios).toFixed(3)}–${Math.max(...c.widthRatios).toFixed(3)}`,
      );
      expect(c.cells).toBe(12 + 2 * 7 + 2 * 7);
      expect(c.inside / c.cells).toBeGreaterThanOrEqual(0.95);
      for (const r of c.widthRatios) {
        expect(r).toBeGreaterThan(0.8);
        expect(r).toBeLessThan(1.2);
      }
      // The same batches summarized in memory give the same estimates: the store lost and changed nothing.
      const direct = summarizeInMemory(batches);
      expect(summary.passRates.map((r) => r.estimate).sort()).toEqual(direct.passRates.map((r) => r.estimate).sort());
    } finally {
      await s.gateway.close();
    }
  }, 120_000);

  it('fails for a mechanism with the noise removed, and for one with twice the noise', () => {
    for (const noise of ['none', 'double'] as const) {
      const { batches, truth } = simulation(noise);
      const c = calibration(summarizeInMemory(batches), truth);
      console.log(`telemetry calibration with noise ${noise}: ${c.inside}/${c.cells} cells inside`);
      expect(calibrated(c), `noise ${noise}`).toBe(false);
      expect(c.inside / c.cells).toBeLessThan(0.8);
    }
    // And the same in-memory path passes with the right noise, so the failures above are the mechanism's.
    const { batches, truth } = simulation('correct');
    expect(calibrated(calibration(summarizeInMemory(batches), truth))).toBe(true);
  });
});

const valid = (): TelemetryReport => ({
  task: 'proofread',
  pack: { id: 'chatml/proofread', version: '1.0.0' },
  route: { where: 'device', engine: 'llama-wasm', backend: 'cpu' },
  model: 'qwen2.5-0.5b-instruct',
  fallback: 'none',
  device: { compute: 'cpu', memory: '4-8', browser: 'chromium' },
  measure: { metric: 'eval', evaluator: 'no-pii', k: 2, value: 1, epsilon: 1 },
});

/** Every way a test can think of to put free text into a batch: the canary in each field, unknown keys, and too much. */
function attempts(): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  // Where the canary goes: a path of keys into a report (new keys included), or the canary as a key.
  const paths: Array<readonly string[]> = [
    ['task'],
    ['pack', 'id'],
    ['pack', 'version'],
    ['route', 'where'],
    ['route', 'engine'],
    ['route', 'backend'],
    ['model'],
    ['fallback'],
    ['device', 'compute'],
    ['device', 'memory'],
    ['device', 'browser'],
    ['measure', 'metric'],
    ['measure', 'evaluator'],
    ['measure', 'value'],
    ['measure', 'k'],
    ['measure', 'epsilon'],
    ['note'],
    ['pack', 'note'],
    ['measure', 'text'],
    ['device', 'userAgent'],
    [CANARY],
  ];
  for (const path of paths) {
    const r = structuredClone(valid()) as unknown as Record<string, unknown>;
    let at = r;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
    at[path.at(-1)!] = path[0] === CANARY ? 1 : path.at(-1) === 'version' ? `1.0.0-${CANARY}` : CANARY;
    out.push([path.join('.'), { specificationVersion: 'v1', reports: [valid(), r] }]);
  }
  out.push(['top-level key', { specificationVersion: 'v1', reports: [valid()], comment: CANARY }]);
  out.push(['spec version', { specificationVersion: CANARY, reports: [valid()] }]);
  out.push([
    '101 reports',
    { specificationVersion: 'v1', reports: Array.from({ length: 101 }, () => ({ ...valid(), model: CANARY.toLowerCase().replace(/[^a-z0-9]+/g, '-') })) },
  ]);
  out.push(['oversized body', JSON.stringify({ specificationVersion: 'v1', reports: [valid()], pad: `${CANARY} ${'x'.repeat(70_000)}` })]);
  out.push(['not JSON', `${CANARY} {`]);
  out.push([
    'value out of range',
    { specificationVersion: 'v1', reports: [{ ...valid(), measure: { metric: 'eval', evaluator: 'x', k: 2, value: 2, epsilon: 1 } }] },
  ]);
  out.push(['wrong k', { specificationVersion: 'v1', reports: [{ ...valid(), measure: { metric: 'ttft', k: 3, value: 1, epsilon: 1 } }] }]);
  return out;
}

async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  const bytes = Buffer.from(needle);
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const content = await readFile(path).catch(() => Buffer.alloc(0));
    if (content.includes(bytes)) found.push(path);
  }
  return found;
}

describe.each(['pglite', 'postgres'] as const)('POST /v1/telemetry on %s', (kind) => {
  let s: Started;
  beforeAll(async () => {
    s = await start(kind === 'pglite' ? { pglite: join(work, 'canary') } : { postgres });
  });
  afterAll(async () => {
    await s?.gateway.close();
  });

  it('refuses free text in every field, unknown keys and oversized batches with a 4xx OpenAI error, stores none of it, and the canary is nowhere afterwards: logs, database files, the data folder', async () => {
    const store = await s.gateway.telemetry!.open();
    const before = await store.count();
    for (const [what, body] of attempts()) {
      const response = await s.post(body);
      expect(response.status, what).toBeGreaterThanOrEqual(400);
      expect(response.status, what).toBeLessThan(500);
      const error = (await response.json()) as { error: { type: string; code: string; message: string } };
      expect(error.error.code, what).toBe('invalid_request');
      expect(error.error.message, what).not.toContain('Dana');
    }
    expect(await store.count()).toBe(before);
    // A valid batch goes in (the store works), a key without the inference scope does not.
    const withHeaders = await fetch(`${s.gateway.url}/v1/telemetry`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${device.key}`, 'User-Agent': 'UA-canary-9d2f', 'X-Forwarded-For': '203.0.113.77' },
      body: JSON.stringify({ specificationVersion: 'v1', reports: [valid(), valid()] }),
    });
    expect(withHeaders.status).toBe(202);
    expect((await s.post({ specificationVersion: 'v1', reports: [valid()] }, 'hk_wrong')).status).toBe(401);
    expect(await store.count()).toBe(before + 2);
    // Write everything out, then search every byte PostgreSQL keeps.
    if (kind === 'postgres') await fetch(`${s.gateway.url}/v1/telemetry/summary`, { headers: { Authorization: `Bearer ${admin.key}` } });
    await s.gateway.telemetry!.close();
    expect(s.lines.join('\n')).not.toContain('Dana');
    expect(s.lines.join('\n')).not.toContain('5c1e');
    expect(await filesContaining(s.dataDir, 'Dana')).toEqual([]);
    expect(await filesContaining(s.dataDir, '5c1e')).toEqual([]);
    // No address or header of the posters is stored either: the table has no column for one.
    expect(await filesContaining(s.dataDir, 'UA-canary-9d2f')).toEqual([]);
    expect(await filesContaining(s.dataDir, '203.0.113.77')).toEqual([]);
    expect(s.lines.join('\n')).not.toMatch(/UA-canary-9d2f|203\.0\.113\.77/);
  });

  it('the summary needs the admin scope; cells under 20 reports are hidden', async () => {
    const denied = await fetch(`${s.gateway.url}/v1/telemetry/summary`, { headers: { Authorization: `Bearer ${device.key}` } });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { type: string } }).error.type).toBe('permission_error');
    const summary = await s.summary();
    expect(summary.minGroup).toBe(20);
    expect(summary.models).toEqual([{ label: 'qwen2.5-0.5b-instruct', n: null, hidden: true }]);
    expect(summary.passRates[0]).toMatchObject({ evaluator: 'no-pii', hidden: true, estimate: null });
  });
});

describe('the telemetry store', () => {
  it('runs its migrations once and deletes reports past the retention window', async () => {
    const dataDir = join(work, 'retention');
    const longAgo = Date.now() - 100 * 86_400_000;
    const old = await TelemetryStore.open({ dataDir, retentionDays: 90, now: () => longAgo });
    await old.insert([valid(), valid(), valid()]);
    expect(await old.count()).toBe(3);
    await old.close();
    const reopened = await TelemetryStore.open({ dataDir, retentionDays: 90 });
    expect(await reopened.count()).toBe(0);
    // One insert after another, each awaited: every one is written (a batch queued just as a
    // write ends once waited for a drain that had already finished).
    for (let i = 0; i < 40; i++) await reopened.insert([valid()]);
    expect(await reopened.applyRetention()).toBe(0);
    expect(await reopened.count()).toBe(40);
    await reopened.close();
  });
});
