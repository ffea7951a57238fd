// The W3C drafts' own README examples, run on Hearth through the globals `installHearth()`
// defines. Each example is the draft's code rewritten minimally: a `monitor` added to every
// create(), console output recorded instead, page elements of our own, and where the draft's
// example needs what Hearth lacks (images, a RegExp constraint, Japanese), the draft's code runs
// as written and the error it answers with is recorded, beside a text-only rewrite.
//
// Sources, read at these commits:
// - WA: webmachinelearning/writing-assistance-apis README.md @ e411ad76 (2026-08-03)
// - PA: webmachinelearning/prompt-api README.md @ 2e27365e (2026-06-22)
// - PR: webmachinelearning/proofreader-api README.md @ 4bcc10ee (2026-08-10)
//
// How to drive it: serve this folder (built with Vite) from a Hearth gateway that serves the
// model `hearth-demo-tiny` (its manifest and file, and `/v1/chat/completions` for it), open
// index.html, and wait for `window.draftResults` (a `DraftResults`, `done: true`). Add `?replace`
// to the URL to run Hearth's classes where the browser has its own (`installHearth({ replace:
// true })`): Debian's Chromium defines `LanguageModel` and `Summarizer` whose service does not run,
// so without it those examples test the browser's implementation, not Hearth's. Each example
// is under its id in `examples`: `ok` (it ran to its end as the draft describes), `error` (what
// it rejected with, where that is the draft's answer), `monitors` (every downloadprogress
// sequence, one per create()), and `values` (types and shapes, never the nonsense text).
import { installHearth, W3C_API_NAMES, type InstalledHearth, type W3cApiName } from '@hearth/sdk';
import type { RouteInfo } from '@hearth/spec';

const WA = 'webmachinelearning/writing-assistance-apis README.md @ e411ad76 (2026-08-03)';
const PA = 'webmachinelearning/prompt-api README.md @ 2e27365e (2026-06-22)';
const PR = 'webmachinelearning/proofreader-api README.md @ 4bcc10ee (2026-08-10)';

export interface ProgressRecord {
  loaded: number;
  total: number;
  bytes: number;
  totalBytes: number;
  isProgressEvent: boolean;
}

export interface ErrorRecord {
  name: string;
  message: string;
  isDOMException: boolean;
  requested?: number;
  quota?: number;
  /** The HearthError code behind it, where there is one. */
  code?: string;
}

export interface ExampleResult {
  source: string;
  ok: boolean;
  error?: ErrorRecord;
  /** One downloadprogress sequence per create() with a monitor. */
  monitors: ProgressRecord[][];
  values: Record<string, unknown>;
}

export interface DraftResults {
  done: true;
  /** The globals the browser had before installHearth(). */
  browsersOwn: readonly W3cApiName[];
  installed: readonly W3cApiName[];
  /** Where answers ran (Hearth's `route` events), in order, deduplicated. */
  routes: RouteInfo[];
  examples: Record<string, ExampleResult>;
  ms: number;
}

declare global {
  interface Window {
    draftResults?: DraftResults;
  }
}

const routes: RouteInfo[] = [];
const started = performance.now();
const browsersOwn = W3C_API_NAMES.filter((name) => name in globalThis);
const { installed } = installHearth({
  gateway: location.origin,
  models: ['hearth-demo-tiny'],
  consent: 'granted',
  replace: new URLSearchParams(location.search).has('replace'),
  // Only to report where answers ran; the examples use nothing but the globals.
  onEvent: (event) => {
    if (event.type === 'route' && !routes.some((r) => JSON.stringify(r) === JSON.stringify(event.route))) routes.push(event.route);
  },
});

type Globals = Pick<InstalledHearth, W3cApiName>;

/** A global as the drafts' pages use it (`Summarizer.create(...)`), typed. */
function fromGlobal<K extends W3cApiName>(name: K): Globals[K] {
  const value: unknown = Reflect.get(globalThis, name);
  if (typeof value !== 'function') throw new Error(`${name} is not defined`);
  return value as Globals[K];
}

const LanguageModel = fromGlobal('LanguageModel');
const Summarizer = fromGlobal('Summarizer');
const Writer = fromGlobal('Writer');
const Rewriter = fromGlobal('Rewriter');
const Proofreader = fromGlobal('Proofreader');

const articleEl = document.querySelector('#article')!;
const reviewEl = document.querySelector('#review')!;
const textbox = document.querySelector<HTMLTextAreaElement>('#textbox')!;
const meterEl = document.querySelector<HTMLMeterElement>('#meter')!;
const submitButton = document.querySelector<HTMLButtonElement>('#submit')!;
const stopButton = document.querySelector<HTMLButtonElement>('#stop')!;
const composeTextbox = document.querySelector('#compose')!;
const editBox = document.querySelector('#edit-box')!;

function errorRecord(error: unknown): ErrorRecord {
  const e = error as { name?: unknown; message?: unknown; requested?: unknown; quota?: unknown; cause?: { code?: unknown } };
  const record: ErrorRecord = { name: String(e?.name), message: String(e?.message), isDOMException: error instanceof DOMException };
  if (typeof e?.requested === 'number') record.requested = e.requested;
  if (typeof e?.quota === 'number') record.quota = e.quota;
  if (typeof e?.cause?.code === 'string') record.code = e.cause.code;
  return record;
}

interface ExampleContext {
  /** The monitor each create() gets: records its downloadprogress events. */
  monitor: (m: EventTarget) => void;
  values: Record<string, unknown>;
}

const examples: Record<string, ExampleResult> = {};

async function example(id: string, source: string, run: (context: ExampleContext) => Promise<void>): Promise<void> {
  const result: ExampleResult = { source, ok: false, monitors: [], values: {} };
  examples[id] = result;
  const monitor = (m: EventTarget): void => {
    const sequence: ProgressRecord[] = [];
    result.monitors.push(sequence);
    m.addEventListener('downloadprogress', (event) => {
      const e = event as ProgressEvent & { bytes: number; totalBytes: number };
      sequence.push({ loaded: e.loaded, total: e.total, bytes: e.bytes, totalBytes: e.totalBytes, isProgressEvent: e instanceof ProgressEvent });
    });
  };
  try {
    await run({ monitor, values: result.values });
    result.ok = true;
  } catch (error) {
    result.error = errorRecord(error);
  }
}

/** What a stream gave: whether it is a ReadableStream, and its chunks' types. */
function streamShape(stream: unknown, chunks: unknown[]): Record<string, unknown> {
  return {
    isReadableStream: stream instanceof ReadableStream,
    chunks: chunks.length,
    allStrings: chunks.every((c) => typeof c === 'string'),
    length: chunks.join('').length,
  };
}

// ---- Writing Assistance APIs (WA) ---------------------------------------------------------------

// WA "Download progress" (first, so that its create() is the one that downloads the model).
await example('wa-download-progress', `${WA}, Download progress`, async ({ monitor, values }) => {
  const otherOptions = { tone: 'neutral' as const };
  const writer = await Writer.create({
    ...otherOptions,
    monitor(m) {
      monitor(m);
      m.addEventListener('downloadprogress', (e) => {
        values['lastLog'] = `Downloaded ${(e as ProgressEvent).loaded * 100}%`;
      });
    },
  });
  values['created'] = typeof writer.write === 'function';
});

// WA "Basic usage", the Summarizer.
await example('wa-basic-summarizer', `${WA}, Basic usage`, async ({ monitor, values }) => {
  const summarizer = await Summarizer.create({
    sharedContext: 'An article from the Daily Economic News magazine',
    type: 'headline',
    length: 'short',
    preference: 'auto',
    monitor,
  });

  const summary = await summarizer.summarize(articleEl.textContent ?? '', {
    context: "This article was written 2024-08-07 and it's in the World Markets section.",
  });
  values['summaryType'] = typeof summary;
  values['attributes'] = {
    type: summarizer.type,
    length: summarizer.length,
    format: summarizer.format,
    preference: summarizer.preference,
    sharedContext: summarizer.sharedContext,
  };
});

// WA "Basic usage", the Writer.
await example('wa-basic-writer', `${WA}, Basic usage`, async ({ monitor, values }) => {
  const writer = await Writer.create({
    tone: 'formal',
    monitor,
  });

  const result = await writer.write('A draft for an inquiry to my bank about how to enable wire transfers on my account');
  values['resultType'] = typeof result;
  values['tone'] = writer.tone;
});

// WA "Basic usage", the Rewriter.
await example('wa-basic-rewriter', `${WA}, Basic usage`, async ({ monitor, values }) => {
  const rewriter = await Rewriter.create({
    sharedContext: 'A review for the Flux Capacitor 3000 from TimeMachines Inc.',
    monitor,
  });

  const result = await rewriter.rewrite(reviewEl.textContent ?? '', {
    context: 'Avoid any toxic language and be as constructive as possible.',
  });
  values['resultType'] = typeof result;
  values['attributes'] = { tone: rewriter.tone, length: rewriter.length, format: rewriter.format };
});

// WA "Streaming output".
await example('wa-streaming', `${WA}, Streaming output`, async ({ monitor, values }) => {
  const writer = await Writer.create({ tone: 'formal', length: 'long', monitor });

  const stream = writer.writeStreaming('A draft for an inquiry to my bank about how to enable wire transfers on my account');

  const chunks: unknown[] = [];
  for await (const chunk of stream) {
    composeTextbox.append(chunk);
    chunks.push(chunk);
  }
  Object.assign(values, streamShape(stream, chunks));
});

// WA "Repeated usage".
await example('wa-repeated-usage', `${WA}, Repeated usage`, async ({ monitor, values }) => {
  const summarizer = await Summarizer.create({ type: 'tldr', monitor });

  const reviewSummaries = await Promise.all(
    Array.from(document.querySelectorAll('#reviews > .review'), (reviewEl) => summarizer.summarize(reviewEl.textContent ?? '')),
  );
  values['summaries'] = reviewSummaries.length;
  values['allStrings'] = reviewSummaries.every((s) => typeof s === 'string');
});

// WA "Multilingual content and expected languages": the demo model documents English only, so
// create() rejects, as the draft says it does for languages the implementation cannot support.
await example('wa-multilingual', `${WA}, Multilingual content and expected languages`, async ({ monitor, values }) => {
  const summarizer = await Summarizer.create({
    type: 'key-points',
    expectedInputLanguages: ['ja', 'ko'],
    expectedContextLanguages: ['en', 'ja', 'ko'],
    outputLanguage: 'zh',
    sharedContext: `
    These are messages from a language exchange platform managed by a Chinese educational
    technology company. Staff need to monitor exchanges to improve the platform's
    learning resources and language pair recommendations.
  `,
    monitor,
  });

  const summary = await summarizer.summarize(
    `
  田中: 来週から韓国の会社で働くことになりました。オフィスでよく使う表現を教えていただけませんか？
  박준호: 축하드려요! 사무실에서 자주 쓰는 표현 알려드릴게요. 먼저 '회의(회의실)'는 미팅룸이에요.
  田中: なるほど！とても助かります。他にもぜひ教えてください。
`,
    {
      context: `Message from 2024-12-06 titled "韓国語の職場用語について"`,
    },
  );

  values['summaryType'] = typeof summary; // will be in Chinese
});

// WA "Too-large inputs".
await example('wa-too-large', `${WA}, Too-large inputs`, async ({ monitor, values }) => {
  const potentiallyLargeInput = 'The quarterly report lists every sale. '.repeat(400);
  const summarizer = await Summarizer.create({ monitor });

  try {
    values['summaryType'] = typeof (await summarizer.summarize(potentiallyLargeInput));
  } catch (e) {
    const error = e as DOMException & { requested: number; quota: number };
    if (error.name === 'QuotaExceededError') {
      values['log'] = `Input too large! You tried to summarize ${error.requested} tokens, but only ${error.quota} were available.`;
      values['quotaError'] = errorRecord(error);
    } else throw e;
  }
});

// WA "Too-large inputs": inputQuota and measureInputUsage().
await example('wa-input-quota', `${WA}, Too-large inputs (inputQuota, measureInputUsage)`, async ({ monitor, values }) => {
  const rewriter = await Rewriter.create({ monitor });
  meterEl.max = rewriter.inputQuota;

  // The draft runs this on every "input" event; here once, for the textbox's text.
  meterEl.value = await rewriter.measureInputUsage(textbox.value);
  submitButton.disabled = meterEl.value > meterEl.max;
  values['inputQuota'] = rewriter.inputQuota;
  values['usage'] = meterEl.value;
  values['measured'] = await rewriter.measureInputUsage(textbox.value);
  values['disabled'] = submitButton.disabled;
});

// WA "Testing available options before creation": Japanese is not the demo model's, so the
// draft's fallback branch runs.
await example('wa-availability', `${WA}, Testing available options before creation`, async ({ monitor, values }) => {
  const doCloudSummarization = async (text: string): Promise<string> => `(the cloud would summarize ${text.length} characters)`;
  const options = { type: 'teaser' as const, expectedInputLanguages: ['ja'] };

  const availability = await Summarizer.availability(options);
  values['availability'] = availability;

  if (availability !== 'unavailable') {
    // We're good! Let's do the summarization using the built-in API.
    const summarizer = await Summarizer.create({ ...options, monitor });
    values['summaryType'] = typeof (await summarizer.summarize(articleEl.textContent ?? ''));
  } else {
    // Either the API overall, or the combination of teaser + Japanese input, is not available.
    // Use the cloud.
    values['branch'] = 'cloud';
    values['cloud'] = await doCloudSummarization(articleEl.textContent ?? '');
  }
  values['english'] = await Summarizer.availability({ type: 'teaser', expectedInputLanguages: ['en'] });
});

// WA "Destruction and aborting": the signal, and destroy().
await example('wa-abort', `${WA}, Destruction and aborting`, async ({ monitor, values }) => {
  const controller = new AbortController();
  stopButton.onclick = () => controller.abort();

  const rewriter = await Rewriter.create({ signal: controller.signal, monitor });
  const rewriting = rewriter.rewrite(document.body.textContent ?? '', { signal: controller.signal });
  stopButton.click();
  try {
    await rewriting;
    values['rewriteRejected'] = false;
  } catch (e) {
    values['rewriteError'] = errorRecord(e);
    values['isTheSignalReason'] = e === controller.signal.reason;
  }
  // Aborting the create() signal later destroys the rewriter too.
  values['afterAbort'] = await rewriter.rewrite('Later.').then(
    () => 'resolved',
    (e: unknown) => errorRecord(e),
  );

  const summarizer = await Summarizer.create({ monitor });
  const summarizing = summarizer.summarize(articleEl.textContent ?? '');
  const stream = summarizer.summarizeStreaming(articleEl.textContent ?? '');
  summarizer.destroy();
  values['destroyedCall'] = await summarizing.then(
    () => 'resolved',
    (e: unknown) => errorRecord(e),
  );
  values['destroyedStream'] = await stream
    .getReader()
    .read()
    .then(
      () => 'read',
      (e: unknown) => errorRecord(e),
    );
  values['laterCall'] = await summarizer.summarize('Later.').then(
    () => 'resolved',
    (e: unknown) => errorRecord(e),
  );
});

// ---- Prompt API (PA) ------------------------------------------------------------------------------

// PA "Zero-shot prompting".
await example('pa-zero-shot', `${PA}, Zero-shot prompting`, async ({ monitor, values }) => {
  const session = await LanguageModel.create({ monitor });

  // Prompt the model and wait for the whole result to come back.
  const result = await session.prompt('Write me a poem.');
  values['resultType'] = typeof result;

  // Prompt the model and stream the result:
  const stream = session.promptStreaming('Write me an extra-long poem.');
  const chunks: unknown[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }
  Object.assign(values, streamShape(stream, chunks));
});

// PA "System prompts": the three options.
await example('pa-system-prompts', `${PA}, System prompts`, async ({ monitor, values }) => {
  // Option 1: Create a new session with a system prompt as the first message.
  const session1 = await LanguageModel.create({
    initialPrompts: [{ role: 'system', content: 'Pretend to be an eloquent hamster.' }],
    monitor,
  });
  values['option1'] = typeof (await session1.prompt('What is your favorite food?'));

  // Option 2: Create a new session and append a system prompt as the first message.
  const session2 = await LanguageModel.create({ monitor });
  await session2.append([{ role: 'system', content: 'Pretend to be an eloquent hamster.' }]);
  values['option2'] = typeof (await session2.prompt('What is your favorite food?'));

  // Option 3: Create a new session and prompt with a system prompt as the first message.
  const session3 = await LanguageModel.create({ monitor });
  values['option3'] = typeof (await session3.prompt([
    { role: 'system', content: 'Pretend to be an eloquent hamster.' },
    { role: 'user', content: 'What is your favorite food?' },
  ]));

  // "Placing the { role: "system" } prompt anywhere besides at the 0th position ... will reject with a TypeError."
  values['lateSystem'] = await session1.prompt([{ role: 'system', content: 'Now be a cat.' }]).then(
    () => 'resolved',
    (e: unknown) => errorRecord(e),
  );
});

// PA "N-shot prompting", with clone().
await example('pa-n-shot', `${PA}, N-shot prompting`, async ({ monitor, values }) => {
  const session = await LanguageModel.create({
    initialPrompts: [
      { role: 'system', content: 'Predict up to 5 emojis as a response to a comment. Output emojis, comma-separated.' },
      { role: 'user', content: 'This is amazing!' },
      { role: 'assistant', content: '❤️, ➕' },
      { role: 'user', content: 'LGTM' },
      { role: 'assistant', content: '👍, 🚢' },
    ],
    monitor,
  });

  // Clone an existing session for efficiency, instead of recreating one each time.
  async function predictEmoji(comment: string): Promise<string> {
    const freshSession = await session.clone();
    return await freshSession.prompt(comment);
  }

  const result1 = await predictEmoji('Back to the drawing board');

  const result2 = await predictEmoji('This code is so good you should get promoted');
  values['results'] = [typeof result1, typeof result2];
  values['sessionUsageUnchanged'] = session.contextUsage === (await session.clone()).contextUsage;
});

// PA "Customizing the role per prompt".
await example('pa-roles', `${PA}, Customizing the role per prompt`, async ({ monitor, values }) => {
  const multiUserSession = await LanguageModel.create({
    initialPrompts: [
      {
        role: 'system',
        content: 'You are a mediator in a discussion between two departments.',
      },
    ],
    monitor,
  });

  const result = await multiUserSession.prompt([
    { role: 'user', content: 'Marketing: We need more budget for advertising campaigns.' },
    { role: 'user', content: 'Finance: We need to cut costs and advertising is on the list.' },
    { role: 'assistant', content: "Let's explore a compromise that satisfies both departments." },
  ]);
  values['resultType'] = typeof result;
});

// PA "Multimodal inputs": Hearth's models take text only, so create() rejects as the draft says
// it does when "the model is not capable of such multimodal prompts".
await example('pa-multimodal', `${PA}, Multimodal inputs`, async ({ monitor, values }) => {
  const session = await LanguageModel.create({
    // { type: "text" } is not necessary to include explicitly, unless
    // you also want to include expected input languages for text.
    expectedInputs: [{ type: 'audio' }, { type: 'image' }],
    monitor,
  });
  values['created'] = typeof session.prompt === 'function';
});

// PA "Structured output with JSON schema or RegExp constraints".
await example('pa-structured', `${PA}, Structured output with JSON schema or RegExp constraints`, async ({ monitor, values }) => {
  const session = await LanguageModel.create({ monitor });
  const schema = {
    type: 'object',
    required: ['rating'],
    additionalProperties: false,
    properties: {
      rating: {
        type: 'number',
        minimum: 0,
        maximum: 5,
      },
    },
  };

  // As the draft writes it: Hearth's engines cannot enforce minimum/maximum on numbers, and the
  // draft says "uses JSON schema features not supported ... will error with a NotSupportedError".
  try {
    const result = await session.prompt(
      'Summarize this feedback into a rating between 0-5: ' + 'The food was delicious, service was excellent, will recommend.',
      { responseConstraint: schema },
    );
    const { rating } = JSON.parse(result) as { rating: number };
    values['asDrafted'] = { result, rating };
  } catch (e) {
    values['asDrafted'] = errorRecord(e);
  }

  // Rewritten minimally for Hearth's engines: the same ratings as an enum.
  const enumSchema = { ...schema, properties: { rating: { enum: [0, 1, 2, 3, 4, 5] } } };
  const result = await session.prompt(
    'Summarize this feedback into a rating between 0-5: ' + 'The food was delicious, service was excellent, will recommend.',
    { responseConstraint: enumSchema },
  );

  const { rating } = JSON.parse(result) as { rating: number };
  values['result'] = result;
  values['rating'] = rating;
  values['schema'] = enumSchema;

  // The RegExp form: Hearth constrains by JSON Schema only.
  const emailRegExp = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
  const characterName = 'Ada';
  values['regExp'] = await session.prompt(`Create a fictional email address for ${characterName}.`, { responseConstraint: emailRegExp }).then(
    (r) => ({ result: r }),
    (e: unknown) => errorRecord(e),
  );

  // omitResponseConstraintInput.
  const omitted = await session.prompt(
    `
  Summarize this feedback into a rating between 0-5, only outputting a JSON
  object { rating }, with a single property whose value is a number:
  The food was delicious, service was excellent, will recommend.
`,
    { responseConstraint: enumSchema, omitResponseConstraintInput: true },
  );
  values['omitted'] = omitted;
  values['omitWithoutConstraint'] = await session.prompt('x', { omitResponseConstraintInput: true }).then(
    () => 'resolved',
    (e: unknown) => errorRecord(e),
  );

  // Streamed, the chunks join into the same kind of JSON.
  const chunks: unknown[] = [];
  const stream = session.promptStreaming('Rate it again.', { responseConstraint: enumSchema });
  for await (const chunk of stream) chunks.push(chunk);
  values['streamed'] = chunks.join('');
  values['streamedShape'] = streamShape(stream, chunks);
});

// PA "Constraining responses by providing a prefix".
await example('pa-prefix', `${PA}, Constraining responses by providing a prefix`, async ({ monitor, values }) => {
  const session = await LanguageModel.create({ monitor });
  const characterSheet = await session.prompt([
    {
      role: 'user',
      content: 'Create a TOML character sheet for a gnome barbarian',
    },
    {
      role: 'assistant',
      content: '```toml\n',
      prefix: true,
    },
  ]);
  values['resultType'] = typeof characterSheet;
  // "If prefix is used in any message besides a final "assistant"-role one, a "SyntaxError" DOMException will occur."
  values['misplacedPrefix'] = await session.prompt([{ role: 'user', content: 'Hi', prefix: true }]).then(
    () => 'resolved',
    (e: unknown) => errorRecord(e),
  );
});

// PA "Appending messages without prompting for a response", rewritten with text for the image.
await example('pa-append', `${PA}, Appending messages without prompting for a response`, async ({ monitor, values }) => {
  const session = await LanguageModel.create({
    initialPrompts: [
      {
        role: 'system',
        content: 'You are a skilled analyst who correlates patterns across multiple images.',
      },
    ],
    monitor,
  });
  const before = session.contextUsage;

  // fileUpload.onchange, with a description in place of the image file:
  await session.append([
    {
      role: 'user',
      content: [{ type: 'text', value: "Here's one image. Notes: a red barn at dusk." }],
    },
  ]);
  values['usageGrew'] = session.contextUsage > before;

  // analyzeButton.onclick:
  values['resultType'] = typeof (await session.prompt('What pattern do the images share?'));
});

// PA "Configuration of sampling modes".
await example('pa-sampling-modes', `${PA}, Configuration of sampling modes`, async ({ monitor, values }) => {
  const creativeSession = await LanguageModel.create({
    samplingMode: 'creative',
    monitor,
  });
  values['samplingMode'] = creativeSession.samplingMode; // "creative"
});

// PA "Legacy: Configuration of per-session raw parameters".
await example('pa-legacy-params', `${PA}, Legacy: Configuration of per-session raw parameters`, async ({ monitor, values }) => {
  const isCreativeTask = true;
  const isGeneratingIdeas = false;
  const customSession = await LanguageModel.create({
    temperature: 0.8,
    topK: 10,
    monitor,
  });
  values['custom'] = { temperature: customSession.temperature, topK: customSession.topK };
  const params = (await LanguageModel.params())!;
  const conditionalSession = await LanguageModel.create({
    temperature: isCreativeTask ? params.defaultTemperature * 1.1 : params.defaultTemperature * 0.8,
    topK: isGeneratingIdeas ? params.maxTopK : params.defaultTopK,
    monitor,
  });
  values['params'] = params;
  values['conditional'] = { temperature: conditionalSession.temperature, topK: conditionalSession.topK };
  values['bothKinds'] = await LanguageModel.create({ samplingMode: 'creative', temperature: 1 }).then(
    () => 'resolved',
    (e: unknown) => errorRecord(e),
  );
});

// PA "Session persistence and cloning".
await example('pa-persistence', `${PA}, Session persistence and cloning`, async ({ monitor, values }) => {
  const session = await LanguageModel.create({
    initialPrompts: [
      {
        role: 'system',
        content: 'You are a friendly, helpful assistant specialized in clothing choices.',
      },
    ],
    monitor,
  });
  const usage = [session.contextUsage];

  const result = await session.prompt(`
  What should I wear today? It's sunny and I'm unsure between a t-shirt and a polo.
`);
  usage.push(session.contextUsage);

  const result2 = await session.prompt(`
  That sounds great, but oh no, it's actually going to rain! New advice??
`);
  usage.push(session.contextUsage);
  values['results'] = [typeof result, typeof result2];
  values['usage'] = usage;

  const controller = new AbortController();
  const session2 = await session.clone({ signal: controller.signal });
  values['cloneUsage'] = session2.contextUsage;
});

// PA "Session destruction".
await example('pa-destruction', `${PA}, Session destruction`, async ({ monitor, values }) => {
  const controller = new AbortController();
  stopButton.onclick = () => controller.abort();

  const session = await LanguageModel.create({ signal: controller.signal, monitor });
  const prompting = session.prompt('Write me a poem');
  stopButton.click();
  values['signalled'] = await prompting.then(
    () => 'resolved',
    (e: unknown) => errorRecord(e),
  );

  const other = await LanguageModel.create({ monitor });
  stopButton.onclick = () => other.destroy();
  const stream = other.promptStreaming('Write me an extra-long poem.');
  const reader = stream.getReader();
  values['firstChunk'] = typeof (await reader.read()).value;
  stopButton.click();
  values['destroyedStream'] = await (async () => {
    for (;;) if ((await reader.read()).done) return 'closed';
  })().catch((e: unknown) => errorRecord(e));
  values['laterPrompt'] = await other.prompt('Later.').then(
    () => 'resolved',
    (e: unknown) => errorRecord(e),
  );
});

// PA "Aborting a specific prompt".
await example('pa-abort-prompt', `${PA}, Aborting a specific prompt`, async ({ monitor, values }) => {
  const session = await LanguageModel.create({ monitor });
  const controller = new AbortController();
  stopButton.onclick = () => controller.abort();

  const prompting = session.prompt('Write me a poem', { signal: controller.signal });
  stopButton.click();
  try {
    await prompting;
    values['rejected'] = false;
  } catch (e) {
    values['error'] = errorRecord(e);
  }
  // The session goes on: the aborted prompt and its answer are not in it.
  values['usageAfterAbort'] = session.contextUsage;
  values['next'] = typeof (await session.prompt('Write me a haiku'));
});

// PA "Tokenization, context window length limits, and overflow".
await example('pa-context', `${PA}, Tokenization, context window length limits, and overflow`, async ({ monitor, values }) => {
  const session = await LanguageModel.create({ monitor });
  const overflows: string[] = [];
  session.addEventListener('contextoverflow', () => {
    overflows.push("We've gone past the context window, and some inputs will be dropped!");
  });
  const promptString = 'Summarize our discussion so far.';

  values['log'] = `${session.contextUsage} tokens used, out of ${session.contextWindow} tokens available.`;
  values['contextWindow'] = session.contextWindow;

  const stringUsage = await session.measureContextUsage(promptString);
  values['stringUsage'] = stringUsage;

  // The audio part of the draft's example, as written: Hearth takes no audio.
  const audioBlob = new Blob([new Uint8Array(16)], { type: 'audio/wav' });
  values['audioUsage'] = await session
    .measureContextUsage([
      {
        role: 'user',
        content: [
          { type: 'text', value: 'My response to your critique:' },
          { type: 'audio', value: audioBlob },
        ],
      },
    ])
    .then(
      (n) => n,
      (e: unknown) => errorRecord(e),
    );

  // A prompt larger than the whole context window cannot fit however much is dropped.
  const tooLong = 'Please remember this sentence. '.repeat(800);
  values['tooLong'] = await session.prompt(tooLong).then(
    () => 'resolved',
    (e: unknown) => errorRecord(e),
  );
  values['overflowEvents'] = overflows.length;
});

// PA "Multilingual content and expected input languages": Japanese and Korean are not the demo model's.
await example('pa-multilingual', `${PA}, Multilingual content and expected input languages`, async ({ monitor, values }) => {
  const session = await LanguageModel.create({
    initialPrompts: [
      {
        role: 'system',
        content: `
      You are a foreign-language tutor for Japanese. The user is Korean. If necessary, either you or
      the user might "break character" and ask for or give clarification in Korean. But by default,
      prefer speaking in Japanese, and return to the Japanese conversation once any sidebars are
      concluded.
    `,
      },
    ],
    expectedInputs: [
      {
        type: 'text',
        languages: ['en' /* for the system prompt */, 'ja', 'ko'],
      },
    ],
    // See below section
    expectedOutputs: [
      {
        type: 'text',
        languages: ['ja', 'ko'],
      },
    ],
    monitor,
  });
  values['created'] = typeof session.prompt === 'function';
});

// PA "Testing available options before creation", and the same for English text.
await example('pa-availability', `${PA}, Testing available options before creation`, async ({ monitor, values }) => {
  const options = {
    expectedInputs: [
      { type: 'text' as const, languages: ['en', 'es'] },
      { type: 'audio' as const, languages: ['en', 'es'] },
    ],
  };

  const availability = await LanguageModel.availability(options);
  values['availability'] = availability;

  if (availability !== 'unavailable') {
    const session = await LanguageModel.create({ ...options, monitor });
    values['created'] = typeof session.prompt === 'function';
  } else {
    // Either the API overall, or the expected languages and temperature setting, is not available.
    values['log'] = 'No language model for us :(';
  }
  values['english'] = await LanguageModel.availability({ expectedInputs: [{ type: 'text', languages: ['en'] }] });
});

// PA "Download progress".
await example('pa-download-progress', `${PA}, Download progress`, async ({ monitor, values }) => {
  const session = await LanguageModel.create({
    monitor(m) {
      monitor(m);
      m.addEventListener('downloadprogress', (e) => {
        values['lastLog'] = `Downloaded ${(e as ProgressEvent).loaded * 100}%`;
      });
    },
  });
  values['created'] = typeof session.prompt === 'function';
});

// ---- Proofreader API (PR) -------------------------------------------------------------------------

// PR "Basic usage", and "Proofreading correction output" (rendering the corrections).
await example('pr-basic', `${PR}, Basic usage; Proofreading correction output`, async ({ monitor, values }) => {
  const proofreader = await Proofreader.create({
    includeCorrectionTypes: true,
    includeCorrectionExplanations: true,
    monitor,
  });

  const input = 'I seen him yesterday at the store, and he bought two loafs of bread.';
  const { correctedInput, corrections } = await proofreader.proofread(input);
  values['correctedInputType'] = typeof correctedInput;
  values['corrections'] = corrections.map((c) => ({
    startIndex: c.startIndex,
    endIndex: c.endIndex,
    correctionType: typeof c.correction,
    types: c.types,
    hasExplanation: typeof c.explanation === 'string',
  }));

  let inputRenderIndex = 0;

  for (const correction of corrections) {
    // Render part of input that has no error.
    if (correction.startIndex > inputRenderIndex) {
      const unchangedInput = document.createElement('span');
      unchangedInput.textContent = input.substring(inputRenderIndex, correction.startIndex);
      editBox.append(unchangedInput);
    }
    // Render part of input that has an error and highlight as such.
    const errorInput = document.createElement('span');
    errorInput.textContent = input.substring(correction.startIndex, correction.endIndex);
    errorInput.classList.add('error');
    editBox.append(errorInput);
    inputRenderIndex = correction.endIndex;
  }

  // Render the rest of the input that has no error.
  if (inputRenderIndex !== input.length) {
    const unchangedInput = document.createElement('span');
    unchangedInput.textContent = input.substring(inputRenderIndex, input.length);
    editBox.append(unchangedInput);
  }
  values['renderedIsInput'] = editBox.textContent === input;

  // proofreadStreaming(), from the README's Web IDL.
  const stream = proofreader.proofreadStreaming(input);
  const chunks: unknown[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  values['streaming'] = streamShape(stream, chunks);
});

// PR "Repeated usage".
await example('pr-repeated', `${PR}, Repeated usage`, async ({ monitor, values }) => {
  const proofreader = await Proofreader.create({ monitor });

  const results = await Promise.all(['Their going to the park.', 'She dont like apples.'].map((value) => proofreader.proofread(value)));
  values['results'] = results.map((r) => typeof r.correctedInput);
});

// PR "Expected input languages", "Expected explanation language" (its `expectedInputLanguagues`
// typo kept: an unknown member is ignored), and "Multilingual content" (Japanese is not the demo model's).
await example('pr-languages', `${PR}, Expected input languages; Expected explanation language; Multilingual content`, async ({ monitor, values }) => {
  const english = await Proofreader.create({
    includeCorrectionTypes: true,
    expectedInputLanguages: ['en'],
    monitor,
  });
  values['expectedInputLanguages'] = english.expectedInputLanguages;

  const explained = await Proofreader.create({
    includeCorrectionExplanations: true,
    expectedInputLanguagues: ['en'],
    correctionExplanationLanguage: 'en',
    monitor,
  } as Parameters<typeof Proofreader.create>[0]);
  values['correctionExplanationLanguage'] = explained.correctionExplanationLanguage;

  values['multilingual'] = await Proofreader.create({
    includeCorrectionTypes: true,
    expectedInputLanguages: ['en', 'ja'],
    monitor,
  }).then(
    () => 'created',
    (e: unknown) => errorRecord(e),
  );
});

// PR "Testing available options before creation".
await example('pr-availability', `${PR}, Testing available options before creation`, async ({ monitor, values }) => {
  const options = { includeCorrectionTypes: true, expectedInputLanguages: ['en'] };

  const supportsOurUseCase = await Proofreader.availability(options);
  values['availability'] = supportsOurUseCase;

  if (supportsOurUseCase !== 'unavailable') {
    const proofreader = await Proofreader.create({ ...options, monitor });
    values['resultType'] = typeof (await proofreader.proofread(textbox.value)).correctedInput;
  } else {
    values['branch'] = 'alternatives';
  }
});

// PR "Download progress".
await example('pr-download-progress', `${PR}, Download progress`, async ({ monitor, values }) => {
  const proofreader = await Proofreader.create({
    monitor(m) {
      monitor(m);
      m.addEventListener('downloadprogress', (e) => {
        values['lastLog'] = `Downloaded ${(e as ProgressEvent).loaded * 100}%`;
      });
    },
  });
  values['created'] = typeof proofreader.proofread === 'function';
});

// PR "Destruction and aborting".
await example('pr-abort', `${PR}, Destruction and aborting`, async ({ monitor, values }) => {
  const controller = new AbortController();
  stopButton.onclick = () => controller.abort();

  const proofreader = await Proofreader.create({ signal: controller.signal, monitor });
  const proofreading = proofreader.proofread(document.body.textContent ?? '', { signal: controller.signal });
  stopButton.click();
  values['signalled'] = await proofreading.then(
    () => 'resolved',
    (e: unknown) => errorRecord(e),
  );

  const other = await Proofreader.create({ monitor });
  const pending = other.proofread('I seen him.');
  other.destroy();
  values['destroyed'] = await pending.then(
    () => 'resolved',
    (e: unknown) => errorRecord(e),
  );
  values['later'] = await other.proofread('Later.').then(
    () => 'resolved',
    (e: unknown) => errorRecord(e),
  );
});

window.draftResults = { done: true, browsersOwn, installed: [...installed], routes, examples, ms: Math.round(performance.now() - started) };
document.querySelector('#log')!.textContent =
  `done: ${Object.values(examples).filter((e) => e.ok).length} of ${Object.keys(examples).length} examples ran to their end; ${W3C_API_NAMES.join(', ')}`;
