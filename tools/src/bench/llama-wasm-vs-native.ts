// Measures Hearth's WebAssembly llama.cpp (both module variants) against native llama.cpp
// (node-llama-cpp) and wllama, in one run, on the ≈0.43 B benchmark model in Q4_0 and Q8_0:
// prompt and decode tokens per second, and each browser engine's ratio to native.
//
//   npx tsx tools/src/bench/llama-wasm-vs-native.ts [--runs 3] [--threads 2] [--types q4_0,q8_0,q4_k_m]
//     [--engines native,llama-wasm,llama-wasm-before --before <commit>]
//     [--engines native,llama-wasm,llama-wasm-simd,wllama] [--new-tokens 64] [--prompt-words 180]
//
// Writes a Markdown table to stdout and the raw numbers to bench/out/. Every engine gets the same
// raw text prompt (≈236 tokens), greedy decoding and the same usage meter (usage-meter.ts), a
// warm-up generation first (V8 compiles hot wasm functions in the background), then `runs`
// measured generations whose median is reported, round-robin across engines. Each run's prompt
// starts differently, so no engine can reuse a cached prefix. One generation runs at a time: they
// all want every core.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import type { GenerateResult, Usage } from '@hearth/spec';
import { benchModelSpec, ensureModel } from '../index.ts';
import { TRAINING_TEXT } from '../gguf/training-text.ts';
import { launchChromium } from '../testing/chromium.ts';
import { DEFAULT_MODEL_CACHE_DIR as modelCacheDir } from '../gguf/ensure-model.ts';
import { startRecordingGateway } from '../testing/recording-gateway.ts';

type ModelType = 'q4_0' | 'q8_0' | 'q4_k_m';
type EngineName = 'native' | 'llama-wasm' | 'llama-wasm-simd' | 'llama-wasm-before' | 'wllama';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    threads: { type: 'string', default: '2' },
    types: { type: 'string', default: 'q4_0,q8_0' },
    engines: { type: 'string', default: 'native,llama-wasm,llama-wasm-simd,wllama' },
    'new-tokens': { type: 'string', default: '64' },
    // With the engine llama-wasm-before: the commit whose committed llama-wasm artifact it runs
    // (relaxed variant), beside this checkout's, in the same round-robin: before and after a
    // rebuild, side by side in one run.
    before: { type: 'string', default: 'HEAD~1' },
    'prompt-words': { type: 'string', default: '145' },
    // The build machine is shared: llama.cpp's threads spin at barriers, and a busy core slows
    // every engine here (native too) by up to 50x. Before each run, wait (up to this many
    // seconds) until the CPU is at least `idle-percent` idle; each run records what it got.
    'wait-idle': { type: 'string', default: '120' },
    'idle-percent': { type: 'string', default: '85' },
  },
});
const runs = Number(args.runs);
const threads = Number(args.threads);
const newTokens = Number(args['new-tokens']);
const types = args.types.split(',') as ModelType[];
const engines = args.engines.split(',') as EngineName[];
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

// ≈ 236 tokens with the fixture tokenizer (ENVIRONMENT.md's measurements used the same size).
const basePrompt = TRAINING_TEXT.split(/\s+/).slice(0, Number(args['prompt-words'])).join(' ');
const promptFor = (run: number): string => `Letter ${run + 1}. ${basePrompt}`;

interface Sample {
  /** CPU idle share just before the run (100 = nothing else running). */
  idlePercent: number;
  promptTokens: number;
  completionTokens: number;
  prefillTokensPerSecond: number;
  decodeTokensPerSecond: number;
  threads: number | undefined;
}

function sample(usage: Usage, idlePercent: number): Sample {
  return { idlePercent, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, prefillTokensPerSecond: usage.prefillTokensPerSecond, decodeTokensPerSecond: usage.decodeTokensPerSecond, threads: usage.threads };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

type Generate = (text: string, maxTokens: number) => Promise<GenerateResult>;

/** Share of CPU time idle over `ms`, from /proc/stat (Linux). */
async function idlePercent(ms = 1000): Promise<number> {
  const read = async (): Promise<number[]> => ((await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const a = await read();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = await read();
  const d = b.map((x, i) => x - (a[i] ?? 0));
  const total = d.reduce((sum, x) => sum + x, 0);
  return total > 0 ? Math.round((100 * ((d[3] ?? 0) + (d[4] ?? 0))) / total) : 100;
}

async function waitForIdle(): Promise<number> {
  const deadline = Date.now() + Number(args['wait-idle']) * 1000;
  let idle = await idlePercent();
  while (idle < Number(args['idle-percent']) && Date.now() < deadline) idle = await idlePercent(2000);
  return idle;
}

async function runOnce(generate: Generate, run: number): Promise<Sample> {
  const idle = await waitForIdle();
  const result = await generate(promptFor(run), newTokens);
  if (result.usage.completionTokens !== newTokens) throw new Error(`expected ${newTokens} tokens, got ${result.usage.completionTokens}`);
  return sample(result.usage, idle);
}

async function buildPages(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'hearth-bench-pages-'));
  const common = { base: './', logLevel: 'warn' as const, worker: { format: 'es' as const } };
  await build({ ...common, root: join(repoRoot, 'tests/browser/llama-wasm-harness'), build: { outDir, emptyOutDir: true, target: 'es2022' } });
  if (engines.includes('llama-wasm-before')) {
    // The same harness again, served by a second gateway (its own origin, so nothing is shared
    // with the current build's page), its emitted artifact files (the same content-hashed names)
    // overwritten with those committed at --before: the glue must come with its own wasm.
    const beforeDir = `${outDir}-before`;
    await build({ ...common, root: join(repoRoot, 'tests/browser/llama-wasm-harness'), build: { outDir: beforeDir, emptyOutDir: true, target: 'es2022' } });
    const original = (emitted: string): string | undefined =>
      emitted.startsWith('hearth-llama-relaxed') ? 'hearth-llama-relaxed.wasm'
      : emitted.startsWith('hearth-llama-simd') ? 'hearth-llama-simd.wasm'
      : emitted.startsWith('hearth-llama.worker') ? 'hearth-llama.worker.js'
      : emitted.startsWith('hearth-llama') && emitted.endsWith('.mjs') ? 'hearth-llama.mjs'
      : undefined;
    const replaced = new Set<string>();
    for (const emitted of await readdir(join(beforeDir, 'assets'))) {
      const name = original(emitted);
      if (!name) continue;
      await writeFile(join(beforeDir, 'assets', emitted), execFileSync('git', ['show', `${args.before}:packages/sdk/src/engines/llama-wasm/artifact/${name}`], { cwd: repoRoot, maxBuffer: 64 << 20 }));
      replaced.add(name);
    }
    if (replaced.size !== 4) throw new Error(`found ${[...replaced].join(', ')} among the harness's assets, not the 4 artifact files`);
  }
  // wllama's page (the existing browser-test harness) beside it, under /wllama/.
  await build({ ...common, root: join(repoRoot, 'tests/browser/harness'), build: { outDir: join(outDir, 'wllama'), emptyOutDir: true, target: 'es2022' } });
  return outDir;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };
function unwrap<T>(o: Outcome<T>): T {
  if (!o.ok) throw new Error(JSON.stringify(o.error));
  return o.value;
}

interface Runner {
  engine: EngineName;
  generate: Generate;
  /** Chromium lowers the CPU priority of background tabs' processes: each page runs in front. */
  focus(): Promise<void>;
  close(): Promise<void>;
}

/** Loads `engine` with the model and warms it up; its `generate` then runs one greedy generation. */
async function startEngine(engine: EngineName, type: ModelType, page: Page | undefined, source: { type: 'url'; url: string; sha256: string }): Promise<Runner> {
  let generate: Generate;
  let close: () => Promise<void>;
  if (engine === 'native') {
    const native = new NodeLlamaCppEngine({ parallelSequences: 1 });
    await native.load({ source: { type: 'path', path: models.get(type) as string }, contextSize: 4096, threads });
    generate = (text, maxTokens) => native.doGenerate({ prompt: { type: 'text', text }, maxTokens, temperature: 0 });
    close = () => native.unload();
  } else if (engine === 'wllama') {
    const p = page as Page;
    unwrap(await p.evaluate(([s, t]) => window.harness.load({ source: s, threads: t, contextSize: 4096 }), [source, threads] as const));
    generate = async (text, maxTokens) => unwrap(await p.evaluate((r) => window.harness.generate(r), { prompt: { type: 'text' as const, text }, maxTokens, temperature: 0 }));
    close = () => p.close();
  } else {
    const p = page as Page;
    await p.evaluate((variant) => window.llamaWasm.start({ variant }), engine === 'llama-wasm-simd' ? ('simd' as const) : ('relaxed' as const));
    unwrap(await p.evaluate(([s, t]) => window.llamaWasm.load({ source: s, threads: t, contextSize: 4096 }), [source, threads] as const));
    generate = async (text, maxTokens) => unwrap(await p.evaluate((r) => window.llamaWasm.generate(r), { prompt: { type: 'text' as const, text }, maxTokens, temperature: 0 }));
    close = () => p.close();
  }
  const focus = async (): Promise<void> => {
    await page?.bringToFront();
  };
  await focus();
  // V8 optimizes hot wasm functions in the background after they start running: warm up first.
  await generate(`Warm up. ${basePrompt.slice(0, 200)}`, 16);
  return { engine, generate, focus, close };
}

const results: Array<{ type: ModelType; engine: EngineName; samples: Sample[]; prompt: number; decode: number }> = [];
const models = new Map<ModelType, string>();
for (const type of types) {
  process.stderr.write(`model bench-0.5b ${type}: writing or reusing the fixture…\n`);
  models.set(type, await ensureModel(benchModelSpec({ type }), { cacheDir: modelCacheDir }));
}
const webRoot = await buildPages();
const gateway = await startRecordingGateway({ models: types.map((type) => ({ id: `bench-${type}`, paths: [models.get(type) as string] })), webRoot });
const gatewayBefore = engines.includes('llama-wasm-before') ? await startRecordingGateway({ models: types.map((type) => ({ id: `bench-${type}`, paths: [models.get(type) as string] })), webRoot: `${webRoot}-before` }) : undefined;
const browser = await launchChromium();
try {
  for (const type of types) {
    const manifest = (await (await fetch(`${gateway.url}/models/bench-${type}/manifest.json`)).json()) as { files: Array<{ name: string; sha256: string }> };
    const file = manifest.files[0];
    if (!file) throw new Error('empty manifest');
    const source = { type: 'url' as const, url: `${gateway.url}/models/bench-${type}/${file.name}`, sha256: file.sha256 };
    // Every engine loaded at once (each browser engine on its own page, nothing shared), then the
    // runs go round-robin: load from other work on the machine hits every engine alike, and the
    // ratios compare runs taken minutes, not a quarter of an hour, apart.
    const runners: Runner[] = [];
    for (const engine of engines) {
      process.stderr.write(`  ${type} ${engine}: loading and warming up\n`);
      let page: Page | undefined;
      if (engine !== 'native') {
        page = await browser.context.newPage();
        await page.goto(engine === 'llama-wasm-before' ? `${gatewayBefore?.url}/index.html` : `${gateway.url}/${engine === 'wllama' ? 'wllama/' : ''}index.html`);
        await page.waitForFunction(() => 'llamaWasm' in window || 'harness' in window);
      }
      // The earlier build's page loads the model from its own gateway (same file, same origin as the page).
      const from = engine === 'llama-wasm-before' && gatewayBefore ? { ...source, url: source.url.replace(gateway.url, gatewayBefore.url) } : source;
      runners.push(await startEngine(engine, type, page, from));
    }
    const samples = new Map<EngineName, Sample[]>(engines.map((e) => [e, []]));
    for (let run = 0; run < runs; run++) {
      for (const runner of runners) {
        await runner.focus();
        const s = await runOnce(runner.generate, run);
        samples.get(runner.engine)?.push(s);
        process.stderr.write(`    ${type} ${runner.engine} run ${run + 1} (CPU ${s.idlePercent}% idle before): prompt ${s.prefillTokensPerSecond} tok/s, decode ${s.decodeTokensPerSecond} tok/s\n`);
      }
    }
    for (const runner of runners) await runner.close();
    for (const engine of engines) {
      const list = samples.get(engine) ?? [];
      results.push({ type, engine, samples: list, prompt: median(list.map((s) => s.prefillTokensPerSecond)), decode: median(list.map((s) => s.decodeTokensPerSecond)) });
    }
  }
} finally {
  await browser.close();
  await gateway.close();
  await gatewayBefore?.close();
}

const fmt = (n: number): string => n.toFixed(n >= 100 ? 0 : 1);
const lines = [
  `bench-0.5b (≈0.43 B params), ${threads} threads, prompt ≈${results[0]?.samples[0]?.promptTokens ?? '?'} tokens, ${newTokens} greedy tokens, median of ${runs}, ` +
    `CPU idle before runs: ${Math.min(...results.flatMap((r) => r.samples.map((s) => s.idlePercent)))}–${Math.max(...results.flatMap((r) => r.samples.map((s) => s.idlePercent)))}%`,
  '',
  '| model | engine | prompt tok/s | ÷ native | decode tok/s | ÷ native |',
  '| --- | --- | --- | --- | --- | --- |',
];
for (const r of results) {
  const native = results.find((n) => n.type === r.type && n.engine === 'native');
  const ratio = (x: number, base: number | undefined): string => (base ? `${(x / base).toFixed(2)}×` : '–');
  lines.push(`| ${r.type} | ${r.engine} | ${fmt(r.prompt)} | ${ratio(r.prompt, native?.prompt)} | ${fmt(r.decode)} | ${ratio(r.decode, native?.decode)} |`);
}
console.log(lines.join('\n'));
const outDir = join(repoRoot, 'bench/out');
await mkdir(outDir, { recursive: true });
const outFile = join(outDir, `llama-wasm-vs-native-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
await writeFile(outFile, `${JSON.stringify({ threads, newTokens, runs, results }, null, 2)}\n`);
process.stderr.write(`raw numbers: ${outFile}\n`);
