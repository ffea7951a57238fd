import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);

/** precache.json: every file the build wrote, for the Service Worker to cache at install. */
function precacheList(): Plugin {
  return {
    name: 'hearth-precache-list',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => f !== 'sw.js' && f !== 'precache.json' && !f.endsWith('.map'));
      this.emitFile({ type: 'asset', fileName: 'precache.json', source: JSON.stringify(files.sort()) });
    },
  };
}

export default defineConfig({
  root,
  base: './',
  // dictionary-fr exports only its Node entry; its two Hunspell files are served as they are.
  resolve: { alias: { 'hearth-dictionary-fr': dirname(require.resolve('dictionary-fr')) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // Never a data: URL: a strict CSP refuses them, and wasm must stream-compile from a file.
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: { index: fileURLToPath(new URL('./index.html', import.meta.url)), sw: fileURLToPath(new URL('./src/service-worker.ts', import.meta.url)) },
      // The Service Worker's name is its identity to the browser: it never takes a hash.
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  plugins: [precacheList()],
  worker: { format: 'es' },
  logLevel: 'warn',
});
