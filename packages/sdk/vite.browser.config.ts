import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The SDK as one ES module for pages without a bundler: `dist-browser/hearth.js`, which the
// gateway serves at `/sdk/hearth.js` (no-cache: its name is stable). Everything else it loads
// (chunks, its Workers, the WebAssembly modules and emscripten's glue) lands beside it in
// `assets/` under content-hashed names, loaded relative to `import.meta.url` (base './'), so the
// folder works under any path and from another origin. Not library mode: it would inline assets.
const sdkRoot = fileURLToPath(new URL('.', import.meta.url));

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
  worker: { format: 'es' },
  logLevel: 'warn',
});
