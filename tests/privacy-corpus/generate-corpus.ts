// Generates tests/privacy-corpus/corpus.json, the labelled corpus for evaluating a PII redactor.
//
//   npx tsx tests/privacy-corpus/generate-corpus.ts          # rewrite corpus.json
//   npx tsx tests/privacy-corpus/generate-corpus.ts --check  # regenerate in memory, fail if it differs
//
// Deterministic: a fixed seed drives every random choice. See README.md for sources and labelling rules.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENTITY_TYPES, Deck, assemble, chance, problems, reseed, type Item, type Lang, type Part } from './lib.ts';
import { DE } from './templates-de.ts';
import { EN } from './templates-en.ts';
import { FR } from './templates-fr.ts';

export const SEED = 20240611;
export const ITEMS_PER_LANGUAGE = 112;

/** Per-message context: collects the `terms` the app would pass in with this message. */
export class Ctx {
  readonly terms: string[] = [];
  readonly lang: Lang;
  constructor(lang: Lang) {
    this.lang = lang;
  }
  term<T extends string>(v: T): T {
    if (!this.terms.includes(v)) this.terms.push(v);
    return v;
  }
  chance(p: number): boolean {
    return chance(p);
  }
}

export function generate(): Item[] {
  reseed(SEED);
  const decks: Record<Lang, Deck<(c: Ctx) => Part[]>> = { en: new Deck(EN), fr: new Deck(FR), de: new Deck(DE) };
  const items: Item[] = [];
  const langs: Lang[] = ['en', 'fr', 'de'];
  for (let i = 0; i < ITEMS_PER_LANGUAGE * langs.length; i++) {
    const lang = langs[i % 3]!;
    const c = new Ctx(lang);
    const parts = decks[lang].next()(c);
    const body = assemble(parts, c.terms);
    const item: Item = { id: `${lang}-${String(Math.floor(i / 3) + 1).padStart(3, '0')}`, lang, ...body };
    const p = problems(item);
    if (p.length) throw new Error(`${item.id}:\n  ${p.join('\n  ')}\n---\n${item.text}`);
    items.push(item);
  }
  return items;
}

export function stats(items: Item[]): string {
  const lines: string[] = [];
  const count = <K extends string>(keys: K[]): Map<K, number> => {
    const mm = new Map<K, number>();
    for (const k of keys) mm.set(k, (mm.get(k) ?? 0) + 1);
    return mm;
  };
  const ents = items.flatMap((i) => i.entities);
  lines.push(`items: ${items.length} (${[...count(items.map((i) => i.lang))].map(([k, v]) => `${k} ${v}`).join(', ')}), without entities: ${items.filter((i) => i.entities.length === 0).length}`);
  for (const t of ENTITY_TYPES) {
    const of = ents.filter((e) => e.type === t);
    const formats = count(of.map((e) => (e.format ?? '').split(':').filter((x) => !['published', 'generated'].includes(x)).slice(t === 'phone' ? 1 : t === 'card' ? 1 : 0).join(':')));
    lines.push(`${t}: ${of.length}  [${[...formats].map(([k, v]) => `${k} ${v}`).join(', ')}]`);
  }
  const phones = ents.filter((e) => e.type === 'phone');
  lines.push(`phone countries: ${[...count(phones.map((e) => e.country ?? '?'))].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const misses = items.flatMap((i) => i.nearMisses);
  lines.push(`near misses: ${misses.length}  [${[...count(misses.map((n) => n.kind))].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}]`);
  return lines.join('\n');
}

const here = dirname(fileURLToPath(import.meta.url));
export const CORPUS_PATH = join(here, 'corpus.json');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const items = generate();
  const json = `${JSON.stringify(items, null, 1)}\n`;
  if (process.argv.includes('--check')) {
    if (readFileSync(CORPUS_PATH, 'utf8') !== json) {
      console.error('corpus.json is out of date: run npx tsx tests/privacy-corpus/generate-corpus.ts');
      process.exit(1);
    }
    console.log('corpus.json is up to date');
  } else {
    writeFileSync(CORPUS_PATH, json);
    console.log(`wrote ${CORPUS_PATH}`);
  }
  console.log(stats(items));
}
