import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The hub page the gateway serves at /hub/ (`npm run build:web` builds it beside the composer).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
  logLevel: 'warn',
});
