import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { redact, type PiiType } from '@hearth/sdk/privacy';
import dictionary from 'dictionary-en';
import nspell from 'nspell';
import { findSources, SOURCE_IDS, type CorpusSource } from './corpus-sources.ts';
import { asSentence, htmlParagraphs, isCleanSentence, podParagraphs, restructuredProse, sentencesOf, wordnetGlosses } from './extract-text.ts';
import { parseEmail } from './parse-email.ts';

/**
 * The own-model data pipeline's first step (#25): reads the allowed sources, keeps ham emails
 * only (Subject and the author's words, PII-heavy bodies dropped by Hearth's redactor), WordNet's
 * example sentences and definitions, and the prose of Python's and other Debian-packaged
 * documentation, and splits every document into train or test by a hash of its id, so the test
 * split never reaches training.
 *
 *   npx tsx tools/src/corpus/gather-corpus.ts [--out .train/corpus] [--sources spam-assassin-ham,wordnet,python-docs]
 *
 * Writes emails.jsonl, sentences.jsonl, prose.jsonl and record.json (the sources with their
 * licenses and SHA-256, the counts, and the SHA-256 of each output) into the out folder.
 */

export type Split = 'train' | 'test';

/** 5% of documents, chosen by the hash of "source:id": stable across runs and machines. */
export function splitOf(source: string, id: string): Split {
  const h = createHash('sha256').update(`${source}:${id}`).digest();
  return h.readUInt16BE(0) % 100 < 5 ? 'test' : 'train';
}

/** Kinds whose presence makes a body personal (URLs are public links, not PII here). */
const PERSONAL = new Set<PiiType>(['email', 'phone', 'card', 'iban', 'ip', 'id', 'secret']);

/**
 * A body is PII-heavy when it holds 2 or more personal findings, or any in under 60 words; the
 * rest keep their text with any single finding replaced by its placeholder (e.g. `[EMAIL_1]`).
 */
export function screenBody(body: string): { body: string } | { dropped: string } {
  const result = redact(body, { types: [...PERSONAL] });
  const personal = result.entities.filter((e) => PERSONAL.has(e.type));
  const words = body.split(/\s+/).length;
  if (personal.length >= 2 || (personal.length === 1 && words < 60)) return { dropped: `${personal.length} personal finding(s) in ${words} words` };
  return { body: result.text };
}

const WORDNET_DEFINITIONS = 'wordnet-definitions';

export interface GatherResult {
  sources: CorpusSource[];
  /** What was read, as `--sources` names it: a rebuild passes this list back. */
  read: string[];
  counts: Record<string, number>;
  outputs: Record<string, string>;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * `only`: the source ids to read (default: every allowed source). A rebuild passes the ones its
 * training record names, so a model trained before a source was added is rebuilt from its own data.
 */
export async function gatherCorpus(outDir: string, only?: ReadonlySet<string>): Promise<GatherResult> {
  mkdirSync(outDir, { recursive: true });
  const found = findSources(only);
  // WordNet's definitions came after its examples: a part of the same package, read when named.
  const known = [...SOURCE_IDS, WORDNET_DEFINITIONS];
  const unknown = [...(only ?? [])].filter((id) => !known.includes(id));
  if (unknown.length) throw new Error(`unknown source(s) ${unknown.join(', ')}: --sources takes ${known.join(', ')}`);
  const sources = only ? found.filter((s) => only.has(s.source.id)) : found;
  const definitions = !only || only.has(WORDNET_DEFINITIONS);
  const read = known.filter((id) => !only || only.has(id));
  const bySource = new Map(sources.map((s) => [s.source.id, s] as const));
  const spell = nspell(Buffer.from(dictionary.aff), Buffer.from(dictionary.dic));
  const correct = (w: string): boolean => spell.correct(w);
  const counts: Record<string, number> = {};
  const count = (key: string): void => void (counts[key] = (counts[key] ?? 0) + 1);

  const emails: string[] = [];
  const sentences = new Map<string, { id: string; split: Split; source: string; text: string }>();
  const prose: string[] = [];
  const addSentence = (source: string, id: string, split: Split, text: string): void => {
    // A sentence seen in both splits stays in test only, so nothing the test asks was trained on.
    const prior = sentences.get(text);
    if (prior && !(split === 'test' && prior.split === 'train')) return;
    sentences.set(text, { id, split, source, text });
  };

  const ham = bySource.get('spam-assassin-ham');
  if (!ham) throw new Error('--sources must include spam-assassin-ham: the emails are the subject task and the held-out subjects');
  const seenBodies = new Set<string>();
  for (const path of ham.paths) {
    const parsed = parseEmail(readFileSync(join(ham.root, path), 'latin1'));
    if (!parsed) {
      count('emails.unparsed');
      continue;
    }
    const screened = screenBody(parsed.body);
    if ('dropped' in screened) {
      count('emails.dropped_pii');
      continue;
    }
    const key = sha256(screened.body);
    if (seenBodies.has(key)) {
      count('emails.duplicate');
      continue;
    }
    seenBodies.add(key);
    const split = splitOf('email', path);
    count(`emails.${split}`);
    emails.push(JSON.stringify({ id: path, split, subject: parsed.subject, body: screened.body }));
    for (const s of sentencesOf(screened.body.replace(/\n+/g, ' '))) if (isCleanSentence(s, correct) && !s.includes('[')) addSentence('email', path, split, s);
  }

  const wordnet = bySource.get('wordnet');
  for (const path of wordnet?.paths ?? []) {
    for (const gloss of wordnetGlosses(readFileSync(join(wordnet!.root, path), 'latin1'))) {
      const split = splitOf('wordnet', gloss.id);
      for (const example of gloss.examples) {
        const s = asSentence(example);
        if (isCleanSentence(s, correct)) addSentence('wordnet', gloss.id, split, s);
      }
      // Definitions as sentences ("A domesticated carnivorous mammal ..."): the glossary's words,
      // spelled right. Their own source name keeps the held-out evaluation's sampling unchanged.
      const definition = asSentence(gloss.definition);
      if (definitions && isCleanSentence(definition, correct)) addSentence('wordnet-definition', gloss.id, split, definition);
    }
  }

  const python = bySource.get('python-docs');
  for (const path of python?.paths ?? []) {
    const split = splitOf('python-docs', path);
    for (const [i, paragraph] of restructuredProse(readFileSync(join(python!.root, path), 'utf8')).entries()) {
      prose.push(JSON.stringify({ id: `${path}#${i}`, split, source: 'python-docs', text: paragraph }));
      count(`prose.${split}`);
      for (const s of sentencesOf(paragraph)) if (isCleanSentence(s, correct)) addSentence('python-docs', path, split, s);
    }
  }
  for (const { source, root, paths, format } of sources) {
    if (format !== 'html' && format !== 'pod') continue;
    const read = format === 'html' ? htmlParagraphs : podParagraphs;
    for (const path of paths) {
      const split = splitOf(source.id, path);
      for (const [i, paragraph] of read(readFileSync(join(root, path), 'utf8')).entries()) {
        prose.push(JSON.stringify({ id: `${path}#${i}`, split, source: source.id, text: paragraph }));
        count(`prose.${split}`);
        for (const s of sentencesOf(paragraph)) if (isCleanSentence(s, correct)) addSentence(source.id, path, split, s);
      }
    }
  }
  for (const sentence of sentences.values()) count(`sentences.${sentence.split}`);
  for (const sentence of sentences.values()) count(`sentences.${sentence.source}`);

  const outputs: Record<string, string> = {};
  const write = (name: string, lines: Iterable<string>): void => {
    const text = `${[...lines].join('\n')}\n`;
    writeFileSync(join(outDir, name), text);
    outputs[name] = sha256(text);
  };
  write('emails.jsonl', emails);
  write(
    'sentences.jsonl',
    [...sentences.values()].map((sentence) => JSON.stringify(sentence)),
  );
  write('prose.jsonl', prose);
  const result: GatherResult = { sources: sources.map((s) => s.source), read, counts, outputs };
  writeFileSync(join(outDir, 'record.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--out');
  const out = resolve(at > 0 ? process.argv[at + 1]! : '.train/corpus');
  const sourcesAt = process.argv.indexOf('--sources');
  const only = sourcesAt > 0 ? new Set((process.argv[sourcesAt + 1] ?? '').split(',').filter(Boolean)) : undefined;
  gatherCorpus(out, only).then(
    (r) => process.stdout.write(`${JSON.stringify(r.counts)}\nwrote ${out}\n`),
    (error: unknown) => {
      process.stderr.write(`gather-corpus: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
