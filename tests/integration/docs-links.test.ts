import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/models.ts';

// Every relative link in the docs a newcomer reads first points at a file or folder that exists.

const DOCS = ['README.md', 'ARCHITECTURE.md', 'tests/privacy-corpus/README.md'];

describe('documentation links', () => {
  for (const doc of DOCS) {
    it(`${doc}: every relative link resolves`, () => {
      const text = readFileSync(join(repoRoot, doc), 'utf8');
      const broken: string[] = [];
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^(https?:|mailto:|#)/.test(target)) continue;
        const path = join(repoRoot, dirname(doc), decodeURIComponent(target.split('#')[0]!));
        if (!existsSync(path)) broken.push(target);
      }
      expect(broken).toEqual([]);
    });
  }
});
