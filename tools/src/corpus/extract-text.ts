/** A WordNet synset's gloss: its definition and the example sentences it quotes. */
export interface WordnetGloss {
  /** The synset offset and part of speech, e.g. "00001740n": a stable id for splitting. */
  id: string;
  definition: string;
  examples: string[];
}

/**
 * Glosses from a WordNet `data.*` file. Each line after the license header is one synset; the
 * gloss follows " | ": a definition, then examples in double quotes, separated by semicolons.
 */
export function wordnetGlosses(data: string): WordnetGloss[] {
  const out: WordnetGloss[] = [];
  for (const line of data.split('\n')) {
    if (!/^\d{8} /.test(line)) continue;
    const bar = line.indexOf(' | ');
    if (bar < 0) continue;
    const [offset, , pos] = line.split(' ', 3);
    const gloss = line.slice(bar + 3).trim();
    const examples = [...gloss.matchAll(/"([^"]+)"/g)].map((m) => m[1]!.trim());
    const definition = gloss
      .split(/;\s*"/)[0]!
      .replace(/"[^"]*"/g, '')
      .replace(/[;\s]+$/, '')
      .trim();
    out.push({ id: `${offset}${pos}`, definition, examples });
  }
  return out;
}

/**
 * The prose paragraphs of a reStructuredText file (Python's documentation sources): no code
 * blocks, directives, tables or headings; inline markup reduced to its text.
 */
export function restructuredProse(source: string): string[] {
  const paragraphs: string[] = [];
  for (const block of source.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const lines = block.split('\n');
    const first = lines[0] ?? '';
    // Indented blocks are code or directive bodies; ".." starts a directive or a comment.
    if (/^\s/.test(first) || first.startsWith('..') || first.startsWith('>>>')) continue;
    if (lines.some((l) => /^[=\-~^"'`#*+]{3,}\s*$/.test(l) || /^\s*[+|]/.test(l) || /::\s*$/.test(l))) continue;
    if (/^(?:[*\-+]|\d+\.|#\.)\s/.test(first)) continue;
    const text = lines
      .join(' ')
      .replace(/:[a-z:]+:`~?!?([^`<]*?)(?:\s*<[^>]*>)?`/g, '$1')
      .replace(/``([^`]*)``/g, '$1')
      .replace(/`([^`<]*?)(?:\s*<[^>]*>)?`_{0,2}/g, '$1')
      .replace(/\*\*([^*]+)\*\*/g, '$1')
      .replace(/\*([^*]+)\*/g, '$1')
      .replace(/\|[^|\s]+\|/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (text.length < 60 || /[^\x20-\x7e]/.test(text) || /\\|\[\d+\]_|__\w/.test(text)) continue;
    paragraphs.push(text);
  }
  return paragraphs;
}

/** Splits prose into sentences at ., ! or ? followed by a space and a capital letter or a quote. */
export function sentencesOf(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=(?<!\b(?:e\.g|i\.e|etc|vs|Mr|Mrs|Dr|St|No|cf))[.!?])\s+(?=["'A-Z])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Whether a sentence is a clean, ordinary English sentence to proofread: 4 to 32 words, plain
 * ASCII, a capital first letter and a final stop, no code, addresses or shouting, and (when a
 * spell checker is given) every word known to it.
 */
export function isCleanSentence(sentence: string, correct?: (word: string) => boolean): boolean {
  const words = sentence.split(' ');
  if (words.length < 4 || words.length > 32) return false;
  if (!/^[A-Z][a-z']*\b/.test(sentence) || !/[a-z0-9)'"][.!?]$/.test(sentence)) return false;
  if (/[^A-Za-z0-9 ,.;:'"?!()%$-]|https?|www\.|\.(?:com|org|net)\b|\b[A-Z]{5,}\b|\s[,.;:!?]|\.\.|--|\d{4,}/.test(sentence)) return false;
  if ((sentence.match(/\(/g) ?? []).length !== (sentence.match(/\)/g) ?? []).length) return false;
  if ((sentence.match(/"/g) ?? []).length % 2 !== 0) return false;
  if (correct) {
    for (const word of sentence.match(/[A-Za-z]+(?:'[a-z]+)?/g) ?? []) if (!correct(word)) return false;
  }
  return true;
}

/** "the dog barked all night" → "The dog barked all night.": a WordNet example made a sentence. */
export function asSentence(example: string): string {
  const s = example.trim().replace(/\s+/g, ' ');
  if (!s) return s;
  const capital = s[0]!.toUpperCase() + s.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
