import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { formatHashEtag } from '@hearth/spec';
import { workerContentSecurityPolicy } from '@hearth/sdk';
import { sha256File } from '@hearth/sdk/node';

/** The bundle's entry: its name is stable, so it is revalidated (ETag) on every load. */
export const SDK_ENTRY = 'hearth.js';
/** The build's list of every file the bundle may load (for an app's Service Worker): a stable name too. */
export const SDK_FILE_LIST = 'files.json';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'application/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * `/sdk/`: the browser SDK as one ES module, `hearth.js`, built by `packages/sdk/vite.browser.config.ts`
 * into `root`, for pages that use no bundler: `import { createHearth } from '/sdk/hearth.js'`.
 * `hearth.js` is `no-cache` with a strong ETag; everything beside it (chunks, Workers, wasm, all
 * content-hashed by the build) is `immutable`. The files are public code, so they carry
 * `Cross-Origin-Resource-Policy: cross-origin` and `Access-Control-Allow-Origin: *` (module
 * scripts are fetched in CORS mode) for pages on other origins; no credentials are involved.
 */
export function sdkRoutes(root: string): Hono {
  const base = resolve(root);
  const etags = new Map<string, { key: string; etag: string }>();
  const sdk = new Hono();
  sdk.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
    c.res.headers.set('Access-Control-Allow-Origin', '*');
  });
  sdk.on(['GET', 'HEAD'], '/*', async (c) => {
    const name = fileName(c.req.path.replace(/^\/sdk\/?/, ''));
    if (name === null) return c.text('Not found.\n', 404);
    const path = resolve(base, name);
    if (!path.startsWith(base + sep)) return c.text('Not found.\n', 404);
    const info = await stat(path).catch(() => null);
    if (info === null || !info.isFile()) {
      const built = await stat(resolve(base, SDK_ENTRY)).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!built) return c.text('The browser SDK is not built: run `npm run build:web`, then reload.\n', 503, { 'Cache-Control': 'no-store' });
      return c.text('Not found.\n', 404);
    }
    const headers = new Headers({ 'Content-Type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream', 'Content-Length': String(info.size) });
    // A module Worker runs under the CSP its own script came with: Hearth's read model and SDK files, never the API.
    if (extname(name) === '.js' || extname(name) === '.mjs')
      headers.set('Content-Security-Policy', workerContentSecurityPolicy(new URL(c.req.url).origin, '/csp-reports'));
    if (name === SDK_ENTRY || name === SDK_FILE_LIST) {
      // Hash it once per version of the file (size and mtime), so a rebuild is picked up live.
      const key = `${info.size}:${info.mtimeMs}`;
      let cached = etags.get(path);
      if (cached?.key !== key) {
        cached = { key, etag: formatHashEtag(await sha256File(path)) };
        etags.set(path, cached);
      }
      headers.set('Cache-Control', 'no-cache');
      headers.set('ETag', cached.etag);
      const ifNoneMatch = c.req.header('If-None-Match');
      if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim() === cached.etag || t.trim() === '*')) {
        headers.delete('Content-Length');
        return new Response(null, { status: 304, headers });
      }
    } else {
      // Every other file's name carries a hash of its content: a new build gives new names.
      headers.set('Cache-Control', 'public, max-age=31536000, immutable');
    }
    if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>, { status: 200, headers });
  });
  return sdk;
}

/** The decoded relative path, or null for anything that could step outside the folder. */
function fileName(raw: string): string | null {
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (name === '' || name.includes('\0') || name.includes('\\')) return null;
  if (name.split('/').some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.'))) return null;
  return name;
}
