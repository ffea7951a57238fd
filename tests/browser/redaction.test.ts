import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import type * as SdkModule from '@hearth/sdk';
import type { EngineV1, GenerateRequest, StreamPart } from '@hearth/spec';
import { buildSdkBundle } from '../support/build-sdk-bundle.ts';
import { launchChromium } from '../support/chromium.ts';
import { tinyModelPath } from '../support/models.ts';
import { startCountingGateway } from '../support/store-counting-gateway.ts';

// Redaction on the way out, restoration on the way back, through the real gateway and a real
// model: the gateway's engine is node-llama-cpp behind a recorder that keeps what it was sent
// and what it answered (the "upstream records what it got").

type PageWindow = Window & { sdk: typeof SdkModule; pageReady: boolean };

/** The real engine, keeping each request's prompt text and each answer's text. */
class RecordingEngine implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId = 'recorded-node-llama-cpp';
  readonly prompts: string[] = [];
  readonly answers: string[] = [];
  constructor(private readonly inner: EngineV1) {}
  load = (r: Parameters<EngineV1['load']>[0]) => this.inner.load(r);
  unload = () => this.inner.unload();
  doGenerate = (r: GenerateRequest) => this.inner.doGenerate(r);
  async *doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    this.prompts.push(request.prompt.type === 'text' ? request.prompt.text : request.prompt.messages.map((m) => m.content).join('\n'));
    let answer = '';
    for await (const part of this.inner.doStream(request)) {
      if (part.type === 'text-delta') answer += part.text;
      // (The gateway stops reading at the finish part: record it before handing that on.)
      if (part.type === 'finish') this.answers.push(answer);
      yield part;
    }
  }
}

const native = new NodeLlamaCppEngine({ parallelSequences: 1 });
const recorder = new RecordingEngine(native);
let gateway: Awaited<ReturnType<typeof startCountingGateway>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  const tiny = await tinyModelPath();
  await native.load({ source: { type: 'path', path: tiny }, threads: 1 });
  gateway = await startCountingGateway([{ id: 'hearth-demo-tiny', paths: [tiny] }], {
    webRoot: fileURLToPath(new URL('./one-call-page/', import.meta.url)),
    sdkRoot: await buildSdkBundle(),
    engines: new Map([['hearth-demo-tiny', recorder]]),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await native.unload();
});

describe('redaction before the gateway (device declined, policy device-or-self-hosted)', () => {
  it('the gateway receives only placeholders; the app gets the answer restored, with the counts by type on the route part', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${gateway.url}/index.html`);
    await page.waitForFunction(() => (window as unknown as PageWindow).pageReady === true);
    const secrets = { email: 'dana.whitfield@example.org', phone: '+44 7700 900123', iban: 'DE89 3704 0044 0532 0130 00', name: 'Dana Whitfield' };
    const prompt = `Reply to ${secrets.name} (${secrets.email}, ${secrets.phone}) that the refund goes to ${secrets.iban}.`;
    const result = await page.evaluate(async (text) => {
      const w = window as unknown as PageWindow;
      const hearth = w.sdk.createHearth({ models: ['hearth-demo-tiny'], askConsent: async () => 'denied', redaction: { terms: ['Dana Whitfield'] } });
      // The schema pins the model's (random-weight) answer to a sentence holding a placeholder, so
      // the restoration is seen on a real model's real output.
      const completion = await hearth.chat.completions.create({
        model: 'hearth',
        messages: [{ role: 'user', content: text }],
        max_tokens: 32,
        response_format: { type: 'json_schema', json_schema: { name: 'reply', schema: { type: 'string', enum: ['Sent to [EMAIL_1] and [TERM_1].'] } } },
      });
      const streamed: string[] = [];
      for await (const chunk of await hearth.chat.completions.create({
        model: 'hearth',
        messages: [{ role: 'user', content: text }],
        max_tokens: 8,
        stream: true,
      }))
        streamed.push(chunk.choices[0]?.delta.content ?? '');
      return { content: completion.choices[0]?.message.content ?? '', routes: completion.hearth?.routes ?? [], streamed: streamed.join('') };
    }, prompt);
    // What reached the gateway: placeholders, no value.
    expect(recorder.prompts.length).toBeGreaterThanOrEqual(2);
    for (const sent of recorder.prompts) {
      for (const value of Object.values(secrets)) expect(sent).not.toContain(value);
      expect(sent).toContain('[EMAIL_1]');
      expect(sent).toContain('[TERM_1]');
      expect(sent).toContain('[IBAN_1]');
      expect(sent).toContain('[PHONE_1]');
    }
    // What the gateway answered held placeholders; what the app got holds the values again.
    expect(recorder.answers[0]).toBe('"Sent to [EMAIL_1] and [TERM_1]."');
    expect(result.content).toBe(`"Sent to ${secrets.email} and ${secrets.name}."`);
    expect(result.routes).toEqual([expect.objectContaining({ where: 'self-hosted', redacted: { term: 1, email: 1, phone: 1, iban: 1 } })]);
    expect(result.streamed.length).toBeGreaterThan(0);
    await page.close();
  });
});
