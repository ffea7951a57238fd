import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { ggufReaderFromBlob, readGgufHeader } from '@hearth/sdk';
import { openAsBlob } from 'node:fs';
import { ensureModel, benchModelSpec } from '../../index.ts';
import { ratio, summarize, type BenchContext } from '../bench-context.ts';

export const BENCH_PROMPT = 'Write a short, friendly note to the team about moving the launch to Friday. '.repeat(6);

/** Decode and prefill speed of native llama.cpp, and how close decode gets to memory bandwidth. */
export async function nativeSuite(ctx: BenchContext): Promise<void> {
  const bandwidth = measureBandwidth(ctx);
  for (const type of ['q4_0', 'q8_0'] as const) {
    const path = await ensureModel(benchModelSpec({ type }));
    const header = await readGgufHeader(ggufReaderFromBlob(await openAsBlob(path)));
    // Each decoded token reads every weight once, except the embedding table (one row).
    const bytesPerToken = header.tensors.filter((t) => t.name !== 'token_embd.weight').reduce((n, t) => n + t.byteSize, 0);
    const { decode, prefill } = await nativeSpeed(path, ctx.quick ? 2 : 3, ctx.quick ? 32 : 64);
    ctx.detail(`native_${type}_decode_tps`, summarize(decode, 'tok/s', `node-llama-cpp, 2 threads, ${ctx.quick ? 32 : 64} greedy tokens after a ${BENCH_PROMPT.length}-character prompt`));
    ctx.detail(`native_${type}_prefill_tps`, summarize(prefill, 'tok/s', 'node-llama-cpp, 2 threads, prompt processing'));
    if (type === 'q4_0') {
      ctx.result('native_vs_bandwidth_ratio', ratio(decode.map((d) => d * bytesPerToken), bandwidth, `decode tok/s × ${(bytesPerToken / 2 ** 20).toFixed(0)} MiB read per token ÷ measured read bandwidth (Q4_0)`));
    }
    ctx.detail(`native_${type}_bandwidth_ratio`, ratio(decode.map((d) => d * bytesPerToken), bandwidth, 'decode × bytes per token ÷ bandwidth'));
  }
}

export async function nativeSpeed(path: string, repeats: number, tokens: number, threads = 2): Promise<{ decode: number[]; prefill: number[] }> {
  const engine = new NodeLlamaCppEngine({ parallelSequences: 1 });
  await engine.load({ source: { type: 'path', path }, threads, contextSize: 1024 });
  const decode: number[] = [];
  const prefill: number[] = [];
  try {
    // A warm-up run pages the weights in; it is not counted.
    await engine.doGenerate({ prompt: { type: 'text', text: 'warm up' }, maxTokens: 4, temperature: 0 });
    for (let i = 0; i < repeats; i++) {
      const r = await engine.doGenerate({ prompt: { type: 'text', text: BENCH_PROMPT }, maxTokens: tokens, temperature: 0 });
      decode.push(r.usage.decodeTokensPerSecond);
      prefill.push(r.usage.prefillTokensPerSecond);
    }
  } finally {
    await engine.unload();
  }
  return { decode, prefill };
}

/** Read bandwidth with 2 threads over 1 GiB, by a small C program built here (gcc). */
function measureBandwidth(ctx: BenchContext): number[] {
  const source = fileURLToPath(new URL('../memory-bandwidth.c', import.meta.url));
  const binary = join(mkdtempSync(join(tmpdir(), 'hearth-bw-')), 'membw');
  execFileSync('gcc', ['-O2', '-march=native', '-pthread', source, '-o', binary]);
  const samples = Array.from({ length: ctx.quick ? 2 : 3 }, () => Number(execFileSync(binary, ['2', '1024'], { encoding: 'utf8' }).split(' ')[0]));
  ctx.detail('memory_read_bandwidth_gbps', summarize(samples.map((b) => b / 1e9), 'GB/s', '2 threads reading 1 GiB (AVX2 loads), best of 7 passes per sample'));
  return samples;
}
