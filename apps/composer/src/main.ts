import { createHearth, createWllamaWorkerEngine, HearthError } from '@hearth/sdk';
import type { ModelManifest } from '@hearth/spec';
import { defineWhereRanBadge, type WhereRanBadge } from '@hearth/ui';

defineWhereRanBadge();
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const prompt = $<HTMLTextAreaElement>('prompt');
const run = $<HTMLButtonElement>('run');
const stop = $<HTMLButtonElement>('stop');
const answer = $<HTMLOutputElement>('answer');
const status = $<HTMLParagraphElement>('status');
const where = $<WhereRanBadge>('where');

const engine = createHearthEngine();
let controller: AbortController | undefined;

async function createHearthEngine() {
  // The gateway tells which model it serves; the page fetches and verifies it, then runs it here.
  const models = (await (await fetch('/v1/models')).json()) as { data: Array<{ id: string }> };
  const id = models.data[0]?.id;
  if (id === undefined) throw new HearthError({ code: 'model_not_found', message: 'The gateway serves no model.' });
  const manifest = (await (await fetch(`/models/${id}/manifest.json`)).json()) as ModelManifest;
  $('demo-warning').hidden = !id.startsWith('hearth-demo');
  const worker = createWllamaWorkerEngine();
  const base = new URL(`/models/${id}/`, location.href);
  const info = await worker.load({
    source: { type: 'url', url: manifest.files.map((f) => new URL(f.name, base).href), sha256: manifest.files.map((f) => f.sha256) },
  });
  status.textContent = `Model ${id} loaded (${info.architecture}, context ${info.contextSize}).`;
  return { id, hearth: createHearth({ engine: worker }) };
}

engine.then(
  () => {
    run.disabled = false;
    run.textContent = 'Continue my text';
  },
  (error: unknown) => {
    run.textContent = 'Unavailable';
    status.textContent = describe(error);
  },
);

run.addEventListener('click', async () => {
  const { id, hearth } = await engine;
  controller = new AbortController();
  run.disabled = true;
  stop.disabled = false;
  answer.textContent = '';
  status.textContent = 'Writing…';
  try {
    const chunks = await hearth.chat.completions.create(
      { model: id, messages: [{ role: 'user', content: prompt.value }], stream: true, stream_options: { include_usage: true }, max_tokens: 64 },
      { signal: controller.signal },
    );
    for await (const chunk of chunks) {
      // textContent, never innerHTML: model output is text.
      answer.textContent += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage?.hearth) {
        where.update({ route: 'device', engine: 'wllama', decodeTokensPerSecond: chunk.usage.hearth.decode_tokens_per_second });
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
