import { decodeEntities } from './decode-entities.ts';
import { safeLinkUrl } from './safe-link-url.ts';

/**
 * The Markdown subset model output is read as. There is no node for raw HTML and none for an
 * image: HTML in the input is text, an image becomes a link (nothing loads by itself), and a
 * link's `href` is already checked (`safeLinkUrl`), so a renderer of this tree cannot produce
 * script, an event handler or a remote load whatever the input.
 */
export type MarkdownInline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'emphasis'; children: MarkdownInline[] }
  | { type: 'strong'; children: MarkdownInline[] }
  | { type: 'delete'; children: MarkdownInline[] }
  | { type: 'link'; href: string; children: MarkdownInline[] }
  | { type: 'break' };

export type MarkdownBlock =
  | { type: 'paragraph'; children: MarkdownInline[] }
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: MarkdownInline[] }
  | { type: 'code'; language?: string; text: string }
  | { type: 'list'; ordered: boolean; start?: number; tight: boolean; items: MarkdownBlock[][] }
  | { type: 'blockquote'; children: MarkdownBlock[] }
  | { type: 'rule' }
  | { type: 'table'; header: MarkdownInline[][]; rows: MarkdownInline[][][] };

/** Nesting past this (lists in quotes in lists..., emphasis in links in ...) is kept as text: no input can exhaust the stack. */
const MAX_DEPTH = 12;
/** How far a link destination or an autolink is looked for: bounds the work on unclosed ones. */
const MAX_LINK_SCAN = 2048;

const FENCE = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])(?:([ \t]+)(.*)|$)/;
const TABLE_SEPARATOR = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const LANGUAGE = /^[A-Za-z0-9_+#.-]{1,32}$/;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * Parses Markdown into the safe tree: paragraphs, ATX headings, fenced code, bullet and ordered
 * lists (nested by indentation), block quotes, rules, GFM tables; emphasis, strong, `~~`
 * strikethrough, code spans, links, autolinks and bare http(s) URLs, hard breaks. Unclosed
 * constructs stay text, so a half-streamed answer parses too.
 *
 * @example parseMarkdown('**Hi** [there](https://example.com)')
 */
export function parseMarkdown(markdown: string): MarkdownBlock[] {
  // NUL is replaced as CommonMark does; CR LF and CR are line ends.
  const lines = markdown.replace(/\0/g, '\ufffd').replace(/\r\n?/g, '\n').split('\n');
  return parseBlocks(lines, 0);
}

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

function indentOf(line: string): number {
  let width = 0;
  for (const c of line) {
    if (c === ' ') width++;
    else if (c === '\t') width += 4 - (width % 4);
    else break;
  }
  return width;
}

/** `line` without its first `width` columns of indentation. */
function dedent(line: string, width: number): string {
  let column = 0;
  let i = 0;
  while (i < line.length && column < width) {
    const c = line[i];
    if (c === ' ') column++;
    else if (c === '\t') column += 4 - (column % 4);
    else break;
    i++;
  }
  return line.slice(i);
}

function startsBlock(line: string, next: string | undefined): boolean {
  if (FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line)) return true;
  const item = ITEM.exec(line);
  // As in CommonMark, only an ordered list starting at 1 (or a bullet) interrupts a paragraph.
  if (item && (item[4] ?? '').trim() !== '' && (/^[-*+]$/.test(item[2] ?? '') || /^1[.)]$/.test(item[2] ?? ''))) return true;
  return next !== undefined && line.includes('|') && TABLE_SEPARATOR.test(next) && next.includes('|');
}

function parseBlocks(lines: readonly string[], depth: number): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (isBlank(line)) {
      i++;
      continue;
    }
    if (depth >= MAX_DEPTH) {
      // Too deep to nest further: the rest is plain paragraphs.
      const text: string[] = [];
      while (i < lines.length && !isBlank(lines[i] ?? '')) text.push((lines[i++] ?? '').trim());
      blocks.push({ type: 'paragraph', children: [{ type: 'text', text: text.join('\n') }] });
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const indent = (fence[1] ?? '').length;
      const marker = fence[2] ?? '```';
      const closing = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
      const body: string[] = [];
      i++;
      while (i < lines.length && !closing.test(lines[i] ?? '')) body.push(dedent(lines[i++] ?? '', indent));
      i++; // the closing fence, or past the end when the answer is still streaming
      const language = fence[3] ?? '';
      blocks.push(LANGUAGE.test(language) ? { type: 'code', language, text: body.join('\n') } : { type: 'code', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(6, Math.max(1, (heading[1] ?? '#').length)) as 1 | 2 | 3 | 4 | 5 | 6;
      blocks.push({ type: 'heading', level, children: parseInline(heading[2] ?? '', depth) });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ type: 'rule' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i] ?? '')) inner.push((lines[i++] ?? '').replace(QUOTE, ''));
      blocks.push({ type: 'blockquote', children: parseBlocks(inner, depth + 1) });
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      i = parseList(lines, i, depth, blocks);
      continue;
    }
    if (line.includes('|') && TABLE_SEPARATOR.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('|')) {
      const header = splitRow(line).map((cell) => parseInline(cell, depth));
      const rows: MarkdownInline[][][] = [];
      i += 2;
      while (i < lines.length && !isBlank(lines[i] ?? '') && (lines[i] ?? '').includes('|')) {
        const cells = splitRow(lines[i++] ?? '');
        // GFM: a row has the header's number of cells, padded or cut.
        rows.push(header.map((_, c) => parseInline(cells[c] ?? '', depth)));
      }
      blocks.push({ type: 'table', header, rows });
      continue;
    }
    const text: string[] = [line.replace(/^[ \t]+/, '')];
    i++;
    while (i < lines.length && !isBlank(lines[i] ?? '') && !startsBlock(lines[i] ?? '', lines[i + 1])) text.push((lines[i++] ?? '').replace(/^[ \t]+/, ''));
    blocks.push({ type: 'paragraph', children: parseInline(text.join('\n').replace(/[ \t]+$/, ''), depth) });
  }
  return blocks;
}

/** Parses the list starting at `start` into `blocks`; returns the index of the line after it. */
function parseList(lines: readonly string[], start: number, depth: number, blocks: MarkdownBlock[]): number {
  const first = ITEM.exec(lines[start] ?? '');
  const firstMarker = first?.[2] ?? '-';
  const ordered = /\d/.test(firstMarker);
  const kind = ordered ? firstMarker.slice(-1) : firstMarker;
  const items: string[][] = [];
  let tight = true;
  let i = start;
  let pendingBlank = false;
  let contentIndent = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const item = ITEM.exec(line);
    const sameKind = item !== null && (ordered ? /\d/.test(item[2] ?? '') && (item[2] ?? '').endsWith(kind) : item[2] === kind);
    // A marker indented as far as the item's content starts a nested list inside it instead.
    if (item && sameKind && (items.length === 0 || indentOf(line) < contentIndent)) {
      if (pendingBlank && items.length > 0) tight = false;
      pendingBlank = false;
      const spaces = item[3] ?? ' ';
      // More than four spaces after the marker: the content starts one space in (CommonMark).
      const gap = spaces.length > 4 ? 1 : Math.max(1, spaces.length);
      contentIndent = (item[1] ?? '').length + (item[2] ?? '').length + gap;
      items.push([(spaces.length > 4 ? spaces.slice(1) : '') + (item[4] ?? '')]);
      i++;
      continue;
    }
    const current = items.at(-1);
    if (!current) break;
    if (isBlank(line)) {
      pendingBlank = true;
      current.push('');
      i++;
      continue;
    }
    if (indentOf(line) >= contentIndent) {
      if (pendingBlank) tight = false;
      pendingBlank = false;
      current.push(dedent(line, contentIndent));
      i++;
      continue;
    }
    // A lazy continuation of the item's paragraph (not after a blank line, not a new block).
    if (!pendingBlank && !startsBlock(line, lines[i + 1]) && !ITEM.test(line)) {
      current.push(line.trim());
      i++;
      continue;
    }
    break;
  }
  // Trailing blank lines belong to no item.
  for (const lines of items) while (lines.length > 0 && isBlank(lines.at(-1) ?? '')) lines.pop();
  const list: MarkdownBlock = { type: 'list', ordered, tight, items: items.map((l) => parseBlocks(l, depth + 1)) };
  if (ordered) {
    const n = Number.parseInt(firstMarker, 10);
    if (n !== 1) list.start = n;
  }
  blocks.push(list);
  return i;
}

/** Table cells: split on `|` outside code spans and escapes, without the outer pipes. */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let inCode = false;
  const text = line.trim().replace(/^\|/, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '\\' && text[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (c === '`') {
      inCode = !inCode;
      cell += c;
    } else if (c === '|' && !inCode) {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += c;
    }
  }
  if (cell.trim() !== '') cells.push(cell.trim());
  return cells;
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const isSpace = (c: string | undefined): boolean => c === undefined || /\s/.test(c);

/**
 * Inline content. Delimiters close at the next run of the same length that can close (not after
 * whitespace); one that finds none is text. Scans that failed are remembered, so a line of
 * unmatched `*` costs one pass, not one per star.
 */
export function parseInline(source: string, depth: number, inLink = false): MarkdownInline[] {
  const out: MarkdownInline[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') out.push({ type: 'text', text: decodeEntities(text) });
    text = '';
  };
  const noCloser = new Map<string, number>();
  const findCloser = (delimiter: string, from: number): number => {
    const known = noCloser.get(delimiter);
    if (known !== undefined && from >= known) return -1;
    const char = delimiter[0] ?? '';
    for (let j = from; j < source.length;) {
      const c = source[j];
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === '`') {
        const run = runLength(source, j, '`');
        const end = source.indexOf('`'.repeat(run), j + run);
        j = end === -1 ? j + run : end + run;
        continue;
      }
      if (c === char) {
        const run = runLength(source, j, char);
        const canClose = !isSpace(source[j - 1]) && (char !== '_' || !isWordChar(source[j + run]));
        if (run === delimiter.length && canClose) return j;
        j += run;
        continue;
      }
      j++;
    }
    noCloser.set(delimiter, Math.min(from, known ?? from));
    return -1;
  };

  // Where each `[` closes, matched once for the whole text: a page of unmatched brackets costs
  // one pass, not one scan per bracket.
  let brackets: Map<number, number> | undefined;
  const closingBracket = (at: number): number => {
    if (!brackets) {
      brackets = new Map();
      const open: number[] = [];
      for (let j = 0; j < source.length; j++) {
        const b = source[j];
        if (b === '\\') j++;
        else if (b === '[') open.push(j);
        else if (b === ']') {
          const start = open.pop();
          if (start !== undefined) brackets.set(start, j);
        }
      }
    }
    return brackets.get(at) ?? -1;
  };

  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === '\\') {
      const next = source[i + 1];
      if (next === '\n') {
        flush();
        out.push({ type: 'break' });
        i += 2;
        continue;
      }
      if (next !== undefined && ASCII_PUNCTUATION.test(next)) {
        // An escaped character is text: `\&amp;` shows "&amp;", so keep it out of entity decoding.
        flush();
        out.push({ type: 'text', text: next });
        i += 2;
        continue;
      }
      text += c;
      i++;
      continue;
    }
    if (c === '`') {
      const run = runLength(source, i, '`');
      const end = findRun(source, i + run, '`', run);
      if (end === -1) {
        text += '`'.repeat(run);
        i += run;
        continue;
      }
      flush();
      let code = source.slice(i + run, end).replace(/\n/g, ' ');
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
      out.push({ type: 'code', text: code });
      i = end + run;
      continue;
    }
    if (c === '\n') {
      // Two trailing spaces make a hard break; otherwise a soft one (a newline, shown as a space).
      const hard = / {2,}$/.test(text);
      text = text.replace(/[ \t]+$/, '');
      if (hard) {
        flush();
        out.push({ type: 'break' });
      } else {
        text += '\n';
      }
      i++;
      continue;
    }
    if ((c === '[' && !inLink) || (c === '!' && source[i + 1] === '[')) {
      const image = c === '!';
      const at = image ? i + 1 : i;
      const link = depth < MAX_DEPTH ? readLink(source, at, closingBracket(at)) : undefined;
      if (link) {
        flush();
        const href = safeLinkUrl(link.destination);
        // An image is never loaded: it becomes a link to it, labelled with its description.
        const label = image ? [{ type: 'text' as const, text: decodeEntities(link.label) || 'image' }] : parseInline(link.label, depth + 1, true);
        if (href !== undefined && !inLink) out.push({ type: 'link', href, children: label });
        else out.push(...label);
        i = link.end;
        continue;
      }
    }
    if (c === '<') {
      const auto =
        /^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/.exec(source.slice(i, i + MAX_LINK_SCAN)) ??
        /^<([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>/.exec(source.slice(i, i + MAX_LINK_SCAN));
      if (auto) {
        const target = auto[1] ?? '';
        const href = safeLinkUrl(target.includes(':') ? target : `mailto:${target}`);
        flush();
        if (href !== undefined && !inLink) out.push({ type: 'link', href, children: [{ type: 'text', text: target }] });
        else out.push({ type: 'text', text: auto[0] });
        i += auto[0].length;
        continue;
      }
    }
    if ((c === 'h' || c === 'H') && !inLink && !isWordChar(source[i - 1]) && /^https?:\/\//i.test(source.slice(i, i + 8))) {
      const bare = /^https?:\/\/[^\s<>"'`]+/i.exec(source.slice(i, i + MAX_LINK_SCAN));
      if (bare) {
        // GFM's autolink rule: trailing punctuation ends the sentence, not the URL.
        let url = bare[0].replace(/[.,:;!?'"*_~]+$/, '');
        while (url.endsWith(')') && (url.match(/\(/g) ?? []).length < (url.match(/\)/g) ?? []).length) url = url.slice(0, -1);
        const href = safeLinkUrl(url);
        if (href !== undefined) {
          flush();
          out.push({ type: 'link', href, children: [{ type: 'text', text: url }] });
          i += url.length;
          continue;
        }
      }
    }
    if (c === '*' || c === '_' || c === '~') {
      const run = runLength(source, i, c);
      const opens = !isSpace(source[i + run]) && (c !== '_' || !isWordChar(source[i - 1]));
      const wanted = c === '~' ? (run === 2 ? 2 : 0) : Math.min(run, 3);
      if (opens && wanted > 0 && depth < MAX_DEPTH) {
        const delimiter = c.repeat(wanted);
        const end = findCloser(delimiter, i + run);
        if (end !== -1) {
          flush();
          // Extra opening characters beyond the delimiter stay text.
          if (run > wanted) out.push({ type: 'text', text: c.repeat(run - wanted) });
          const inner = parseInline(source.slice(i + run, end), depth + 1, inLink);
          if (c === '~') out.push({ type: 'delete', children: inner });
          else if (wanted === 1) out.push({ type: 'emphasis', children: inner });
          else if (wanted === 2) out.push({ type: 'strong', children: inner });
          else out.push({ type: 'emphasis', children: [{ type: 'strong', children: inner }] });
          i = end + wanted;
          continue;
        }
      }
      text += c.repeat(run);
      i += run;
      continue;
    }
    text += c;
    i++;
  }
  flush();
  return out;
}

function runLength(source: string, at: number, char: string): number {
  let n = 0;
  while (source[at + n] === char) n++;
  return n;
}

/** The start of the next run of exactly `length` `char`s at or after `from`, or -1. */
function findRun(source: string, from: number, char: string, length: number): number {
  for (let j = source.indexOf(char, from); j !== -1;) {
    const run = runLength(source, j, char);
    if (run === length) return j;
    j = source.indexOf(char, j + run);
  }
  return -1;
}

/** `[label](destination "title")` with its `[` at `at` and its `]` at `close`, or undefined. */
function readLink(source: string, at: number, close: number): { label: string; destination: string; end: number } | undefined {
  if (close === -1 || source[close + 1] !== '(') return undefined;
  const rest = source.slice(close + 2, Math.min(source.length, close + 2 + MAX_LINK_SCAN));
  const match =
    /^[ \t\n]*(?:<([^<>\n]*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*))(?:[ \t\n]+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?[ \t\n]*\)/s.exec(
      rest,
    );
  if (!match) return undefined;
  const destination = (match[1] ?? match[2] ?? '').replace(/\\([!-/:-@[-`{-~])/g, '$1');
  return { label: source.slice(at + 1, close), destination, end: close + 2 + match[0].length };
}
