import { createHearth, type Hearth } from '../hearth/create-hearth.ts';
import type { HearthOptions } from '../hearth/hearth-options.ts';
import { languageModelClass, type LanguageModelClass } from './language-model.ts';
import { proofreaderClass, type ProofreaderClass } from './proofreader.ts';
import { rewriterClass, type RewriterClass } from './rewriter.ts';
import { summarizerClass, type SummarizerClass } from './summarizer.ts';
import { createW3cHost } from './w3c-host.ts';
import { writerClass, type WriterClass } from './writer.ts';

// The W3C built-in AI APIs, on Hearth, in every browser. The drafts followed (read at these commits):
// - webmachinelearning/writing-assistance-apis @ e411ad76 (2026-08-03; README and index.bs last
//   changed ca321123, 2026-04-17): Summarizer, Writer, Rewriter, and the shared create/monitor/
//   destroy/usage algorithms;
// - webmachinelearning/prompt-api @ 2e27365e (2026-06-22; last changed f9c293b4, 2026-06-16): LanguageModel;
// - webmachinelearning/proofreader-api @ 4bcc10ee (2026-08-10; last changed 35c74966, 2026-07-29): Proofreader.

export type { DownloadProgressEvent } from './create-monitor.ts';
export type { ModelTextStream } from './model-stream.ts';

/** The globals `installHearth()` can define. */
export type W3cApiName = 'LanguageModel' | 'Summarizer' | 'Writer' | 'Rewriter' | 'Proofreader';

export const W3C_API_NAMES = ['LanguageModel', 'Summarizer', 'Writer', 'Rewriter', 'Proofreader'] as const satisfies readonly W3cApiName[];

/**
 * A property on Hearth's `LanguageModel` class holding the browser's own `LanguageModel` it
 * replaced, if any. Hearth's planner offers the browser's model as a route (BuiltinEngine): it
 * must find the browser's, never this class, or a prompt would call itself.
 */
export const HEARTH_W3C_REPLACED = Symbol.for('hearth.w3c.replaced');

export interface InstallHearthOptions extends HearthOptions {
  /** Define every global, even where the browser has its own (default false: the browser's stay, and Hearth fills only the gaps). */
  replace?: boolean;
  /** Where to define them; default `globalThis`. */
  global?: object;
}

export interface InstalledHearth {
  /** The one Hearth every class below runs on (its events, consent, `destroy()`). */
  readonly hearth: Hearth;
  readonly LanguageModel: LanguageModelClass;
  readonly Summarizer: SummarizerClass;
  readonly Writer: WriterClass;
  readonly Rewriter: RewriterClass;
  readonly Proofreader: ProofreaderClass;
  /** The globals this call defined: those the browser lacked, or all five with `replace`. */
  readonly installed: readonly W3cApiName[];
  /** Puts back what each global was before, and destroys the Hearth. */
  uninstall(): Promise<void>;
}

/**
 * The W3C drafts' `LanguageModel`, `Summarizer`, `Writer`, `Rewriter` and `Proofreader` on any
 * browser, run by one Hearth made from `options` (the options `createHearth` takes): planned on
 * this device or the app's gateway, downloaded with the user's consent and `downloadprogress`
 * events, answered where the policy allows. A browser's own implementation stays in place
 * unless `replace` is set. The classes are also on the result, whichever became globals.
 *
 * @example
 * installHearth({ gateway: location.origin, models: ['qwen2.5-0.5b-instruct'] });
 * const summarizer = await Summarizer.create({ type: 'tldr', monitor: (m) => m.addEventListener('downloadprogress', (e) => bar.value = e.loaded) });
 * output.textContent = await summarizer.summarize(article.textContent);
 */
export function installHearth(options: InstallHearthOptions = {}): InstalledHearth {
  const { replace = false, global = globalThis, ...hearthOptions } = options;
  const target = global as Record<string, unknown>;
  const hearth = createHearth(hearthOptions);
  const host = createW3cHost(hearth, hearthOptions.catalog);
  const classes = {
    LanguageModel: languageModelClass(host),
    Summarizer: summarizerClass(host),
    Writer: writerClass(host),
    Rewriter: rewriterClass(host),
    Proofreader: proofreaderClass(host),
  } satisfies Record<W3cApiName, unknown>;
  const before = new Map<W3cApiName, PropertyDescriptor | undefined>();
  const installed: W3cApiName[] = [];
  for (const name of W3C_API_NAMES) {
    const existing = target[name];
    if (existing !== undefined && !replace) continue;
    if (name === 'LanguageModel') Object.defineProperty(classes.LanguageModel, HEARTH_W3C_REPLACED, { value: replacedBrowserModel(existing) });
    before.set(name, Object.getOwnPropertyDescriptor(target, name));
    // As WebIDL defines interface objects: writable, configurable, not enumerable.
    Object.defineProperty(target, name, { value: classes[name], writable: true, configurable: true, enumerable: false });
    installed.push(name);
  }
  return {
    hearth,
    ...classes,
    installed,
    async uninstall() {
      for (const [name, descriptor] of before) {
        if (target[name] !== classes[name]) continue;
        if (descriptor) Object.defineProperty(target, name, descriptor);
        else delete target[name];
      }
      await hearth.destroy();
    },
  };
}

/** The browser's own LanguageModel behind `existing`: itself, or what an earlier install of Hearth replaced. */
function replacedBrowserModel(existing: unknown): unknown {
  if (existing === undefined || existing === null) return undefined;
  return (typeof existing === 'object' || typeof existing === 'function') && HEARTH_W3C_REPLACED in existing
    ? Reflect.get(existing, HEARTH_W3C_REPLACED)
    : existing;
}
