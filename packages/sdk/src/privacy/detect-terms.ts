import { type Detection, matchAll } from './pii-types.ts';

const SPECIAL = /[.*+?^${}()|[\]\\]/g;
const WORD = /[\p{L}\p{N}_]/u;
const MARKS = /\p{M}/gu;

/** Each Latin base letter and its accented forms (é, è, ê, ë for e), built from Unicode's own decompositions. */
const ACCENTED = ((): Map<string, string> => {
  const forms = new Map<string, string>();
  for (let code = 0xc0; code <= 0x24f; code++) {
    const ch = String.fromCharCode(code);
    const base = ch.normalize('NFD').replace(MARKS, '');
    if (base.length === 1 && base !== ch) {
      const lower = base.toLowerCase();
      forms.set(lower, (forms.get(lower) ?? lower) + ch);
    }
  }
  return forms;
})();

/**
 * Builds a detector for words the app names (the user's name, a client, a project): whole words,
 * any case, longest first so "Marie Curie Institute" wins over "Marie Curie". People and keyboards
 * vary the spelling, so accents are optional (Zoe, Zoë), any whitespace or hyphen matches any
 * other (Jean-Pierre, Jean Pierre), and either apostrophe (' or ’) matches the other.
 */
export function termDetector(terms: readonly string[]): (text: string) => Detection {
  const unique = [...new Set(terms.map((t) => t.trim()).filter((t) => t !== ''))].sort((a, b) => b.length - a.length);
  if (unique.length === 0) return () => ({ findings: [], keep: [] });
  const alternatives = unique.flatMap((term) => {
    const pattern = termPattern(term);
    // Nothing but dashes: it would match the empty string everywhere and hide every other term.
    if (pattern === '') return [];
    // A boundary only where the term itself starts or ends with a word character: "C++" and ".NET" work too.
    const before = WORD.test(term[0] ?? '') ? '(?<![\\p{L}\\p{N}_])' : '';
    const after = WORD.test(term.at(-1) ?? '') ? '(?![\\p{L}\\p{N}_])' : '';
    return [`${before}${pattern}${after}`];
  });
  if (alternatives.length === 0) return () => ({ findings: [], keep: [] });
  const re = new RegExp(alternatives.join('|'), 'giu');
  return (text) => ({ findings: matchAll(text, re, 'term'), keep: [] });
}

function termPattern(term: string): string {
  let out = '';
  let gap = false;
  for (const ch of term.normalize('NFD').replace(MARKS, '')) {
    if (/[\s\-‐‑–]/.test(ch)) {
      gap = true;
      continue;
    }
    if (gap) out += '[\\s\\-‐‑–]+';
    gap = false;
    const forms = ACCENTED.get(ch.toLowerCase());
    if (ch === "'" || ch === '’') out += "['’]";
    else if (forms !== undefined) out += `[${forms}]\\p{M}*`;
    else out += ch.replace(SPECIAL, '\\$&');
  }
  return out;
}
