// gateway_llama_server_http_ratio: what the gateway's upstream pool costs in front of a real
// llama.cpp server (built from the pinned source by native/llama-server/build.sh): decode tok/s
// seen by a streaming client through the gateway ÷ the same request straight to llama-server,
// side by side in pairs. Skipped, and said so, where that server is not built.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway } from '@hearth/server';
import { benchModelSpec, ensureModel } from '../../index.ts';
import { ratio, type BenchContext } from '../bench-context.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = join(ROOT, '.cache/llama-server/build/bin/llama-server');

export async function llamaServerSuite(ctx: BenchContext): Promise<void> {
  if (!existsSync(BIN)) {
    process.stderr.write('bench: llama-server is not built (HEARTH_LLAMA_SERVER=1 npm test, or bash native/llama-server/build.sh): gateway_llama_server_http_ratio skipped\n');
    return;
  }
  const model = await ensureModel(benchModelSpec({ type: 'q4_0' }));
  const server = await startLlamaServer(model);
  const gateway = await startGateway({ port: 0, streamPaddingBytes: 0, upstreams: [{ name: 'llama-server', baseUrl: `${server.url}/v1`, models: ['bench'], maxConcurrency: 2 }], limits: { ratePerMinute: 0 } });
  try {
    const body = { model: 'bench', messages: [{ role: 'user', content: 'Write about the weather.' }], max_tokens: ctx.quick ? 24 : 48, temperature: 0, stream: true };
    const through: number[] = [];
    const direct: number[] = [];
    await decodeRate(`${server.url}/v1`, body); // warm-up: the server's first request loads its caches
    for (let i = 0; i < (ctx.quick ? 3 : 6); i++) {
      // Alternating order, so a drift in the host's speed falls on both sides.
      if (i % 2 === 0) {
        through.push(await decodeRate(`${gateway.url}/v1`, body));
        direct.push(await decodeRate(`${server.url}/v1`, body));
      } else {
        direct.push(await decodeRate(`${server.url}/v1`, body));
        through.push(await decodeRate(`${gateway.url}/v1`, body));
      }
    }
    ctx.result('gateway_llama_server_http_ratio', ratio(through, direct, `streamed decode tok/s through the gateway's upstream pool ÷ straight to llama-server (pinned llama.cpp, 1 thread, Q4_0 bench model, ${body.max_tokens} tokens, greedy), timed by the client from first to last content chunk`));
  } finally {
    await gateway.close();
    server.child.kill('SIGKILL');
  }
}

/** Content chunks per second after the first, as a streaming client sees them. */
async function decodeRate(baseUrl: string, body: object): Promise<number> {
  const response = await fetch(`${baseUrl}/chat/completions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok || !response.body) throw new Error(`${baseUrl} answered HTTP ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let first: number | undefined;
  let last = 0;
  let chunks = 0;
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    const events = buffer.split('\n\n');
    buffer = events.pop() ?? '';
    for (const event of events) {
      if (!event.startsWith('data: {')) continue;
      const chunk = JSON.parse(event.slice(6)) as { choices?: Array<{ delta?: { content?: string } }> };
      if (!chunk.choices?.[0]?.delta?.content) continue;
      const now = performance.now();
      first ??= now;
      last = now;
      chunks++;
    }
  }
  if (first === undefined || chunks < 2) throw new Error(`${baseUrl} streamed ${chunks} content chunks`);
  return ((chunks - 1) * 1000) / (last - first);
}

async function startLlamaServer(model: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port: p } = s.address() as { port: number };
      s.close(() => resolve(p));
    });
  });
  const child = spawn(BIN, ['-m', model, '--host', '127.0.0.1', '--port', String(port), '--alias', 'bench', '-c', '2048', '-t', '1', '-np', '2', '--no-webui'], { stdio: ['ignore', 'ignore', 'ignore'] });
  const url = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); Date.now() - started < 120_000; await new Promise((r) => setTimeout(r, 250))) {
    if (child.exitCode !== null) throw new Error(`llama-server exited ${child.exitCode}`);
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return { child, url };
  }
  child.kill('SIGKILL');
  throw new Error('llama-server did not become healthy in 120 s');
}
