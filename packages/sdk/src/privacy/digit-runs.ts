/** A maximal run of digit groups joined by single separators, e.g. `4111 1111 1111 1111`. */
export interface DigitRun {
  start: number;
  end: number;
  /** Each group's digits and where it starts in the text. */
  groups: { digits: string; start: number; end: number }[];
  /** The separator before each group but the first. */
  separators: string[];
}

// Runs never start inside a word or a decimal, and never end in front of one: 'A1234567', '3.14159265'.
const RUN = /(?<![\p{L}\p{N}_]|\d[.,])\d+(?:[ -]\d+)*(?![\p{L}\p{N}_]|[.,]\d)/gu;

/** Digit runs whose groups are separated by one space or one dash (how cards and account numbers are written). */
export function digitRuns(text: string): DigitRun[] {
  const out: DigitRun[] = [];
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m !== null; m = RUN.exec(text)) {
    const run: DigitRun = { start: m.index, end: m.index + m[0].length, groups: [], separators: [] };
    const parts = m[0].split(/([ -])/);
    let at = m.index;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? '';
      if (i % 2 === 0) run.groups.push({ digits: part, start: at, end: at + part.length });
      else run.separators.push(part);
      at += part.length;
    }
    out.push(run);
  }
  return out;
}
