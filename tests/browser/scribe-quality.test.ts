import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as SdkModule from '@hearth/sdk';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import type { EngineV1, GenerateRequest } from '@hearth/spec';
import { Proofreader, Summarizer } from '@hearth/sdk/tasks';
import { SCRIBE_ID, SCRIBE_PATH } from '../../packages/cli/src/commands/resolve-model.ts';
import { answerHeldOut, heldOutCases, scoreAnswers, SUBJECT_OPTIONS, type ScribeAnswers } from '../../tools/src/train/evaluate-scribe.ts';
import { agreement } from '../../tools/src/train/score-scribe.ts';
import { buildSdkBundle } from '../support/build-sdk-bundle.ts';
import { launchChromium } from '../support/chromium.ts';
import { startCountingGateway } from '../support/store-counting-gateway.ts';

// Hearth Scribe on the held-out split (tools/train/eval: sentences and emails training never
// saw), twice: natively (node-llama-cpp, as the gateway runs it) and in real Chromium on
// llama-wasm through the one call (createHearth on a plain page, device only). Greedy decoding,
// so the two must give the same answers; both must meet the bars.

const pageRoot = fileURLToPath(new URL('./one-call-page/', import.meta.url));
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
mkdirSync(RESULTS, { recursive: true });
type PageWindow = Window & { sdk: typeof SdkModule; pageReady: boolean };

let gateway: Awaited<ReturnType<typeof startCountingGateway>>;
let native: NodeLlamaCppEngine;
let browser: Awaited<ReturnType<typeof launchChromium>>;

// Hearth Scribe's GGUF is committed (models/hearth-scribe/); a checkout without it (a trimmed
// clone, say) skips this and says so.
const trained = existsSync(SCRIBE_PATH);

// The whole held-out split takes over 3 minutes here (2 cores), too long for npm test: by
// default every fourth case runs, both ways. `npm run eval:scribe` (HEARTH_SCRIBE_EVAL=full)
// runs all of them; the README's figures come from it, and test-results/ keeps each run's scores.
const FULL = process.env['HEARTH_SCRIBE_EVAL'] === 'full';
// The full split is held to issue #25's bars. The quarter npm test runs is held to floors that
// catch a regression (the pack not chosen, the margin not applied on one engine), not to the
// bars: at a 5% bar one clean sentence in a quarter's 36 is already 2.8 points.
// (The 99% is top-1 token agreement, asserted in both; whole answers, compared after the
// margin, are held to 90%.)
const BARS = FULL ? { agreement: 0.9, fixed: 0.7, cleanChanged: 0.05 } : { agreement: 0.9, fixed: 0.5, cleanChanged: 0.1 };
function casesToRun(): ReturnType<typeof heldOutCases> {
  const all = heldOutCases();
  if (FULL) return all;
  return { proofread: all.proofread.filter((_, i) => i % 4 === 0), subjects: all.subjects.filter((_, i) => i % 4 === 0) };
}

/** Each held-out case's engine request, as the tasks build it for Hearth Scribe, greedy. */
async function taskRequests(engine: EngineV1, cases: ReturnType<typeof heldOutCases>): Promise<GenerateRequest[]> {
  const proofreader = await Proofreader.create({ engine, temperature: 0 });
  const summarizer = await Summarizer.create({ engine, ...SUBJECT_OPTIONS, temperature: 0 });
  const requests = [...cases.proofread.map((c) => proofreader.requestFor(c.input)), ...cases.subjects.map((c) => summarizer.requestFor(c.body))];
  return requests.map((r) => {
    const { signal: _signal, ...plain } = r!;
    return plain;
  });
}

async function greedyTokenIds(engine: EngineV1, request: GenerateRequest): Promise<number[]> {
  const ids: number[] = [];
  for await (const part of engine.doStream(request)) if (part.type === 'text-delta') ids.push(...(part.tokenIds ?? []));
  return ids;
}

/**
 * Top-1 agreement of two engines' greedy tokens: positions where both chose the same token, over
 * the positions both saw the same text before (every position up to and including the first
 * difference; one answer ending where the other goes on is a difference).
 */
function top1Agreement(a: number[][], b: number[][]): { rate: number; positions: number; differing: number } {
  let positions = 0;
  let same = 0;
  let differing = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    let k = 0;
    while (k < x.length && k < y.length && x[k] === y[k]) k++;
    same += k;
    const differs = k < x.length || k < y.length;
    positions += k + (differs ? 1 : 0);
    if (differs) differing++;
  });
  return { rate: same / Math.max(positions, 1), positions, differing };
}

/** The first answers that differ between the two runs, for the results file. */
function differing(a: ScribeAnswers, b: ScribeAnswers): Array<{ native: string; browser: string }> {
  const all = [...a.proofread, ...a.subjects].map((native, i) => ({ native, browser: [...b.proofread, ...b.subjects][i]! }));
  return all.filter((x) => x.native !== x.browser).slice(0, 20);
}

describe.skipIf(!trained)('Hearth Scribe on the held-out split', () => {
  beforeAll(async () => {
    const sdkRoot = await buildSdkBundle();
    native = new NodeLlamaCppEngine({ parallelSequences: 1 });
    await native.load({ source: { type: 'path', path: SCRIBE_PATH }, threads: 2 });
    gateway = await startCountingGateway([{ id: SCRIBE_ID, paths: [SCRIBE_PATH] }], {
      webRoot: pageRoot,
      sdkRoot,
      engines: new Map<string, EngineV1>([[SCRIBE_ID, native]]),
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await native?.unload();
  });

  it(
    'natively and in the browser on llama-wasm: the same answers, errors fixed, clean text left alone, subjects above the baseline',
    async () => {
      const cases = casesToRun();
      const nativeAnswers = await answerHeldOut(native, cases);
      // The same engine requests on both sides (the packs' prompts, greedy), for token-level top-1
      // agreement: each engine's greedy token ids, compared up to and including the first
      // position where they differ (after it, the two continue from different text).
      const requests = await taskRequests(native, cases);
      const nativeTokens: number[][] = [];
      for (const request of requests) nativeTokens.push(await greedyTokenIds(native, request));

      const page = await browser.context.newPage();
      await page.goto(`${gateway.url}/index.html`);
      await page.waitForFunction(() => (window as unknown as PageWindow).pageReady === true);
      const inBrowser = await page.evaluate(
        async ({ id, cases, subjectOptions, requestsJson }) => {
          const w = window as unknown as PageWindow;
          const hearth = w.sdk.createHearth({ models: [id], consent: 'granted', policy: 'device-only' });
          await hearth.prepare();
          const where = new Set<string>();
          const packs = new Set<string>();
          const proofread: string[] = [];
          for (const c of cases.proofread) {
            const r = await hearth.run('proofread', c.input, { temperature: 0 });
            r.routes.forEach((x) => where.add(`${x.where}:${x.engine}`));
            packs.add(`${r.pack.id}@${r.pack.version}`);
            proofread.push(r.correctedInput);
          }
          const subjects: string[] = [];
          for (const c of cases.subjects) {
            const r = await hearth.run('summarize', c.body, { ...subjectOptions, temperature: 0 });
            r.routes.forEach((x) => where.add(`${x.where}:${x.engine}`));
            packs.add(`${r.pack.id}@${r.pack.version}`);
            subjects.push(r.text.trim());
          }
          const engine = hearth.engineFor('proofread');
          const tokens: number[][] = [];
          for (const request of JSON.parse(requestsJson) as Array<Parameters<typeof engine.doStream>[0]>) {
            const ids: number[] = [];
            for await (const part of engine.doStream(request)) if (part.type === 'text-delta') ids.push(...(part.tokenIds ?? []));
            tokens.push(ids);
          }
          return { answers: { proofread, subjects }, where: [...where], packs: [...packs], tokens };
        },
        { id: SCRIBE_ID, cases, subjectOptions: SUBJECT_OPTIONS, requestsJson: JSON.stringify(requests) },
      );
      await page.close();
      const browserAnswers: ScribeAnswers = inBrowser.answers;

      // Every answer came from llama-wasm on the device, read from the answers' own route parts.
      expect(inBrowser.where).toEqual(['device:llama-wasm']);
      // The model's own prompts, as natively: the pack is chosen from the model the plan runs.
      expect(inBrowser.packs.sort()).toEqual(['hearth-scribe/proofread@1.2.0', 'hearth-scribe/summarize@1.0.0']);
      const top1 = top1Agreement(nativeTokens, inBrowser.tokens);
      const same = agreement([...nativeAnswers.proofread, ...nativeAnswers.subjects], [...browserAnswers.proofread, ...browserAnswers.subjects]);
      const scores = { native: scoreAnswers(nativeAnswers, cases), browser: scoreAnswers(browserAnswers, cases) };
      writeFileSync(
        join(RESULTS, `scribe-quality${FULL ? '-full' : ''}.json`),
        `${JSON.stringify({ cases: { proofread: cases.proofread.length, subjects: cases.subjects.length }, top1, agreement: same, ...scores, differing: differing(nativeAnswers, browserAnswers) }, null, 2)}\n`,
      );
      expect(top1.positions).toBeGreaterThan(cases.proofread.length);
      expect(top1.rate).toBeGreaterThanOrEqual(0.99);
      expect(same).toBeGreaterThanOrEqual(BARS.agreement);
      for (const score of Object.values(scores)) {
        expect(score.proofread.cleanChangedRate).toBeLessThanOrEqual(BARS.cleanChanged);
        expect(score.proofread.fixedRate).toBeGreaterThanOrEqual(BARS.fixed);
        expect(score.subjects.rougeL).toBeGreaterThan(score.subjects.baselineRougeL);
      }
    },
    (FULL ? 20 : 5) * 60_000,
  );
});
