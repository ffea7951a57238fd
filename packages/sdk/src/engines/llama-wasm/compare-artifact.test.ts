import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// native/llama-wasm/compare-artifact.sh, the comparison CI runs after rebuilding llama-wasm, on
// small files made here: the rebuild itself takes minutes (llama-wasm-rebuild.test.ts).
const script = fileURLToPath(new URL('../../../../../native/llama-wasm/compare-artifact.sh', import.meta.url));
const FILES = ['hearth-llama.mjs', 'hearth-llama.worker.js', 'hearth-llama-simd.wasm', 'hearth-llama-relaxed.wasm'];

/** Two folders holding the same four files, 600 kB of wasm each (deterministic bytes). */
function twoBuilds(): { built: string; shipped: string } {
  const built = mkdtempSync(join(tmpdir(), 'hearth-built-'));
  const shipped = mkdtempSync(join(tmpdir(), 'hearth-shipped-'));
  for (const f of FILES) {
    const bytes = f.endsWith('.wasm') ? Buffer.from(Array.from({ length: 600_000 }, (_, i) => (i * 7919) & 0xff)) : Buffer.from(`// ${f}\n`);
    writeFileSync(join(built, f), bytes);
    writeFileSync(join(shipped, f), bytes);
  }
  return { built, shipped };
}

/** Changes `count` bytes from `at` in one file of `dir`, keeping its size. */
function alter(dir: string, file: string, at: number, count: number): void {
  const bytes = readFileSync(join(dir, file));
  for (let i = at; i < at + count; i++) bytes[i] = bytes[i]! ^ 0x5a;
  writeFileSync(join(dir, file), bytes);
}

function compare(built: string, shipped: string, tolerate: boolean): { status: number | null; out: string } {
  const r = spawnSync('bash', [script, built, shipped, ...(tolerate ? ['--tolerate-eh-nondeterminism'] : [])], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('compare-artifact.sh', () => {
  it('passes identical builds and names every file identical', () => {
    const { built, shipped } = twoBuilds();
    const r = compare(built, shipped, false);
    expect(r.status).toBe(0);
    for (const f of FILES) expect(r.out).toContain(`identical: ${f}`);
  });

  it('tolerates, when asked, a same-size .wasm differing in two short stretches far apart (the 42 + 37 bytes CI saw), and lists them', () => {
    const { built, shipped } = twoBuilds();
    alter(built, 'hearth-llama-simd.wasm', 10_000, 42);
    alter(built, 'hearth-llama-simd.wasm', 293_000, 37);
    const tolerant = compare(built, shipped, true);
    expect(tolerant.status, tolerant.out).toBe(0);
    expect(tolerant.out).toMatch(/tolerated: hearth-llama-simd\.wasm.* \d+-\d+:42 \d+-\d+:37/);
    expect(tolerant.out).toContain('identical: hearth-llama-relaxed.wasm');
    const strict = compare(built, shipped, false);
    expect(strict.status).toBe(1);
    expect(strict.out).toContain('DIFFERENT: hearth-llama-simd.wasm');
  });

  it('rejects a .wasm whose difference is one long stretch, or too many stretches, even when tolerant', () => {
    const long = twoBuilds();
    alter(long.built, 'hearth-llama-relaxed.wasm', 1000, 2000);
    const r = compare(long.built, long.shipped, true);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/DIFFERENT: hearth-llama-relaxed\.wasm, same size/);
    const many = twoBuilds();
    for (let k = 0; k < 9; k++) alter(many.built, 'hearth-llama-relaxed.wasm', 5000 + k * 50_000, 10);
    expect(compare(many.built, many.shipped, true).status).toBe(1);
  });

  it('rejects a .wasm of another size and any change to the JavaScript, even when tolerant', () => {
    const size = twoBuilds();
    writeFileSync(join(size.built, 'hearth-llama-simd.wasm'), Buffer.concat([readFileSync(join(size.built, 'hearth-llama-simd.wasm')), Buffer.from([0])]));
    expect(compare(size.built, size.shipped, true)).toMatchObject({ status: 1, out: expect.stringContaining('DIFFERENT: hearth-llama-simd.wasm') });
    const js = twoBuilds();
    alter(js.built, 'hearth-llama.mjs', 3, 1);
    expect(compare(js.built, js.shipped, true)).toMatchObject({ status: 1, out: expect.stringContaining('DIFFERENT: hearth-llama.mjs') });
  });
});
