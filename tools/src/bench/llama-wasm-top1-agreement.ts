// Top-1 agreement of llama-wasm's prompt processing with native llama.cpp on the bench model:
// the argmax of the logits at every position of a 236-token prompt, from node-llama-cpp (F32 KV
// cache, flash attention off: the graph llama-wasm runs by default) and from llama-wasm's own code
// under Node (native/llama-wasm/profile.sh's build, relaxed variant) with its tiled prompt kernels
// and with ggml's row-by-row kernels (the build's baseline). After `native/llama-wasm/profile.sh`:
//
//   npx tsx tools/src/bench/llama-wasm-top1-agreement.ts [--types q4_0,q8_0,q4_k_m] [--tokens 236]
//
// A deep random-weight model is numerically chaotic (ENVIRONMENT.md): any change in the order
// floats are added flips some near-ties, so the row-by-row baseline's own agreement is the bar.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getLlama, LlamaLogLevel, type Token } from 'node-llama-cpp';
import { benchModelSpec, ensureModel } from '../index.ts';
import type { ModelQuantization } from '../gguf/tensor-encoding.ts';

const { values: args } = parseArgs({ options: { types: { type: 'string', default: 'q4_0,q8_0,q4_k_m' }, tokens: { type: 'string', default: '236' } } });
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const harness = `${repoRoot}.cache/llama-wasm/profile/prefill-relaxed.js`;

function wasmTop1(model: string, tiled: boolean): { prompt: Token[]; top1: number[] } {
  const out = execFileSync('node', ['--no-experimental-fetch', '--experimental-wasm-relaxed-simd', harness, model, args.tokens, '1', '1', '--top1', ...(tiled ? [] : ['--no-tiled'])], { encoding: 'utf8' });
  const line = (name: string) => (new RegExp(`^${name}:(.*)$`, 'm').exec(out)?.[1] ?? '').trim().split(/\s+/).map(Number);
  return { prompt: line('prompt') as Token[], top1: line('top1') };
}

const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
for (const type of args.types.split(',') as ModelQuantization[]) {
  const path = await ensureModel(benchModelSpec({ type }));
  const tiled = wasmTop1(path, true);
  const rowByRow = wasmTop1(path, false);
  const model = await llama.loadModel({ modelPath: path });
  const context = await model.createContext({ contextSize: 1024, threads: 1, batchSize: 512, flashAttention: false, experimentalKvCacheKeyType: 'F32', experimentalKvCacheValueType: 'F32' });
  const results = await context.getSequence().controlledEvaluate(tiled.prompt.map((t) => [t, { generateNext: { token: true } }] as const));
  const native = tiled.prompt.map((_, i) => results[i]?.next?.token ?? -1);
  await context.dispose();
  await model.dispose();
  const agree = (a: number[], b: number[]) => a.filter((t, i) => t === b[i]).length / a.length;
  console.log(
    `${type}: top-1 agreement over ${native.length} positions: tiled vs native ${(100 * agree(tiled.top1, native)).toFixed(1)}%, ` +
      `row-by-row vs native ${(100 * agree(rowByRow.top1, native)).toFixed(1)}%, tiled vs row-by-row ${(100 * agree(tiled.top1, rowByRow.top1)).toFixed(1)}%`,
  );
}
await llama.dispose();
