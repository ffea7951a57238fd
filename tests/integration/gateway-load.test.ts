import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyModelPath } from '../support/models.ts';
import { residentBytes, spawnHearth, type SpawnedHearth } from '../support/spawn-hearth.ts';

// Bounded by count and time, on loopback only (ENVIRONMENT: no other targets). 20 s in npm test
// (over 2,000 streams and as many 503s here); a soak runs longer: HEARTH_LOAD_SECONDS=600.
const CLIENTS = 100;
const SECONDS = Number(process.env['HEARTH_LOAD_SECONDS'] ?? 20);

let hearth: SpawnedHearth;
beforeAll(async () => {
  const config = join(await mkdtemp(join(tmpdir(), 'hearth-load-')), 'hearth.config.json');
  // Rate limits are per caller and all 100 clients share one address: off for this test.
  // One engine thread: the tiny model gains nothing from two, and the 100 clients need the other core.
  await writeFile(config, JSON.stringify({ threads: 1, limits: { ratePerMinute: 0, maxQueue: 32 } }));
  hearth = await spawnHearth(['--model', await tinyModelPath(), '--id', 'tiny', '--config', config], { HEARTH_LOG_LEVEL: 'warn' });
});
afterAll(async () => {
  await hearth?.stop();
});

describe('load', () => {
  it(
    `${CLIENTS} concurrent streaming clients for ${SECONDS} s: only 503 with Retry-After as errors, memory bounded`,
    { timeout: (SECONDS + 120) * 1000 },
    async () => {
      const statuses = new Map<number, number>();
      const problems: string[] = [];
      const ttft: number[] = [];
      const rss: number[] = [];
      const end = Date.now() + SECONDS * 1000;
      const sampler = setInterval(() => void residentBytes(hearth.pid).then((b) => b > 0 && rss.push(b)), 500);

      const client = async (i: number): Promise<void> => {
        for (let n = 0; Date.now() < end; n++) {
          const started = performance.now();
          const r = await fetch(`${hearth.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ model: 'tiny', messages: [{ role: 'user', content: `client ${i} request ${n}` }], max_tokens: 16, stream: true }),
          });
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status === 503) {
            const retry = Number(r.headers.get('retry-after'));
            if (!(retry > 0)) problems.push(`503 without Retry-After`);
            await r.arrayBuffer();
            // Honour Retry-After, shortened so the load stays high; jitter spreads the retries.
            await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 400));
            continue;
          }
          if (r.status !== 200) {
            problems.push(`${r.status} ${(await r.text()).slice(0, 100)}`);
            continue;
          }
          const reader = r.body!.getReader();
          let first = true;
          let text = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            if (first) {
              ttft.push(performance.now() - started);
              first = false;
            }
            text += new TextDecoder().decode(value);
          }
          if (!text.includes('[DONE]')) problems.push(`stream ended without [DONE]`);
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
      clearInterval(sampler);

      const ok = statuses.get(200) ?? 0;
      const other = [...statuses.keys()].filter((s) => s !== 200 && s !== 503);
      ttft.sort((a, b) => a - b);
      const pct = (p: number): number => Math.round(ttft[Math.min(ttft.length - 1, Math.floor((ttft.length * p) / 100))] ?? 0);
      console.log(
        `load: ${ok} streams completed, ${statuses.get(503) ?? 0} × 503; TTFT p50 ${pct(50)} ms, p99 ${pct(99)} ms; RSS ${Math.round(Math.min(...rss) / 2 ** 20)}–${Math.round(Math.max(...rss) / 2 ** 20)} MiB`,
      );

      expect(problems.slice(0, 5)).toEqual([]);
      expect(other).toEqual([]);
      expect(ok).toBeGreaterThan(CLIENTS);
      expect((await fetch(`${hearth.url}/healthz`)).status).toBe(200);
      // Bounded memory: the last third of the run holds no more than the first third plus slack.
      const third = Math.floor(rss.length / 3);
      expect(rss.length).toBeGreaterThan(5);
      const early = Math.max(...rss.slice(0, third));
      const late = Math.max(...rss.slice(-third));
      expect(late).toBeLessThan(early * 1.25 + 32 * 2 ** 20);
    },
  );
});
