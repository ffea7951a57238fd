import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { repoRoot } from './models.ts';

/** `packages/sdk/dist-browser`, where `npm run build:web` puts the bundle the gateway serves at `/sdk/`. */
export const sdkBundleDir = join(repoRoot, 'packages', 'sdk', 'dist-browser');

/** Builds the browser SDK bundle with its real config (`packages/sdk/vite.browser.config.ts`) into `outDir` (default: a new temporary folder). */
export async function buildSdkBundle(outDir?: string): Promise<string> {
  const dir = outDir ?? (await mkdtemp(join(tmpdir(), 'hearth-sdk-bundle-')));
  await build({ configFile: join(repoRoot, 'packages', 'sdk', 'vite.browser.config.ts'), logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
  return dir;
}

/**
 * The bundle files one of its .js/.mjs files names: every `name-HASH.ext` string literal in it
 * (chunk imports, `new URL(..., import.meta.url)` of Workers and wasm), resolved against that
 * file's URL, as the build makes each one relative to `import.meta.url`.
 */
export function hashedReferences(source: string, fileUrl: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/[`'"]((?:\.\/)?(?:assets\/)?[\w.-]+-[\w-]{8}\.(?:js|mjs|wasm))[`'"]/g)) found.add(new URL(m[1]!, fileUrl).href);
  return [...found];
}
