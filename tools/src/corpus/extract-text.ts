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

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  rsquo: "'",
  lsquo: "'",
  rdquo: '"',
  ldquo: '"',
  hellip: '...',
  ndash: '-',
  mdash: '--',
};

/** Typographic quotes and spaces as ASCII; anything else outside ASCII stays (and a paragraph holding it is dropped). */
function plainAscii(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u00a0\u2009\u202f]/g, ' ')
    .replace(/\u2013/g, '-')
    .replace(/\u2014/g, '--')
    .replace(/\u2026/g, '...');
}

/** Paragraph text as prose: whitespace folded, and kept only if long enough and plain ASCII. */
function proseParagraph(text: string): string | undefined {
  const folded = plainAscii(text).replace(/\s+/g, ' ').trim();
  if (folded.length < 60 || /[^\x20-\x7e]/.test(folded)) return undefined;
  return folded;
}

/**
 * The prose paragraphs of an HTML page (documentation generated by DocBook, AsciiDoc, Texinfo or
 * Publican): the text of each `<p>` or `<div class="para">`, with inline markup reduced to its text and entities decoded. Code
 * blocks, tables of contents and navigation are not `<p>` text and never reach the output.
 */
export function htmlParagraphs(html: string): string[] {
  const body = html.replace(/<(script|style|pre|table)\b[\s\S]*?<\/\1>/gi, ' ');
  const out: string[] = [];
  // Publican (the Debian Administrator's Handbook) writes paragraphs as <div class="para">.
  for (const match of body.matchAll(/(?:<p\b[^>]*>|<div class="para"[^>]*>)([\s\S]*?)(?=<\/p>|<p\b|<\/?div\b|<\/li>|<\/td>|<\/dd>)/gi)) {
    const text = match[1]!.replace(/<[^>]+>/g, '').replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code <= 0x10ffff ? String.fromCodePoint(code) : whole; // beyond Unicode: kept as written
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
    const paragraph = proseParagraph(text);
    if (paragraph) out.push(paragraph);
  }
  return out;
}

/**
 * The prose paragraphs of a Perl POD file (perl-doc's manuals): ordinary paragraphs only, never
 * verbatim (indented) code or commands, with formatting codes (C<>, B<>, L<>, E<>...) reduced to
 * their text and index entries (X<>) dropped.
 */
export function podParagraphs(pod: string): string[] {
  const out: string[] = [];
  let skipping = false;
  for (const block of pod.replace(/\r\n/g, '\n').split(/\n[ \t]*\n/)) {
    const first = block.split('\n')[0] ?? '';
    if (/^=begin\b/.test(first)) skipping = true;
    if (/^=end\b/.test(first)) {
      skipping = false;
      continue;
    }
    if (skipping || first.startsWith('=') || /^\s/.test(first)) continue;
    let text = block.replace(/X<+[^>]*>+/g, '');
    // Innermost codes first, until none is left: "C<< $a->b >>" and "L<text|target>" alike.
    for (let pass = 0; pass < 6; pass++) {
      const before = text;
      text = text
        .replace(/([A-Z])<{2,}\s+([\s\S]*?)\s+>{2,}/g, (_, code: string, inner: string) => podCode(code, inner))
        .replace(/([A-Z])<([^<>]*)>/g, (_, code: string, inner: string) => podCode(code, inner));
      if (text === before) break;
    }
    const paragraph = proseParagraph(text);
    if (paragraph) out.push(paragraph);
  }
  return out;
}

function podCode(code: string, inner: string): string {
  if (code === 'E') return ({ lt: '<', gt: '>', verbar: '|', sol: '/', quot: '"' } as Record<string, string>)[inner] ?? '';
  if (code === 'Z' || code === 'X') return '';
  if (code === 'L' && /^[a-z]+:\/\//.test(inner)) return inner;
  if (code === 'L')
    return inner.includes('|')
      ? inner.slice(0, inner.indexOf('|'))
      : inner
          .replace(/^"|"$/g, '')
          .replace(/\/"?([^"]*)"?$/, ' $1')
          .trim();
  return inner;
}
