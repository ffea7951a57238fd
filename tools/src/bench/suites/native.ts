import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { ggufReaderFromBlob, readGgufHeader } from '@hearth/sdk/gguf';
import { openAsBlob } from 'node:fs';
import { ensureModel, benchModelSpec } from '../../index.ts';
import { ratio, share, summarize, type BenchContext } from '../bench-context.ts';

export const BENCH_PROMPT = 'Write a short, friendly note to the team about moving the launch to Friday. '.repeat(6);
/** BENCH_PROMPT's first sentence (~17 tokens): where prompt processing would cost more than the decoding timed after it. */
export const SHORT_PROMPT = BENCH_PROMPT.slice(0, BENCH_PROMPT.indexOf('.') + 1);

/**
 * Decode and prefill speed of native llama.cpp, and how close decode gets to memory bandwidth.
 * Bandwidth is sampled before and after the decode runs, never between them: a
 * sample allocates and reads 1 GiB, and taken just before a run it slowed that run by up to 4x
 * here (the kernel reclaims pages of the memory-mapped model: this VM runs DAMON). The before and
 * after samples put the VM's drift over the runs into the ratio's spread.
 */
export async function nativeSuite(ctx: BenchContext): Promise<void> {
  const readBandwidth = bandwidthProbe();
  // Five runs a block (a block a pass, about 2.5 s a run): with three, run S's range (0.255-0.303)
  // missed run T's median (0.31); decode moves more than bandwidth with the host's state.
  const repeats = ctx.quick ? 2 : share(10, ctx.pass, ctx.passes);
  const tokens = ctx.quick ? 32 : 64;
  const samplesAround = ctx.quick ? 1 : 2;
  // The Q4_0 file only: the result key is Q4_0's, and the browser suite measures native Q8_0
  // beside llama-wasm anyway (a Q8_0 block here cost 35-70 s of the 15-minute budget).
  const path = await ensureModel(benchModelSpec({ type: 'q4_0' }));
  const header = await readGgufHeader(ggufReaderFromBlob(await openAsBlob(path)));
  // Each decoded token reads every weight once, except the embedding table (one row).
  const bytesPerToken = header.tensors.filter((t) => t.name !== 'token_embd.weight').reduce((n, t) => n + t.byteSize, 0);
  const bandwidth = Array.from({ length: samplesAround }, readBandwidth);
  const native = await openNativeRunner(path);
  const { decode, prefill } = await native.run({ repeats, tokens }).finally(() => native.close());
  bandwidth.push(...Array.from({ length: samplesAround }, readBandwidth));
  ctx.log(`  q4_0: decode ${decode.map((d) => d.toFixed(1)).join(', ')} tok/s; bandwidth ${bandwidth.map((b) => (b / 1e9).toFixed(1)).join(', ')} GB/s`);
  ctx.detail('native_q4_0_decode_tps', summarize(decode, 'tok/s', `node-llama-cpp, 2 threads, ${tokens} greedy tokens after a ${BENCH_PROMPT.length}-character prompt`));
  ctx.detail('native_q4_0_prefill_tps', summarize(prefill, 'tok/s', 'node-llama-cpp, 2 threads, prompt processing'));
  // Every run against every sample taken around the runs: the value is the median of those ratios.
  const bytes = decode.flatMap((d) => bandwidth.map(() => d * bytesPerToken));
  const against = decode.flatMap(() => bandwidth);
  const how = `decode tok/s × ${(bytesPerToken / 2 ** 20).toFixed(0)} MiB read per token ÷ read bandwidth sampled ${samplesAround}× before and ${samplesAround}× after each block of ${repeats} decode runs, a block per pass (Q4_0; spread: each run against each sample around its block)`;
  ctx.result('native_vs_bandwidth_ratio', ratio(bytes, against, how));
  ctx.detail('memory_read_bandwidth_gbps', summarize(bandwidth.map((b) => b / 1e9), 'GB/s', '2 threads reading 1 GiB (AVX2 loads), best of 7 passes per sample, sampled before and after the decode runs'));
}

export interface NativeRuns {
  repeats: number;
  tokens: number;
  /** BENCH_PROMPT unless given. */
  prompt?: string;
}

export interface NativeRunner {
  /** Greedy generations, one after another: decode and prefill tok/s of each. */
  run(runs: NativeRuns): Promise<{ decode: number[]; prefill: number[] }>;
  close(): Promise<void>;
}

/**
 * node-llama-cpp loaded once on `path` and warmed up (the first run pages the weights in), so a
 * suite can alternate its runs with another engine's without paying a load each time.
 */
export async function openNativeRunner(path: string, threads = 2): Promise<NativeRunner> {
  const engine = new NodeLlamaCppEngine({ parallelSequences: 1 });
  await engine.load({ source: { type: 'path', path }, threads, contextSize: 1024 });
  try {
    await engine.doGenerate({ prompt: { type: 'text', text: 'warm up' }, maxTokens: 4, temperature: 0 });
  } catch (error) {
    await engine.unload();
    throw error;
  }
  return {
    async run({ repeats, tokens, prompt = BENCH_PROMPT }) {
      const decode: number[] = [];
      const prefill: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const r = await engine.doGenerate({ prompt: { type: 'text', text: prompt }, maxTokens: tokens, temperature: 0 });
        decode.push(r.usage.decodeTokensPerSecond);
        prefill.push(r.usage.prefillTokensPerSecond);
      }
      return { decode, prefill };
    },
    close: () => engine.unload(),
  };
}

/** Read bandwidth with 2 threads over 1 GiB, by a small C program built here (gcc): one sample per call. */
function bandwidthProbe(): () => number {
  const source = fileURLToPath(new URL('../memory-bandwidth.c', import.meta.url));
  const binary = join(mkdtempSync(join(tmpdir(), 'hearth-bw-')), 'membw');
  execFileSync('gcc', ['-O2', '-march=native', '-pthread', source, '-o', binary]);
  return () => Number(execFileSync(binary, ['2', '1024'], { encoding: 'utf8' }).split(' ')[0]);
}
