import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@hearth/server';
import { captureLogger } from '../support/capture-logger.ts';
import { tinyModelPath } from '../support/models.ts';

// Short deadlines so the test is quick; the defaults (10 s headers, 30 s body silence) are the same code.
const HEADERS_MS = 1_000;
const BODY_MS = 2_000;
/** How late a deadline may fire here: Node checks header deadlines on an interval, and this host is shared. */
const SLACK_MS = 2_500;

interface Held {
  socket: Socket;
  opened: number;
  ended?: number;
  received: string;
}

/** A client that sends `data` from `localAddress` and then says nothing more. */
function hold(port: number, localAddress: string, data: string): Promise<Held> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    const held: Held = { socket, opened: 0, received: '' };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (held.received += chunk));
    socket.on('close', () => (held.ended = performance.now()));
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      held.opened = performance.now();
      socket.write(data);
      resolve(held);
    });
    socket.once('error', reject);
  });
}

const halfBody = (port: number): string => {
  const body = JSON.stringify({ model: 'tiny', messages: [{ role: 'user', content: 'x'.repeat(200) }] });
  return `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, body.length >> 1)}`;
};

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (!condition() && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
}

describe('slow and truncated requests', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway({
      port: 0,
      models: [{ id: 'tiny', paths: [await tinyModelPath()] }],
      logger: captureLogger().logger,
      threads: 1,
      limits: { headersTimeoutMs: HEADERS_MS, bodyTimeoutMs: BODY_MS, maxConnectionsPerAddress: 1_100, maxConnections: 4_000 },
    });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('serves 127.0.0.1 while 1,000 connections from 127.0.0.2 hold half a body, and ends every one of them within the body deadline', async () => {
    const held: Held[] = [];
    for (let i = 0; i < 1_000; i += 100)
      held.push(...(await Promise.all(Array.from({ length: 100 }, () => hold(gateway.port, '127.0.0.2', halfBody(gateway.port))))));
    const openedAll = performance.now();
    // While they are held: a normal client is served, a list and a generation.
    const served = performance.now();
    const models = await fetch(`${gateway.url}/v1/models`);
    expect(models.status).toBe(200);
    const chat = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'tiny', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4, temperature: 0 }),
    });
    expect(chat.status).toBe(200);
    expect(((await chat.json()) as { choices: unknown[] }).choices).toHaveLength(1);
    const servedMs = performance.now() - served;
    expect(held.filter((h) => h.ended === undefined).length).toBeGreaterThan(900);
    await waitFor(() => held.every((h) => h.ended !== undefined), BODY_MS + SLACK_MS + 5_000);
    const lasted = held.map((h) => (h.ended ?? Infinity) - h.opened);
    const longest = Math.max(...lasted);
    expect(longest).toBeLessThan(BODY_MS + (openedAll - held[0]!.opened) + SLACK_MS);
    expect(Math.min(...lasted)).toBeGreaterThanOrEqual(BODY_MS - 100);
    // Answered in OpenAI's error shape where the socket still took it.
    const answered = held.filter((h) => h.received.startsWith('HTTP/1.1 408'));
    expect(answered.length).toBeGreaterThan(900);
    expect(answered[0]!.received).toMatch(/"error":\{"message":"The request body sent nothing for 2000 ms/);
    console.info(
      `slow clients: 1000 held; normal requests served in ${Math.round(servedMs)} ms; every held one ended after ${Math.round(Math.min(...lasted))}-${Math.round(longest)} ms; ${answered.length} got a 408 body`,
    );
  });

  it("answers headers that never finish with a 408 in OpenAI's shape within the header deadline", async () => {
    const held = await Promise.all(
      Array.from({ length: 20 }, () => hold(gateway.port, '127.0.0.3', `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Ty`)),
    );
    await waitFor(() => held.every((h) => h.ended !== undefined), HEADERS_MS + SLACK_MS + 3_000);
    for (const h of held) {
      expect(h.ended! - h.opened).toBeLessThan(HEADERS_MS + SLACK_MS);
      expect(h.received).toMatch(/^HTTP\/1.1 408[^]*"type":"invalid_request_error"/);
    }
  });
});

describe('connection caps', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway({ port: 0, logger: captureLogger().logger, limits: { maxConnectionsPerAddress: 5, maxConnections: 8 } });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('closes connections over the per-address and total caps as they arrive, and serves others', async () => {
    const first = await Promise.all(Array.from({ length: 8 }, () => hold(gateway.port, '127.0.0.4', '')));
    await waitFor(() => first.filter((h) => h.ended !== undefined).length >= 3, 2_000);
    expect(first.filter((h) => h.ended === undefined)).toHaveLength(5);
    const other = await Promise.all(Array.from({ length: 4 }, () => hold(gateway.port, '127.0.0.5', '')));
    await waitFor(() => other.filter((h) => h.ended !== undefined).length >= 1, 2_000);
    // 5 + 3 = 8 open: the fourth from the other address is over the total cap.
    expect(other.filter((h) => h.ended === undefined)).toHaveLength(3);
    for (const h of [...first, ...other]) h.socket.destroy();
    await waitFor(() => false, 200);
    const ok = await fetch(`${gateway.url}/healthz`);
    expect(ok.status).toBe(200);
  });
});

describe('no accidental open gateway', () => {
  it('refuses 0.0.0.0 with no API key or token secret, naming the setting that allows it', async () => {
    const error = await startGateway({ host: '0.0.0.0', port: 0, logger: captureLogger().logger }).catch((e: unknown) => e);
    expect(String((error as Error).message) + String((error as { hint?: string }).hint)).toMatch(/allowOpenNetwork/);
    expect((error as { data?: { param?: string } }).data?.param).toBe('allowOpenNetwork');
  });

  it('starts with allowOpenNetwork and warns on the start line', async () => {
    const logs = captureLogger();
    const gateway = await startGateway({ host: '0.0.0.0', port: 0, logger: logs.logger, allowOpenNetwork: true });
    try {
      const start = logs.lines.map((l) => JSON.parse(l) as Record<string, string>).find((l) => l['message'] === 'gateway listening');
      expect(start?.['level']).toBe('warn');
      expect(start?.['warning']).toMatch(/no authentication/);
    } finally {
      await gateway.close();
    }
  });
});
