import { createHearth, formatBytes, HearthError, shippedCatalog, type ConsentAnswer, type ConsentRequest } from '@hearth/sdk';
import { defineWhereRanBadge, type WhereRanBadge } from '@hearth/ui';

defineWhereRanBadge();
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const prompt = $<HTMLTextAreaElement>('prompt');
const run = $<HTMLButtonElement>('run');
const stop = $<HTMLButtonElement>('stop');
const answer = $<HTMLOutputElement>('answer');
const status = $<HTMLParagraphElement>('status');
const where = $<WhereRanBadge>('where');
const download = $<HTMLDivElement>('download');
const bar = $<HTMLProgressElement>('download-progress');
const barText = $<HTMLSpanElement>('download-text');

/** Asks the person on the page itself, and waits for a button. */
function askConsent(request: ConsentRequest): Promise<ConsentAnswer> {
  const section = $<HTMLElement>('consent');
  $('consent-text').textContent = `The model ${request.model} is ${formatBytes(request.downloadBytes)}. Downloaded once, it runs in this browser and your text never leaves it. Or your text goes to this site's own server, which keeps nothing.`;
  section.hidden = false;
  $<HTMLButtonElement>('consent-yes').focus();
  return new Promise((resolve) => {
    const answer = (value: ConsentAnswer) => () => {
      section.hidden = true;
      resolve(value);
    };
    $('consent-yes').addEventListener('click', answer('granted'), { once: true });
    $('consent-no').addEventListener('click', answer('denied'), { once: true });
  });
}

async function start() {
  // The gateway that served this page runs the model too, and serves its files to the device.
  const models = (await (await fetch('/v1/models')).json()) as { data: Array<{ id: string }> };
  const id = models.data[0]?.id;
  if (id === undefined) throw new HearthError({ code: 'model_not_found', message: 'The gateway serves no model.', hint: 'Start it with --model, or with no option for the demo model.' });
  $('demo-warning').hidden = !id.startsWith('hearth-demo');
  // A model the catalog knows can run on the device; any other runs on the gateway only.
  const known = shippedCatalog().models.some((m) => m.id === id);
  const hearth = createHearth({ gateway: location.origin, models: known ? [id] : [], askConsent });
  const prepared = await hearth.prepare({
    monitor: (m) =>
      m.addEventListener('downloadprogress', (event) => {
        const e = event as Event & { loaded: number; bytes: number; totalBytes: number; etaSeconds?: number };
        download.hidden = e.loaded >= 1;
        bar.value = e.loaded;
        barText.textContent = `${formatBytes(e.bytes)} of ${formatBytes(e.totalBytes)}${e.etaSeconds ? `, about ${Math.ceil(e.etaSeconds)} s left` : ''}`;
      }),
  });
  status.textContent = prepared.route.where === 'device' ? `Ready: ${id} runs on this device (${prepared.route.engine}).` : `Ready: ${id} runs on this site's server.`;
  return { id, hearth };
}

const ready = start();
ready.then(
  () => {
    run.disabled = false;
    run.textContent = 'Continue my text';
  },
  (error: unknown) => {
    run.textContent = 'Unavailable';
    status.textContent = describe(error);
  },
);

let controller: AbortController | undefined;
run.addEventListener('click', async () => {
  const { id, hearth } = await ready;
  controller = new AbortController();
  run.disabled = true;
  stop.disabled = false;
  answer.textContent = '';
  status.textContent = 'Writing…';
  let route: { where: 'device' | 'self-hosted' | 'third-party'; engine: string } | undefined;
  try {
    const chunks = await hearth.chat.completions.create(
      { model: id, messages: [{ role: 'user', content: prompt.value }], stream: true, stream_options: { include_usage: true }, max_tokens: 64 },
      { signal: controller.signal },
    );
    for await (const chunk of chunks) {
      // The badge shows the route the answer itself reports, switching if the device hands over mid-answer.
      if (chunk.hearth) {
        route = chunk.hearth.route;
        where.update({ route: route.where, engine: route.engine });
      }
      // textContent, never innerHTML: model output is text.
      answer.textContent += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage?.hearth && route) {
        where.update({ route: route.where, engine: route.engine, decodeTokensPerSecond: chunk.usage.hearth.decode_tokens_per_second });
        status.textContent = `${chunk.usage.completion_tokens} tokens, first after ${Math.round(chunk.usage.hearth.time_to_first_token_ms)} ms.`;
      }
    }
  } catch (error) {
    status.textContent = describe(error);
  } finally {
    run.disabled = false;
    stop.disabled = true;
  }
});

stop.addEventListener('click', () => controller?.abort());

function describe(error: unknown): string {
  const e = HearthError.from(error);
  return e.code === 'aborted' ? 'Stopped.' : `${e.message}${e.hint ? ` ${e.hint}` : ''} (${e.code})`;
}
