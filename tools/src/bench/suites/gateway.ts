import { startGateway, createJsonLogger } from '@hearth/server';
import { ensureModel, benchModelSpec, tinyModelSpec } from '../../index.ts';
import { ratio, share, summarize, type BenchContext } from '../bench-context.ts';
import { BENCH_PROMPT, SHORT_PROMPT } from './native.ts';

const quiet = createJsonLogger('error', () => {});

/** Streams one chat completion and times it at the client: first chunk, then chunks per second. */
async function streamOnce(base: string, model: string, tokens: number, prompt = BENCH_PROMPT): Promise<{ ttftMs: number; decodeTps: number; chunks: number }> {
  const started = performance.now();
  const r = await fetch(`${base}/v1/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model, prompt, max_tokens: tokens, temperature: 0, stream: true }),
  });
  if (!r.ok || !r.body) throw new Error(`gateway answered ${r.status}`);
  const reader = r.body.getReader();
  const decoder = new TextDecoder();
  let first = 0;
  let last = 0;
  let chunks = 0;
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) !== -1) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (!event.includes('"text":"') || event.includes('"text":""')) continue;
      const t = performance.now();
      if (chunks === 0) first = t;
      last = t;
      chunks++;
    }
  }
  return { ttftMs: first - started, decodeTps: chunks > 1 ? ((chunks - 1) * 1000) / (last - first) : 0, chunks };
}

export async function gatewaySuite(ctx: BenchContext): Promise<void> {
  const path = await ensureModel(benchModelSpec({ type: 'q4_0' }));
  // Eight pairs over the two passes: with five, one run's range (0.994-1.083) was too narrow for
  // the next run's median (0.98) to land in.
  const repeats = ctx.quick ? 2 : share(8, ctx.pass, ctx.passes);
  const tokens = ctx.quick ? 16 : 64;
  // The gateway keeps a core for its HTTP loop; compare at the same thread count.
  const threads = 1;
  const gateway = await startGateway({ port: 0, models: [{ id: 'bench', paths: [path] }], logger: quiet, threads, contextSize: 4096, limits: { maxConcurrent: 8, ratePerMinute: 0 } });
  ctx.log('  gateway started');
  try {
    await streamOnce(gateway.url, 'bench', 4);
    const http: number[] = [];
    const inProcess: number[] = [];
    // In-process and HTTP runs alternate, so a drift in the machine's load hits both alike. Both
    // decode after the prompt's first sentence: the ratio times decoding, and BENCH_PROMPT's 186
    // tokens cost each side about 2 s of prompt processing on one thread, a third of a pair.
    const prompt = SHORT_PROMPT;
    // In-process is the gateway's own engine object, called directly: the same weights, context
    // and threads, so the ratio is what HTTP, SSE and the gateway's code cost a stream.
    const engine = gateway.engines.get('bench');
    if (!engine) throw new Error('the gateway has no engine for its model');
    for (let i = 0; i < repeats; i++) {
      // Which side goes first alternates too: the second of a pair would otherwise always meet
      // whatever the first left behind (a collection, the page cache's state).
      const sides = [
        async () => inProcess.push((await engine.doGenerate({ prompt: { type: 'text', text: prompt }, maxTokens: tokens, temperature: 0 })).usage.decodeTokensPerSecond),
        async () => http.push((await streamOnce(gateway.url, 'bench', tokens, prompt)).decodeTps),
      ];
      for (const side of i % 2 === 0 ? sides : sides.reverse()) await side();
      ctx.log(`  in-process ${inProcess.at(-1)?.toFixed(1)} tok/s, over HTTP ${http.at(-1)?.toFixed(1)} tok/s`);
    }
    ctx.detail('gateway_stream_decode_tps', summarize(http, 'tok/s', `Q4_0 bench model, ${threads} thread, ${tokens} tokens after a one-sentence prompt, streamed over HTTP, timed at the client`));
    ctx.result('gateway_http_vs_inprocess_ratio', ratio(http, inProcess, `streaming decode tok/s through the gateway (timed at the client) ÷ the gateway's own engine object called in-process (its usage meter); ${threads} thread, Q4_0, ${tokens} greedy tokens after a one-sentence prompt; pairs alternate order`));

    const one: number[] = [];
    const eight: number[] = [];
    // After BENCH_PROMPT's first sentence, not the whole prompt: with 8 x 186 prompt tokens a pair
    // took 35 s and timed mostly prompt processing, which batching cannot speed up on a core that
    // is already busy. A short prompt times what batching is for, decoding, and six pairs fit in
    // the time three took (three gave a range too narrow for the next run to land in).
    const batchTokens = ctx.quick ? 12 : 32;
    for (let i = 0; i < (ctx.quick ? 2 : share(6, ctx.pass, ctx.passes)); i++) {
      const sides = [
        async () => {
          const t = performance.now();
          const single = await streamOnce(gateway.url, 'bench', batchTokens, SHORT_PROMPT);
          one.push((single.chunks * 1000) / (performance.now() - t));
        },
        async () => {
          const t = performance.now();
          const all = await Promise.all(Array.from({ length: 8 }, (_, k) => streamOnce(gateway.url, 'bench', batchTokens, `${k}: ${SHORT_PROMPT}`)));
          eight.push((all.reduce((n, s) => n + s.chunks, 0) * 1000) / (performance.now() - t));
        },
      ];
      for (const side of i % 2 === 0 ? sides : sides.reverse()) await side();
      ctx.log(`  aggregate: 1 stream ${one.at(-1)?.toFixed(1)} tok/s, 8 streams ${eight.at(-1)?.toFixed(1)} tok/s`);
    }
    const after = `after a one-sentence prompt, wall clock incl. prefill`;
    ctx.detail('gateway_aggregate_tps_1', summarize(one, 'tok/s', `1 stream of ${batchTokens} tokens ${after}`));
    ctx.detail('gateway_aggregate_tps_8', summarize(eight, 'tok/s', `8 concurrent streams of ${batchTokens} tokens, batched, ${after}`));
    ctx.result('gateway_concurrency_8_vs_1_ratio', ratio(eight, one, `aggregate tok/s with 8 concurrent streams ÷ 1 stream (continuous batching), ${batchTokens} greedy tokens each ${after}, 1 thread, Q4_0; pairs alternate order${ctx.quick ? '; quick run: 12 tokens, not comparable with a full run' : ''}`));
  } finally {
    await gateway.close();
  }
  // Percentiles over one load test's streams: measured once, in the first pass.
  if (ctx.pass === 0) await ttftUnderLoad(ctx);
}

/** Time to first token while 100 clients stream at once (tiny model: this measures the gateway). */
async function ttftUnderLoad(ctx: BenchContext): Promise<void> {
  const gateway = await startGateway({ port: 0, models: [{ id: 'tiny', paths: [await ensureModel(tinyModelSpec())] }], logger: quiet, limits: { ratePerMinute: 0, maxQueue: 128 } });
  const ttft: number[] = [];
  let rejected = 0;
  const seconds = ctx.quick ? 4 : 15;
  const end = Date.now() + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        while (Date.now() < end) {
          try {
            ttft.push((await streamOnce(gateway.url, 'tiny', 16, `client ${i}`)).ttftMs);
          } catch {
            rejected++;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      }),
    );
  } finally {
    await gateway.close();
  }
  ttft.sort((a, b) => a - b);
  const at = (p: number): number => ttft[Math.min(ttft.length - 1, Math.floor((ttft.length * p) / 100))]!;
  const how = `100 concurrent streaming clients for ${seconds} s, tiny model, ${ttft.length} streams, ${rejected} turned away with 503`;
  ctx.result('gateway_ttft_p50_ms', { value: Math.round(at(50)), unit: 'ms', min: Math.round(at(25)), max: Math.round(at(75)), repeats: ttft.length, how: `${how} (spread: p25–p75)` });
  ctx.result('gateway_ttft_p99_ms', { value: Math.round(at(99)), unit: 'ms', min: Math.round(at(95)), max: Math.round(ttft[ttft.length - 1]!), repeats: ttft.length, how: `${how} (spread: p95–max)` });
  ctx.series('gateway TTFT distribution (ms)', ttft.map((t, i) => [(i * 100) / ttft.length, t] as [number, number]), { x: 'percentile', y: 'ms' });
}
