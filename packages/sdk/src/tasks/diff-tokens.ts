/** A run of tokens that differ: `a[aStart, aEnd)` became `b[bStart, bEnd)`; either side may be empty. */
export interface TokenHunk {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * Above this many edits the middle is reported as one replacement: Myers keeps one row of
 * O(edits) per edit for the backtrack, so memory grows with edits squared (1,500 edits ≈ 9 MB).
 * A proofread with that many edits is a different text, not a list of corrections.
 */
export const MAX_DIFF_EDITS = 1500;

/**
 * The shortest edit script between two token lists (Myers 1986, "An O(ND) Difference Algorithm"),
 * as hunks of changed tokens in order. Common leading and trailing tokens are skipped first, so a
 * few corrections in a long text cost little.
 *
 * @example diffTokens(['I', ' ', 'has'], ['I', ' ', 'have']) // [{ aStart: 2, aEnd: 3, bStart: 2, bEnd: 3 }]
 */
export function diffTokens(a: readonly string[], b: readonly string[]): TokenHunk[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let aEnd = a.length;
  let bEnd = b.length;
  while (aEnd > start && bEnd > start && a[aEnd - 1] === b[bEnd - 1]) {
    aEnd--;
    bEnd--;
  }
  if (start === aEnd && start === bEnd) return [];
  // Interned ids: comparing small integers in the inner loop instead of strings.
  const ids = new Map<string, number>();
  const intern = (tokens: readonly string[], from: number, to: number): Int32Array => {
    const out = new Int32Array(to - from);
    for (let i = from; i < to; i++) {
      const token = tokens[i] ?? '';
      let id = ids.get(token);
      if (id === undefined) ids.set(token, (id = ids.size));
      out[i - from] = id;
    }
    return out;
  };
  const hunks = myers(intern(a, start, aEnd), intern(b, start, bEnd));
  if (hunks === undefined) return [{ aStart: start, aEnd, bStart: start, bEnd }];
  return hunks.map((h) => ({ aStart: h.aStart + start, aEnd: h.aEnd + start, bStart: h.bStart + start, bEnd: h.bEnd + start }));
}

/** Hunks for two id lists, or undefined past MAX_DIFF_EDITS. */
function myers(a: Int32Array, b: Int32Array): TokenHunk[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_DIFF_EDITS);
  const offset = max + 1;
  // v[offset + k]: the furthest x reached on diagonal k (y = x - k).
  const v = new Int32Array(2 * max + 3);
  // trace[d]: v's diagonals -d-1 .. d+1 before step d, enough to walk back through step d.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], n: number, m: number): TokenHunk[] {
  // Walk from the end, collecting single-token edits, then group adjacent ones into hunks.
  const edits: Array<{ kind: 'delete' | 'insert'; x: number; y: number }> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const row = trace[d] ?? new Int32Array(0);
    // row[i] holds diagonal i - d - 1.
    const at = (k: number): number => row[k + d + 1] ?? 0;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    // Snake back along the diagonal to where the edit of step d ended.
    while (x > prevX && y > prevY) {
      x--;
      y--;
    }
    if (down) edits.push({ kind: 'insert', x: prevX, y: prevY });
    else edits.push({ kind: 'delete', x: prevX, y: prevY });
    x = prevX;
    y = prevY;
  }
  edits.reverse();
  const hunks: TokenHunk[] = [];
  for (const edit of edits) {
    const last = hunks.at(-1);
    const aNext = edit.kind === 'delete' ? edit.x + 1 : edit.x;
    const bNext = edit.kind === 'insert' ? edit.y + 1 : edit.y;
    if (last && last.aEnd === edit.x && last.bEnd === edit.y) {
      last.aEnd = aNext;
      last.bEnd = bNext;
    } else {
      hunks.push({ aStart: edit.x, aEnd: aNext, bStart: edit.y, bEnd: bNext });
    }
  }
  return hunks;
}
