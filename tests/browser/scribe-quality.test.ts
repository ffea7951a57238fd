import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as SdkModule from '@hearth/sdk';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import type { EngineV1 } from '@hearth/spec';
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
type PageWindow = Window & { sdk: typeof SdkModule; pageReady: boolean };

let gateway: Awaited<ReturnType<typeof startCountingGateway>>;
let native: NodeLlamaCppEngine;
let browser: Awaited<ReturnType<typeof launchChromium>>;

// Skipped, and said so, where Hearth Scribe's trained GGUF is not in the checkout: session 9's
// GPU lease got no machine (issue #25), so models/hearth-scribe/ holds no model yet; once it is
// committed this runs with nothing else to change.
const trained = existsSync(SCRIBE_PATH);

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

  it('natively and in the browser on llama-wasm: the same answers, errors fixed, clean text left alone, subjects above the baseline', async () => {
    const cases = heldOutCases();
    const nativeAnswers = await answerHeldOut(native, cases);

    const page = await browser.context.newPage();
    await page.goto(`${gateway.url}/index.html`);
    await page.waitForFunction(() => (window as unknown as PageWindow).pageReady === true);
    const inBrowser = await page.evaluate(
      async ({ id, cases, subjectOptions }) => {
        const w = window as unknown as PageWindow;
        const hearth = w.sdk.createHearth({ models: [id], consent: 'granted', policy: 'device-only' });
        await hearth.prepare();
        const where = new Set<string>();
        const proofread: string[] = [];
        for (const c of cases.proofread) {
          const r = await hearth.run('proofread', c.input, { temperature: 0 });
          r.routes.forEach((x) => where.add(`${x.where}:${x.engine}`));
          proofread.push(r.correctedInput);
        }
        const subjects: string[] = [];
        for (const c of cases.subjects) {
          const r = await hearth.run('summarize', c.body, { ...subjectOptions, temperature: 0 });
          r.routes.forEach((x) => where.add(`${x.where}:${x.engine}`));
          subjects.push(r.text.trim());
        }
        return { answers: { proofread, subjects }, where: [...where] };
      },
      { id: SCRIBE_ID, cases, subjectOptions: SUBJECT_OPTIONS },
    );
    await page.close();
    const browserAnswers: ScribeAnswers = inBrowser.answers;

    // Every answer came from llama-wasm on the device, read from the answers' own route parts.
    expect(inBrowser.where).toEqual(['device:llama-wasm']);
    const same = agreement([...nativeAnswers.proofread, ...nativeAnswers.subjects], [...browserAnswers.proofread, ...browserAnswers.subjects]);
    expect(same).toBeGreaterThanOrEqual(0.99);

    for (const answers of [nativeAnswers, browserAnswers]) {
      const score = scoreAnswers(answers, cases);
      expect(score.proofread.fixedRate).toBeGreaterThanOrEqual(0.7);
      expect(score.proofread.cleanChangedRate).toBeLessThanOrEqual(0.05);
      expect(score.subjects.rougeL).toBeGreaterThan(score.subjects.baselineRougeL);
    }
  });
});
