// proofread_ttft_ms: how long a person waits for the proofread task's first token on a 2 KB
// email, in the browser: the SDK's Proofreader (the prompt the composer's Proofread button sends)
// on the llama-wasm Worker engine with the stored Q4_0 bench model, timed in the page. Beside it,
// the same task, prompt and file through node-llama-cpp in Node, with the same threads, in
// alternating pairs.
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { benchModelSpec, ensureModel } from '../../index.ts';
import { ratio, summarize, type BenchContext } from '../bench-context.ts';
import { served, sharedBrowserSession } from '../browser-session.ts';
import { PROOFREAD_EMAIL } from '../proofread-email.ts';
import { timeProofread, type ProofreadTiming } from '../time-proofread.ts';
import { SHORT_PROMPT } from './native.ts';

const THREADS = 2;
// The prompt (system message, two few-shot turns, the email) is several hundred tokens with the
// bench model's invented merges; 2048 leaves room for it and the answer's first tokens.
const CONTEXT = 2048;
// The bench model stands for a 0.5 B ChatML model (its GGUF template is ChatML, and the bench's
// catalog entry says so). Detected from its name, `hearth-bench-0.5b` would get the hearth-demo
// pack, kept short for random-weight demo models: not the prompt a real model gets.
const FAMILY = 'chatml';
// Only the first token is timed; a few more show the answer streams on.
const MAX_TOKENS = 4;

export async function proofreadTtftSuite(ctx: BenchContext): Promise<void> {
  // Each pair costs one whole prefill a side (15-30 s together): five in a full run, two in a quick one.
  const pairs = ctx.quick ? 2 : 5;
  const path = await ensureModel(benchModelSpec({ type: 'q4_0' }));
  const session = await sharedBrowserSession(ctx);
  const { page } = session;
  const model = served(session, 'bench-q4_0');
  const native = new NodeLlamaCppEngine({ parallelSequences: 1 });
  await native.load({ source: { type: 'path', path }, threads: THREADS, contextSize: CONTEXT });
  const browserRun = (): Promise<ProofreadTiming> =>
    page.evaluate(([input, family, tokens]) => window.bench.engineProofread('llama-wasm', input, family, tokens), [PROOFREAD_EMAIL, FAMILY, MAX_TOKENS] as const);
  const nativeRun = (): Promise<ProofreadTiming> => timeProofread(native, PROOFREAD_EMAIL, FAMILY, MAX_TOKENS);
  const browser: ProofreadTiming[] = [];
  const nat: ProofreadTiming[] = [];
  try {
    const request = { source: { type: 'url' as const, url: model.url, sha256: model.sha256 }, threads: THREADS, contextSize: CONTEXT };
    const { seconds } = await page.evaluate((r) => window.bench.engineLoad('llama-wasm', r), request);
    ctx.log(`  proofread ttft: llama-wasm loaded in ${seconds.toFixed(1)} s`);
    // Warm-ups, short: V8 tiers llama-wasm's hot functions up in the background (see
    // browser-engines), and node-llama-cpp's first run pages the weights in. A whole proofread a side
    // would cost a quick run another half minute.
    await page.evaluate((prompt) => window.bench.engineStream('llama-wasm', prompt, 32), SHORT_PROMPT);
    await native.doGenerate({ prompt: { type: 'text', text: SHORT_PROMPT }, maxTokens: 4, temperature: 0 });
    for (let i = 0; i < pairs; i++) {
      // Alternate which goes first, so a drift in the machine's load hits both alike.
      for (const which of i % 2 === 0 ? (['browser', 'native'] as const) : (['native', 'browser'] as const)) {
        if (which === 'browser') browser.push(await browserRun());
        else nat.push(await nativeRun());
      }
      const [b, n] = [browser.at(-1), nat.at(-1)];
      ctx.log(`  proofread ttft ${i + 1}/${pairs}: llama-wasm ${b?.ttftMs.toFixed(0)} ms (${b?.promptTokens} prompt tokens), native ${n?.ttftMs.toFixed(0)} ms (${n?.promptTokens})`);
    }
  } finally {
    await page.evaluate(() => window.bench.engineStop('llama-wasm'));
    await native.unload();
  }
  const first = browser[0];
  const nativeFirst = nat[0];
  if (!first || !nativeFirst) throw new Error('no proofread was timed');
  // Each engine renders the ChatML turns itself: llama-wasm with llama.cpp's template, node-llama-cpp
  // with its ChatMLChatWrapper, which also puts a BOS token first (the GGUF says add_bos_token false,
  // which llama.cpp honours). One token apart is that BOS; anything more is a different prompt.
  if (first.pack !== nativeFirst.pack || Math.abs(first.promptTokens - nativeFirst.promptTokens) > 1) {
    throw new Error(`the browser and native prompts differ: ${first.pack}, ${first.promptTokens} tokens against ${nativeFirst.pack}, ${nativeFirst.promptTokens}`);
  }
  const tokens = first.promptTokens === nativeFirst.promptTokens ? `${first.promptTokens}` : `${first.promptTokens} (native ${nativeFirst.promptTokens}, with its wrapper's BOS)`;
  const how = `the SDK's Proofreader (${first.pack}, the composer's Proofread prompt) on a ${PROOFREAD_EMAIL.length}-character email, ${tokens} prompt tokens, Q4_0 bench model, ${THREADS} threads, ${CONTEXT} context, from the call to the first text delta`;
  const pairing = `${pairs} pairs, order alternating, after a short warm-up a side`;
  ctx.result('proofread_ttft_ms', summarize(browser.map((t) => t.ttftMs), 'ms', `in Chromium: ${how}, on the llama-wasm Worker engine with the stored model, timed in the page; ${pairing}`));
  ctx.detail('proofread_ttft_native_ms', summarize(nat.map((t) => t.ttftMs), 'ms', `in Node: ${how}, on node-llama-cpp (NodeLlamaCppEngine) with the same file; ${pairing}`));
  ctx.detail('proofread_ttft_engine_ms', summarize(browser.map((t) => t.engineTtftMs), 'ms', `the same browser runs by llama-wasm's usage meter in its Worker: the request received to the first token`));
  ctx.detail('proofread_ttft_vs_native_ratio', ratio(browser.map((t) => t.ttftMs), nat.map((t) => t.ttftMs), `proofread_ttft_ms ÷ proofread_ttft_native_ms, pair by pair (above 1: the browser waits longer)`));
}
