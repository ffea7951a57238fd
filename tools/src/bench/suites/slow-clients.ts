// The gateway with 1,000 slow clients holding half a request body open: its memory while they are
// held (the clients run in a child process, so their sockets are not counted), how late the body
// deadline ends them, and how a normal client's requests are served meanwhile.
import { spawn } from 'node:child_process';
import { createJsonLogger, startGateway } from '@hearth/server';
import { ensureModel, tinyModelSpec } from '../../index.ts';
import { summarize, type BenchContext } from '../bench-context.ts';

const HELD = 1_000;
const BODY_MS = 5_000;

/** Opens `count` connections from 127.0.0.2 that send headers and half a body; prints when all are open. */
const CLIENTS = `
const net = require('node:net');
const [port, count] = process.argv.slice(1).map(Number);
const body = JSON.stringify({ model: 'tiny', messages: [{ role: 'user', content: 'x'.repeat(200) }] });
const head = 'POST /v1/chat/completions HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nContent-Type: application/json\\r\\nContent-Length: ' + body.length + '\\r\\n\\r\\n';
let open = 0;
for (let i = 0; i < count; i++) {
  const s = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' });
  s.on('error', () => {});
  s.on('connect', () => { s.write(head + body.slice(0, body.length >> 1)); if (++open === count) console.log('held'); });
}`;

export async function slowClientsSuite(ctx: BenchContext): Promise<void> {
  const gateway = await startGateway({
    port: 0,
    models: [{ id: 'tiny', paths: [await ensureModel(tinyModelSpec())] }],
    logger: createJsonLogger('error', () => {}),
    threads: 1,
    limits: { ratePerMinute: 0, bodyTimeoutMs: BODY_MS, maxConnectionsPerAddress: HELD + 100 },
  });
  const served = async (): Promise<number[]> => {
    const ms: number[] = [];
    for (let i = 0; i < (ctx.quick ? 5 : 15); i++) {
      const t = performance.now();
      const r = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ model: 'tiny', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4, temperature: 0 }) });
      await r.text();
      ms.push(performance.now() - t);
    }
    return ms;
  };
  try {
    await served();
    const quiet = await served();
    const before = process.memoryUsage();
    const child = spawn(process.execPath, ['-e', CLIENTS, String(gateway.port), String(HELD)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    let buffer = '';
    const held = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const parts = buffer.split('\n');
        buffer = parts.pop() ?? '';
        lines.push(...parts);
        if (lines.includes('held')) resolve();
      }),
    );
    // The end of its output, not its exit: the last lines can arrive after the exit event.
    const exited = new Promise<void>((resolve) => child.stdout.on('end', () => resolve()));
    const baseline = openConnections(gateway.metrics.render());
    const started = performance.now();
    await held;
    const allOpen = performance.now() - started;
    await new Promise((r) => setTimeout(r, 500));
    const during = process.memoryUsage();
    const busy = await served();
    // The gateway's own count: every held connection ended once it is back to what it was before.
    while (openConnections(gateway.metrics.render()) > baseline && performance.now() - started < BODY_MS * 4) await new Promise((r) => setTimeout(r, 50));
    const ended = performance.now() - started;
    await exited;
    const lasted = [ended - allOpen, ended];
    const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;
    const rss = mb(during.rss);
    ctx.detail('slow_clients_gateway_rss_mb', { value: rss, min: rss, max: rss, unit: 'MiB', repeats: 1, how: `the gateway process's RSS with ${HELD} connections from 127.0.0.2 holding half a body (clients in a child process); ${mb(before.rss)} MiB before` });
    const perConnection = Math.round(((during.rss - before.rss) / HELD / 1024) * 10) / 10;
    ctx.detail('slow_clients_rss_kb_per_connection', { value: perConnection, min: perConnection, max: perConnection, unit: 'KiB', repeats: 1, how: `(RSS held - RSS before) / ${HELD}; heap ${mb(before.heapUsed)} -> ${mb(during.heapUsed)} MiB` });
    ctx.detail('slow_clients_held_ms', summarize(lasted, 'ms', `from the last (min) and the first (max) held connection opening until the gateway had none of them open (its hearth_connections_open gauge), body deadline ${BODY_MS} ms`));
    const q = [...quiet].sort((a, b) => a - b)[Math.floor(quiet.length / 2)] ?? 0;
    const b = [...busy].sort((a, b2) => a - b2)[Math.floor(busy.length / 2)] ?? 0;
    const ratio = Math.round((b / q) * 1000) / 1000;
    ctx.detail('slow_clients_served_latency_ratio', { value: ratio, min: ratio, max: ratio, unit: 'ratio', repeats: busy.length, how: `median latency of a 4-token chat completion from 127.0.0.1 while ${HELD} are held ÷ the same with none held (${Math.round(b)} / ${Math.round(q)} ms)` });
    ctx.log(`slow clients: RSS ${mb(before.rss)} -> ${rss} MiB with ${HELD} held; all ended ${Math.round(ended - allOpen)}-${Math.round(ended)} ms after opening; served latency ratio ${ratio}`);
  } finally {
    await gateway.close();
  }
}

function openConnections(metrics: string): number {
  return Number(/^hearth_connections_open(?:\{[^}]*\})? (\d+)/m.exec(metrics)?.[1] ?? 0);
}
