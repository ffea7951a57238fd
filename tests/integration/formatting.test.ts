import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/models.ts';

// Prettier is the formatter (.prettierrc.json: 160 columns, single quotes); npm test's lint step
// runs `prettier --check .` on the whole tree. This shows the check fails on a file it would
// change, with the repository's own settings, and passes on the tree as committed.

function prettierCheck(args: string[]): { status: number | null; output: string } {
  const r = spawnSync('npx', ['prettier', '--check', ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('the formatter', () => {
  it('fails on a file it would change, and passes once the file is formatted its way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-format-'));
    try {
      const file = join(dir, 'planted.ts');
      writeFileSync(file, 'export const x = {a:1,"b":2}\n');
      const bad = prettierCheck(['--config', join(repoRoot, '.prettierrc.json'), file]);
      expect(bad.status).toBe(1);
      expect(bad.output).toContain('planted.ts');
      writeFileSync(file, 'export const x = { a: 1, b: 2 };\n');
      expect(prettierCheck(['--config', join(repoRoot, '.prettierrc.json'), file]).status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds nothing to change in the repository', () => {
    const r = prettierCheck(['.']);
    expect(r.output).toContain('All matched files use Prettier code style!');
    expect(r.status).toBe(0);
  });
});
