// The instant proofreader's Worker, a file of Hearth's own (never a blob: URL), so a CSP with
// `worker-src 'self'` and `script-src 'self' 'wasm-unsafe-eval'` holds. harper (Rust compiled to
// WebAssembly) checks English; a Hunspell dictionary (nspell) checks the languages harper lacks.
import { LocalLinter, SuggestionKind, type BinaryModule, type Lint } from 'harper.js';
import nspell from 'nspell';
import type { FromHarperWorker, ToHarperWorker } from './harper-protocol.ts';
import type { ProofSuggestion } from './proof-suggestion.ts';

interface WorkerScope {
  postMessage(message: FromHarperWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToHarperWorker>) => void): void;
}
const scope = self as unknown as WorkerScope;

/**
 * harper's binary without a fetch: Hearth's CSP scopes `connect-src` to the gateway's /models/
 * and /sdk/, so the wasm comes inside a module script (harper's own inlined build, allowed by
 * `script-src 'self'`) and is compiled here ('wasm-unsafe-eval'). harper's loader takes only a
 * URL; it is handed an object whose `href` is a Response of those bytes, which wasm-bindgen's
 * init accepts as it accepts a fetched one.
 */
async function harperBinary(): Promise<BinaryModule> {
  const { binaryInlined } = await import('harper.js/binaryInlined');
  const dataUrl = typeof binaryInlined.url === 'string' ? binaryInlined.url : binaryInlined.url.href;
  const bytes = base64Bytes(dataUrl.slice(dataUrl.indexOf(',') + 1));
  const response = Object.assign(new Response(bytes, { headers: { 'Content-Type': 'application/wasm' } }), { includes: () => false, startsWith: () => false });
  binaryInlined.url = { href: response } as unknown as URL;
  return binaryInlined;
}

function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let linter: Promise<LocalLinter> | undefined;
const getLinter = (): Promise<LocalLinter> =>
  (linter ??= (async () => {
    const l = new LocalLinter({ binary: await harperBinary() });
    await l.setup();
    return l;
  })());

const spellers = new Map<string, ReturnType<typeof nspell>>();

/** harper counts in Unicode scalar values; the page counts UTF-16 units. */
function utf16Index(text: string): (charIndex: number) => number {
  if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
  const map: number[] = [];
  let unit = 0;
  for (const ch of text) {
    map.push(unit);
    unit += ch.length;
  }
  map.push(unit);
  return (i) => map[i] ?? unit;
}

async function harperCheck(text: string): Promise<ProofSuggestion[]> {
  const lints: Lint[] = await (await getLinter()).lint(text, { language: 'plaintext' });
  const at = utf16Index(text);
  const out: ProofSuggestion[] = [];
  for (const lint of lints) {
    const span = lint.span();
    const start = at(span.start);
    const end = at(span.end);
    const original = text.slice(start, end);
    const first = lint.suggestions()[0];
    if (first) {
      const kind = first.kind();
      const replacement =
        kind === SuggestionKind.Remove ? '' : kind === SuggestionKind.InsertAfter ? original + first.get_replacement_text() : first.get_replacement_text();
      if (replacement !== original) out.push({ start, end, original, replacement, message: lint.message(), kind: lint.lint_kind(), source: 'harper' });
      first.free();
    }
    span.free();
    lint.free();
  }
  return out;
}

/** nspell's suggest() is slow on large dictionaries (French): only the first misspellings get one. */
const HUNSPELL_MAX_SUGGESTED = 25;

function hunspellCheck(text: string, speller: ReturnType<typeof nspell>): ProofSuggestion[] {
  const out: ProofSuggestion[] = [];
  for (const match of text.matchAll(/[\p{L}][\p{L}\p{M}'’-]*/gu)) {
    const word = match[0].replace(/['’-]+$/u, '');
    if (speller.correct(word) || speller.correct(word.replace(/’/g, "'"))) continue;
    // Elisions (l’école, qu'il) are two words to Hunspell.
    const elided = /^([\p{L}]{1,3}['’])(.+)$/u.exec(word);
    if (elided?.[2] && speller.correct(elided[2])) continue;
    if (out.length >= HUNSPELL_MAX_SUGGESTED) break;
    const replacement = speller.suggest(word)[0];
    if (replacement === undefined) continue;
    out.push({ start: match.index, end: match.index + word.length, original: word, replacement, kind: 'Spelling', source: 'hunspell' });
  }
  return out;
}

scope.addEventListener('message', (event) => {
  const message = event.data;
  void (async () => {
    const started = performance.now();
    try {
      if (message.type === 'warm') {
        await getLinter();
        scope.postMessage({ id: message.id, ok: true, suggestions: [], ms: performance.now() - started });
        return;
      }
      if (message.type === 'dictionary') {
        spellers.set(baseLanguage(message.lang), nspell(message.dictionary.aff, message.dictionary.dic));
        scope.postMessage({ id: message.id, ok: true, suggestions: [], ms: performance.now() - started });
        return;
      }
      const lang = baseLanguage(message.lang);
      const speller = spellers.get(lang);
      const suggestions = lang === 'en' ? await harperCheck(message.text) : speller ? hunspellCheck(message.text, speller) : [];
      scope.postMessage({ id: message.id, ok: true, suggestions, ms: performance.now() - started });
    } catch (error) {
      scope.postMessage({ id: message.id, ok: false, error: { code: 'engine_crashed', message: error instanceof Error ? error.message : String(error) } });
    }
  })();
});

function baseLanguage(lang: string): string {
  return lang.toLowerCase().split('-')[0] ?? '';
}
