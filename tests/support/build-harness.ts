import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** Builds the browser test harness with the same bundler settings as the composer app. */
export async function buildHarness(page = 'harness'): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'hearth-harness-'));
  await build({
    root: fileURLToPath(new URL(`../browser/${page}/`, import.meta.url)),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022' },
    worker: { format: 'es' },
  });
  return outDir;
}
