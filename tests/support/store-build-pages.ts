import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

async function buildPage(root: string): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'hearth-store-pages-'));
  await build({ root, base: './', logLevel: 'warn', build: { outDir, emptyOutDir: true, target: 'es2022' }, worker: { format: 'es' } });
  return outDir;
}

/** The hub page the gateway serves at /hub/, built as a deployment would build it. */
export function buildHubPage(): Promise<string> {
  return buildPage(fileURLToPath(new URL('../../packages/sdk/src/hub/page/', import.meta.url)));
}

/** The store test page: the SDK's store in a Worker, the hub client, and the wllama engine. */
export function buildStoreHarness(): Promise<string> {
  return buildPage(fileURLToPath(new URL('../browser/store-harness/', import.meta.url)));
}
