import { readdir, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

// The SDK as one ES module for pages without a bundler: `dist-browser/hearth.js`, which the
// gateway serves at `/sdk/hearth.js` (no-cache: its name is stable). Everything else it loads
// (chunks, its Workers, the WebAssembly modules and emscripten's glue) lands beside it in
// `assets/` under content-hashed names, loaded relative to `import.meta.url` (base './'), so the
// folder works under any path and from another origin. Not library mode: it would inline assets.
const sdkRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * `files.json` beside `hearth.js`: every file the bundle may load (its Workers' files too) with its
 * size, so an app's Service Worker can keep the SDK for offline use without guessing hashed names.
 * Read from the written folder: the Workers' own bundles add their files after `generateBundle`.
 */
function fileList(): Plugin {
  return {
    name: 'hearth-sdk-file-list',
    apply: 'build',
    async writeBundle(options) {
      const dir = options.dir ?? join(sdkRoot, 'dist-browser');
      const names = (await readdir(dir, { recursive: true })).map((name) => relative(dir, join(dir, name)).split('\\').join('/'));
      const files: Array<{ path: string; bytes: number }> = [];
      for (const path of names.sort()) {
        if (path === 'files.json' || path.endsWith('.map')) continue;
        const info = await stat(join(dir, path));
        if (info.isFile()) files.push({ path, bytes: info.size });
      }
      await writeFile(join(dir, 'files.json'), `${JSON.stringify({ entry: 'hearth.js', files })}\n`);
    },
  };
}

export default defineConfig({
  root: sdkRoot,
  base: './',
  publicDir: false,
  build: {
    outDir: 'dist-browser',
    emptyOutDir: true,
    target: 'es2022',
    // web-llm (about 6 MB) is its own chunk, loaded only when a WebLLMEngine loads.
    chunkSizeWarningLimit: 8000,
    // Never a data: URL: the wasm must stream-compile, and emscripten's glue loads files by URL.
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: { hearth: fileURLToPath(new URL('./src/browser.ts', import.meta.url)) },
      // Keep the entry's exports: nothing imports this module inside the build.
      preserveEntrySignatures: 'exports-only',
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  plugins: [fileList()],
  worker: { format: 'es' },
  logLevel: 'warn',
});
