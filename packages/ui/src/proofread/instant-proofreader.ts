import { HearthError } from '@hearth/sdk';
import type { FromHarperWorker, HunspellDictionary, ToHarperWorker } from './harper-protocol.ts';
import type { ProofSuggestion } from './proof-suggestion.ts';

export interface InstantProofreaderOptions {
  /**
   * Hunspell dictionaries by language (`fr`), for text harper (English only) cannot check; each
   * loaded on first use, e.g. `() => import('./french.ts')` bundling the files as text.
   */
  dictionaries?: Record<string, () => Promise<HunspellDictionary>>;
  /** Starts the checker's Worker; default Hearth's own harper Worker file. */
  worker?: () => Worker;
}

/**
 * Spelling and grammar in milliseconds with no model: harper (WebAssembly) in a Worker for
 * English, a Hunspell dictionary for the languages given. Works offline once its files are cached.
 *
 * @example
 * const checker = new InstantProofreader({ dictionaries: { fr: { aff, dic } } });
 * const suggestions = await checker.check(draft, 'en');
 */
export class InstantProofreader {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly loaded = new Map<string, Promise<unknown>>();
  private readonly waiting = new Map<number, { resolve: (s: ProofSuggestion[]) => void; reject: (e: HearthError) => void }>();
  /** How long the last check took inside the Worker, in ms. */
  lastCheckMs = 0;

  constructor(private readonly options: InstantProofreaderOptions = {}) {}

  /** Whether text in `lang` gets instant suggestions (English, or a language with a dictionary). */
  supports(lang: string): boolean {
    const base = baseLanguage(lang);
    return base === 'en' || this.options.dictionaries?.[base] !== undefined;
  }

  /** Loads harper now, so the first check is instant. */
  async warm(): Promise<void> {
    await this.send({ id: 0, type: 'warm' });
  }

  async check(text: string, lang = 'en'): Promise<ProofSuggestion[]> {
    const base = baseLanguage(lang);
    const load = this.options.dictionaries?.[base];
    if (base !== 'en' && load) {
      let loaded = this.loaded.get(base);
      if (!loaded) {
        loaded = load().then((dictionary) => this.send({ id: 0, type: 'dictionary', lang: base, dictionary }));
        this.loaded.set(base, loaded);
        loaded.catch(() => this.loaded.delete(base));
      }
      await loaded;
    }
    return this.send({ id: 0, type: 'check', text, lang });
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.loaded.clear();
    for (const w of this.waiting.values()) w.reject(new HearthError({ code: 'aborted', message: 'The proofreader was stopped.' }));
    this.waiting.clear();
  }

  private send(message: ToHarperWorker): Promise<ProofSuggestion[]> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = this.options.worker?.() ?? new Worker(new URL('./harper-worker.ts', import.meta.url), { type: 'module', name: 'hearth-harper' });
    worker.addEventListener('message', (event: MessageEvent<FromHarperWorker>) => {
      const reply = event.data;
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      if (reply.ok) {
        this.lastCheckMs = reply.ms;
        waiting.resolve(reply.suggestions);
      } else
        waiting.reject(
          new HearthError({
            code: 'engine_crashed',
            message: `The spelling and grammar checker failed: ${reply.error.message}`,
            hint: 'Reload the page; if it goes on, the checker cannot run in this browser.',
          }),
        );
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      const error = new HearthError({
        code: 'engine_crashed',
        message: `The spelling and grammar checker could not start${event.message ? `: ${event.message}` : ''}.`,
        hint: 'Reload the page; its files may not have finished downloading.',
      });
      for (const w of this.waiting.values()) w.reject(error);
      this.waiting.clear();
      this.loaded.clear();
      this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }
}

function baseLanguage(lang: string): string {
  return lang.toLowerCase().split('-')[0] ?? '';
}
