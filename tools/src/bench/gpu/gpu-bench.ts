/**
 * Hearth's gateway in front of a CUDA llama-server, measured on the accelerator machine.
 *
 * Bundled into one file (build-bundle.sh) and run there by device-run.sh on a carried Node:
 *   gpu-bench.mjs gguf --preset bench-0.5b [--shape k=v,...] --out model.gguf   write a model
 *   gpu-bench.mjs serve --upstream http://127.0.0.1:8080 --port 8081            the gateway
 *   gpu-bench.mjs measure --gateway URL --direct URL --label L --out raw.json   the figures
 *   gpu-bench.mjs report --raw-dir DIR --out-dir DIR [--primary LABEL]          report-gpu.{json,md}
 *
 * The gateway runs alone in its own process, configured with an upstream pool only (no local
 * model), and the load generator is a third process: both targets get byte-identical requests from
 * the same client code, so the client's own cost is on both sides of every ratio.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startGateway, createJsonLogger } from '@hearth/server';
import { writeLlamaGguf } from '../../gguf/write-llama-gguf.ts';
import { modelSpec, type LlamaModelSpec, type ModelPresetName } from '../../gguf/llama-model-spec.ts';
import { median, ratio, summarize, type Figure } from '../bench-context.ts';
import { writeGpuReport } from './gpu-report.ts';

export const BENCH_PROMPT = 'Write a short, friendly note to the team about moving the launch to Friday. '.repeat(6);
export const SHORT_PROMPT = BENCH_PROMPT.slice(0, BENCH_PROMPT.indexOf('.') + 1);
export const MODEL_ID = 'bench';

export interface StreamTiming {
  /** Request sent → first chunk with text, ms. */
  ttftMs: number;
  /** Request sent → stream closed, ms. */
  totalMs: number;
  /** Chunks that carried text (one per token from llama-server and from the gateway). */
  tokens: number;
  /** (tokens − 1) ÷ (last text chunk − first text chunk). */
  decodeTps: number;
  /** completion_tokens from the final usage chunk, when sent. */
  usageTokens?: number;
}

/** One streaming /v1/completions, timed at the client. Same body for the gateway and llama-server. */
export async function streamCompletion(base: string, prompt: string, maxTokens: number): Promise<StreamTiming> {
  const started = performance.now();
  const r = await fetch(`${base}/v1/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: MODEL_ID, prompt, max_tokens: maxTokens, temperature: 0, stream: true, stream_options: { include_usage: true } }),
  });
  if (!r.ok || !r.body) throw new Error(`${base} answered ${r.status}: ${await r.text().catch(() => '')}`);
  const reader = r.body.getReader();
  const decoder = new TextDecoder();
  let first = 0;
  let last = 0;
  let tokens = 0;
  let usageTokens: number | undefined;
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) !== -1) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = event.split('\n').find((l) => l.startsWith('data:'))?.slice(5).trim();
      if (!data || data === '[DONE]') continue;
      const chunk = JSON.parse(data) as { choices?: Array<{ text?: string }>; usage?: { completion_tokens?: number } | null };
      if (chunk.usage?.completion_tokens !== undefined) usageTokens = chunk.usage.completion_tokens;
      const text = chunk.choices?.[0]?.text;
      if (typeof text !== 'string' || text === '') continue;
      const t = performance.now();
      if (tokens === 0) first = t;
      last = t;
      tokens++;
    }
  }
  const end = performance.now();
  return { ttftMs: first - started, totalMs: end - started, tokens, decodeTps: tokens > 1 ? ((tokens - 1) * 1000) / (last - first) : 0, ...(usageTokens === undefined ? {} : { usageTokens }) };
}

/** c concurrent streams, distinct prompts; aggregate = all text tokens ÷ wall clock from first send to last close. */
async function concurrent(base: string, c: number, maxTokens: number, round: number): Promise<{ aggregateTps: number; ttftMedianMs: number; tokens: number; wallMs: number }> {
  const started = performance.now();
  const all = await Promise.all(Array.from({ length: c }, (_, k) => streamCompletion(base, `${round}.${k}: ${SHORT_PROMPT}`, maxTokens)));
  const wallMs = performance.now() - started;
  const tokens = all.reduce((n, s) => n + s.tokens, 0);
  return { aggregateTps: (tokens * 1000) / wallMs, ttftMedianMs: median(all.map((s) => s.ttftMs)), tokens, wallMs };
}

export interface RawRun {
  label: string;
  started: string;
  settings: { singleTokens: number; singlePairs: number; ttftPairs: number; concurrencyTokens: number; concurrencyRounds: number; levels: number[] };
  figures: Record<string, Figure>;
  log: string[];
}

async function measure(gateway: string, direct: string, label: string, quick: boolean): Promise<RawRun> {
  const log: string[] = [];
  const say = (line: string): void => {
    log.push(line);
    console.log(line);
  };
  const settings = quick
    ? { singleTokens: 64, singlePairs: 3, ttftPairs: 3, concurrencyTokens: 64, concurrencyRounds: 2, levels: [1, 4, 8] }
    : { singleTokens: 256, singlePairs: 10, ttftPairs: 10, concurrencyTokens: 256, concurrencyRounds: 5, levels: [1, 4, 8] };
  const targets = { gateway, direct } as const;
  type Side = keyof typeof targets;
  const figures: Record<string, Figure> = {};

  // Warm-up: CUDA graphs, the server's slots and both HTTP paths' connections.
  for (const side of ['direct', 'gateway'] as Side[]) {
    for (let i = 0; i < 3; i++) await streamCompletion(targets[side], SHORT_PROMPT, 32);
    await concurrent(targets[side], 8, 32, -1);
  }
  say(`[${label}] warmed up`);

  // One stream: decode speed and time to first token, pairs alternate which side goes first.
  const single: Record<Side, StreamTiming[]> = { gateway: [], direct: [] };
  for (let i = 0; i < settings.singlePairs; i++) {
    const order: Side[] = i % 2 === 0 ? ['gateway', 'direct'] : ['direct', 'gateway'];
    for (const side of order) single[side].push(await streamCompletion(targets[side], SHORT_PROMPT, settings.singleTokens));
    say(`[${label}] 1 stream: gateway ${single.gateway.at(-1)!.decodeTps.toFixed(1)} tok/s, direct ${single.direct.at(-1)!.decodeTps.toFixed(1)} tok/s; TTFT ${single.gateway.at(-1)!.ttftMs.toFixed(2)} / ${single.direct.at(-1)!.ttftMs.toFixed(2)} ms`);
  }
  const tokensAfter = `${settings.singleTokens} greedy tokens after a one-sentence prompt, streamed, timed at the client`;
  figures.gateway_gpu_http_vs_direct_ratio = ratio(single.gateway.map((s) => s.decodeTps), single.direct.map((s) => s.decodeTps), `1-stream decode tok/s through the gateway (upstream pool → llama-server) ÷ the same request to llama-server directly; ${tokensAfter}; pairs alternate order`);
  figures.gateway_gpu_decode_tps_1 = summarize(single.gateway.map((s) => s.decodeTps), 'tok/s', `through the gateway, 1 stream, ${tokensAfter}`);
  figures.direct_gpu_decode_tps_1 = summarize(single.direct.map((s) => s.decodeTps), 'tok/s', `llama-server directly, 1 stream, ${tokensAfter}`);
  figures.gateway_gpu_ttft_ms = summarize(single.gateway.map((s) => s.ttftMs), 'ms', 'time to first token through the gateway, one-sentence prompt (~17 tokens), 1 stream');
  figures.direct_gpu_ttft_ms = summarize(single.direct.map((s) => s.ttftMs), 'ms', 'time to first token from llama-server directly, one-sentence prompt, 1 stream');
  figures.gateway_gpu_ttft_overhead_ms = summarize(
    single.gateway.map((g, i) => g.ttftMs - single.direct[i]!.ttftMs),
    'ms',
    'TTFT through the gateway − TTFT direct, per pair, one-sentence prompt: what one request costs in the gateway (parse, admission, upstream connection, first SSE event)',
  );
  // Per-token cost in the stream: inter-token gap through the gateway − direct.
  figures.gateway_gpu_per_token_overhead_us = summarize(
    single.gateway.map((g, i) => (1e6 / g.decodeTps) - (1e6 / single.direct[i]!.decodeTps)),
    'µs',
    'mean inter-token gap through the gateway − direct, per pair (streaming; negative = within noise)',
  );

  // A 186-token prompt, one token: prompt processing plus the request path.
  const longPrompt: Record<Side, StreamTiming[]> = { gateway: [], direct: [] };
  for (let i = 0; i < settings.ttftPairs; i++) {
    const order: Side[] = i % 2 === 0 ? ['direct', 'gateway'] : ['gateway', 'direct'];
    // A distinct first word each time, so the server's prompt cache cannot skip the prefill.
    for (const side of order) longPrompt[side].push(await streamCompletion(targets[side], `${side}${i} ${BENCH_PROMPT}`, 1));
  }
  figures.gateway_gpu_ttft_long_prompt_ms = summarize(longPrompt.gateway.map((s) => s.ttftMs), 'ms', 'time to first token through the gateway after a ~186-token prompt (fresh prefill), 1 stream');
  figures.direct_gpu_ttft_long_prompt_ms = summarize(longPrompt.direct.map((s) => s.ttftMs), 'ms', 'time to first token from llama-server directly after a ~186-token prompt (fresh prefill), 1 stream');
  figures.gateway_gpu_request_overhead_ms = summarize(
    longPrompt.gateway.map((g, i) => g.totalMs - longPrompt.direct[i]!.totalMs),
    'ms',
    'whole 1-token request through the gateway − direct, per pair, ~186-token prompt',
  );
  say(`[${label}] long-prompt TTFT: gateway ${figures.gateway_gpu_ttft_long_prompt_ms.value} ms, direct ${figures.direct_gpu_ttft_long_prompt_ms.value} ms`);

  // Aggregate tok/s at each concurrency level, both sides, rounds alternating level and side order.
  const agg: Record<Side, Record<number, number[]>> = { gateway: {}, direct: {} };
  const ttftAt: Record<Side, Record<number, number[]>> = { gateway: {}, direct: {} };
  for (let round = 0; round < settings.concurrencyRounds; round++) {
    const levels = round % 2 === 0 ? settings.levels : [...settings.levels].reverse();
    for (const c of levels) {
      const order: Side[] = (round + c) % 2 === 0 ? ['gateway', 'direct'] : ['direct', 'gateway'];
      for (const side of order) {
        const r = await concurrent(targets[side], c, settings.concurrencyTokens, round);
        ((agg[side][c] ??= [])).push(r.aggregateTps);
        ((ttftAt[side][c] ??= [])).push(r.ttftMedianMs);
      }
      say(`[${label}] ${c} streams: gateway ${agg.gateway[c]!.at(-1)!.toFixed(1)} tok/s, direct ${agg.direct[c]!.at(-1)!.toFixed(1)} tok/s`);
    }
  }
  const aggHow = (c: number, side: string): string => `${side}, ${c} concurrent stream${c > 1 ? 's' : ''} of ${settings.concurrencyTokens} greedy tokens each after distinct one-sentence prompts; all tokens ÷ wall clock from first request to last close (prefill included)`;
  for (const c of settings.levels) {
    figures[`gateway_gpu_aggregate_tps_${c}`] = summarize(agg.gateway[c]!, 'tok/s', aggHow(c, 'through the gateway'));
    figures[`direct_gpu_aggregate_tps_${c}`] = summarize(agg.direct[c]!, 'tok/s', aggHow(c, 'llama-server directly'));
    figures[`gateway_gpu_ttft_at_${c}_ms`] = summarize(ttftAt.gateway[c]!, 'ms', `median time to first token of ${c} concurrent streams, through the gateway`);
    figures[`direct_gpu_ttft_at_${c}_ms`] = summarize(ttftAt.direct[c]!, 'ms', `median time to first token of ${c} concurrent streams, llama-server directly`);
    figures[`gateway_gpu_vs_direct_aggregate_${c}_ratio`] = ratio(agg.gateway[c]!, agg.direct[c]!, `aggregate tok/s at ${c} streams, gateway ÷ direct, same round`);
  }
  for (const c of settings.levels.filter((l) => l > 1)) {
    figures[`gateway_gpu_concurrency_${c}_vs_1_ratio`] = ratio(agg.gateway[c]!, agg.gateway[1]!, `aggregate tok/s through the gateway, ${c} concurrent streams ÷ 1 stream, same round (llama-server continuous batching, -np 8); ${settings.concurrencyTokens} tokens each`);
    figures[`direct_gpu_concurrency_${c}_vs_1_ratio`] = ratio(agg.direct[c]!, agg.direct[1]!, `aggregate tok/s from llama-server directly, ${c} concurrent streams ÷ 1 stream, same round`);
  }
  return { label, started: new Date().toISOString(), settings, figures, log };
}

/** `--shape embeddingLength=4096,blockCount=32,...` overrides on a preset. */
function parseShape(shape: string | undefined): Partial<LlamaModelSpec> {
  if (!shape) return {};
  const out: Record<string, string | number> = {};
  for (const part of shape.split(',')) {
    const [k, v] = part.split('=');
    if (!k || v === undefined) throw new Error(`bad --shape part "${part}"`);
    out[k] = k === 'name' || k === 'type' ? v : Number(v);
  }
  return out as Partial<LlamaModelSpec>;
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      preset: { type: 'string', default: 'bench-0.5b' },
      shape: { type: 'string' },
      out: { type: 'string' },
      upstream: { type: 'string' },
      port: { type: 'string', default: '8081' },
      gateway: { type: 'string' },
      direct: { type: 'string' },
      label: { type: 'string', default: 'model' },
      quick: { type: 'boolean', default: false },
      'raw-dir': { type: 'string' },
      'out-dir': { type: 'string' },
      primary: { type: 'string' },
    },
  });
  if (mode === 'gguf') {
    const spec = modelSpec(values.preset as ModelPresetName, parseShape(values.shape));
    const t = performance.now();
    const written = await writeLlamaGguf(spec, values.out ?? `${spec.name}.gguf`);
    console.log(JSON.stringify({ spec, path: written.paths[0], seconds: (performance.now() - t) / 1000 }));
  } else if (mode === 'serve') {
    if (!values.upstream) throw new Error('serve needs --upstream');
    const gateway = await startGateway({
      port: Number(values.port),
      logger: createJsonLogger('error', (line) => console.error(line)),
      upstreams: [{ name: 'cuda-llama-server', baseUrl: `${values.upstream.replace(/\/$/, '')}/v1`, models: [MODEL_ID], maxConcurrency: 64 }],
      limits: { maxConcurrent: 64, maxQueue: 256, ratePerMinute: 0 },
    });
    console.log(`gateway listening on ${gateway.url}, upstream ${values.upstream}`);
    const stop = (): void => void gateway.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  } else if (mode === 'measure') {
    if (!values.gateway || !values.direct || !values.out) throw new Error('measure needs --gateway, --direct and --out');
    const run = await measure(values.gateway, values.direct, values.label, values.quick);
    writeFileSync(values.out, `${JSON.stringify(run, null, 2)}\n`);
  } else if (mode === 'report') {
    const rawDir = values['raw-dir'];
    const outDir = values['out-dir'];
    if (!rawDir || !outDir) throw new Error('report needs --raw-dir and --out-dir');
    mkdirSync(outDir, { recursive: true });
    const runs = readdirSync(rawDir).filter((f) => f.startsWith('raw-') && f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(rawDir, f), 'utf8')) as RawRun);
    writeGpuReport(rawDir, outDir, runs, values.primary);
  } else {
    throw new Error('usage: gpu-bench <gguf|serve|measure|report> …');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
