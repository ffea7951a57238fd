import { mkdtemp, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyModelPath } from '../support/models.ts';
import { spawnHearth, type SpawnedHearth } from '../support/spawn-hearth.ts';

let hearth: SpawnedHearth;
beforeAll(async () => {
  // The rate limit would answer most of the flood with 429 before parsing: turn it off here.
  const config = join(await mkdtemp(join(tmpdir(), 'hearth-fuzz-')), 'hearth.config.json');
  await writeFile(config, JSON.stringify({ limits: { ratePerMinute: 0 } }));
  hearth = await spawnHearth(['--model', await tinyModelPath(), '--id', 'tiny', '--config', config]);
});
afterAll(async () => {
  await hearth?.stop();
});

/** A seeded PRNG, so a failing case can be replayed. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD = ['\u0000', '\ud800', '\udfff', '\u202e', '\uffff', '𝕳', 'é', '\u0301', '\r\n', '"', '\\', '{', '']; // lone surrogates, NUL, RTL override
const OUT_OF_RANGE: Record<string, number[]> = {
  max_tokens: [1e308, -1e308, 2 ** 53 + 1, -1, 0, 1e9, Number.MAX_SAFE_INTEGER, 3.5],
  temperature: [1e308, -1e308, -0.0001, 2.0001, 1e9],
  top_p: [0, -1, 1.0001, 1e308],
  n: [0, 2, 1e9, -1],
  seed: [0.5, 1e308],
};
// Wrong for each field: never a value that field accepts (null is fine for optional ones).
const WRONG: Record<string, unknown[]> = {
  model: [null, true, 42, [], {}],
  messages: [null, true, 'x', [], {}, 42, [1, 2]],
  prompt: [null, true, 42, [], {}, [1, 2]],
  max_tokens: ['x', true, [], {}, 1.5, -4],
  temperature: ['x', true, [], {}, 7],
  stop: [42, true, {}, [1, 2], ['a', 'b', 'c', 'd', 'e']],
  stream: ['x', 1, {}, []],
  top_p: ['x', true, [], {}, 0],
};

/** Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD, as on the wire). */
function percentEncode(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

interface Fuzz {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** Every case is invalid by construction: a valid request would make the model run. */
function makeCase(rand: () => number): Fuzz {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const odd = (): string => Array.from({ length: 1 + Math.floor(rand() * 6) }, () => pick(ODD)).join('');
  const path = pick(['/v1/chat/completions', '/v1/completions']);
  const valid =
    path === '/v1/chat/completions'
      ? { model: 'tiny', messages: [{ role: 'user', content: 'hi' }], max_tokens: 1 }
      : { model: 'tiny', prompt: 'hi', max_tokens: 1 };
  const json = (o: unknown): string => JSON.stringify(o);
  const headers = { 'Content-Type': 'application/json' };
  switch (Math.floor(rand() * 10)) {
    case 0: // broken JSON
      return { method: 'POST', path, headers, body: json(valid).slice(0, Math.floor(rand() * json(valid).length)) + odd() };
    case 1: {
      // a field of the wrong type
      const field = pick(Object.keys(WRONG).filter((f) => f !== (path === '/v1/chat/completions' ? 'prompt' : 'messages')));
      return { method: 'POST', path, headers, body: json({ ...valid, [field]: pick(WRONG[field]!) }) };
    }
    case 2: {
      // numbers out of each field's range
      const field = pick(Object.keys(OUT_OF_RANGE));
      return { method: 'POST', path, headers, body: json({ ...valid, [field]: pick(OUT_OF_RANGE[field]!) }) };
    }
    case 3: // odd unicode where identifiers go
      return { method: 'POST', path, headers, body: json({ ...valid, model: `tiny${odd()}x` }) };
    case 4: // odd unicode roles
      return { method: 'POST', path: '/v1/chat/completions', headers, body: json({ model: 'tiny', messages: [{ role: odd() + 'u', content: odd() }] }) };
    case 5: // oversized body
      return { method: 'POST', path, headers, body: Buffer.alloc(1_048_576 + 1 + Math.floor(rand() * 200_000), 'a') };
    case 6: // header abuse: a huge header, or a wrong content type
      return rand() < 0.5
        ? { method: 'POST', path, headers: { ...headers, 'X-Huge': 'h'.repeat(20_000 + Math.floor(rand() * 40_000)) }, body: json(valid) }
        : {
            method: 'POST',
            path,
            headers: { 'Content-Type': pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) },
            body: `messages=${odd()}`,
          };
    case 7: // missing required fields
      return { method: 'POST', path, headers, body: json(Object.fromEntries(Object.entries(valid).filter(() => rand() < 0.5)).model ? { model: 'tiny' } : {}) };
    case 8: // bodies that are JSON but not objects
      return { method: 'POST', path, headers, body: json(pick([null, 1, 'str', [valid], true])) };
    default: // unknown routes and methods
      return {
        method: pick(['GET', 'PUT', 'DELETE', 'PATCH', 'POST']),
        path: `/v1/${pick(['chat', 'nope', 'completions/x', 'models/x/y'])}${percentEncode(odd())}`,
        headers,
        body: rand() < 0.5 ? '' : json(valid),
      };
  }
}

/** Raw node:http so header abuse reaches the server as sent (fetch would refuse some of it). */
function send(base: URL, c: Fuzz): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let responded = false;
    const req = httpRequest(
      { host: base.hostname, port: base.port, method: c.method, path: c.path, headers: { ...c.headers, 'Content-Length': String(Buffer.byteLength(c.body)) } },
      (res) => {
        responded = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('close', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    // A 431 closes the connection (the headers were never parsed), and a write still under way
    // can then fail (EPIPE, ECONNRESET): once the answer has arrived, it counts. A write failing
    // before any answer is the server's fault and is reported: it was, for oversized bodies,
    // until the gateway drained them (gateway-access.test.ts sends one slowly).
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (responded && (error.code === 'EPIPE' || error.code === 'ECONNRESET')) return;
      reject(error);
    });
    req.end(c.body);
  });
}

/** Enough of a case to tell which kind failed, without dumping a megabyte. */
function describeCase(c: Fuzz): string {
  const huge = Object.entries(c.headers).find(([, v]) => v.length > 1000);
  return `${Buffer.byteLength(c.body)} B body, ${c.headers['Content-Type'] ?? 'no content type'}${huge ? `, ${huge[0]}: ${huge[1].length} B` : ''}`;
}

describe('fuzzing the gateway', () => {
  it('answers 10,000 malformed requests with 4xx JSON errors and stays up', async () => {
    const rand = mulberry32(20261122);
    const base = new URL(hearth.url);
    const cases = Array.from({ length: 10_000 }, () => makeCase(rand));
    const bad: string[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < cases.length) {
        const c = cases[next++]!;
        let answer: { status: number; body: string };
        try {
          answer = await send(base, c);
        } catch (error) {
          bad.push(`${c.method} ${c.path} (${describeCase(c)}): transport error ${(error as Error).message}`);
          continue;
        }
        let parsed: { error?: { message?: unknown; type?: unknown } } | undefined;
        try {
          parsed = JSON.parse(answer.body) as typeof parsed;
        } catch {
          parsed = undefined;
        }
        if (answer.status < 400 || answer.status >= 500 || typeof parsed?.error?.message !== 'string' || typeof parsed.error.type !== 'string') {
          bad.push(`${c.method} ${c.path} ${String(c.body).slice(0, 80)} → ${answer.status} ${answer.body.slice(0, 120)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(bad.slice(0, 10)).toEqual([]);
    expect(bad.length).toBe(0);
    expect((await fetch(`${hearth.url}/healthz`)).status).toBe(200);
    // And it still does real work.
    const ok = await fetch(`${hearth.url}/v1/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'tiny', prompt: 'still alive', max_tokens: 3 }),
    });
    expect(ok.status).toBe(200);
  });
});
