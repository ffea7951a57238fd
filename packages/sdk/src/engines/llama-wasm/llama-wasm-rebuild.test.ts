import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Rebuilds the module from the pinned llama.cpp source and compares it byte for byte with the
// committed artifact (native/llama-wasm/verify-reproducible.sh). Minutes of compiling, and it needs
// Debian's emscripten and clang-19, so it runs only when asked:
//   HEARTH_REBUILD_LLAMA_WASM=1 npx vitest run packages/sdk/src/engines/llama-wasm/llama-wasm-rebuild.test.ts
// (=fresh clones and builds in a new directory; =1 reuses .cache/llama-wasm.)
const mode = process.env['HEARTH_REBUILD_LLAMA_WASM'];
const script = fileURLToPath(new URL('../../../../../native/llama-wasm/verify-reproducible.sh', import.meta.url));

describe('the llama-wasm build', () => {
  it.skipIf(mode === undefined)(
    'reproduces the committed artifact (skipped unless HEARTH_REBUILD_LLAMA_WASM is set: needs emscripten, takes minutes)',
    () => {
      const result = spawnSync('bash', mode === 'fresh' ? [script] : [script, '--reuse'], { encoding: 'utf8' });
      expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
      expect(result.stdout).toContain('identical: hearth-llama-relaxed.wasm');
    },
    40 * 60_000,
  );
});
