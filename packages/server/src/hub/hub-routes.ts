import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

export interface HubOptions {
  /** Folder with the built hub page (`packages/sdk/src/hub/page`, built by Vite). */
  root: string;
  /**
   * Origins whose pages may use the hub, e.g. `https://mail.example.com`. Sharing works among
   * origins of one site; other sites get partitioned storage (see connectHub).
   */
  allowedOrigins: readonly string[];
}

/**
 * `/hub/`: the model hub page, embedded by allowed origins as an iframe, and `/hub/config.json`,
 * its allow-list. The page is meant to be framed by other origins (cross-origin isolated ones
 * included), so it is served with `Cross-Origin-Resource-Policy: cross-origin`; the origin check
 * itself happens in the page, on every connection.
 */
export function hubRoutes(options: HubOptions): Hono {
  const allowedOrigins = options.allowedOrigins.map((o) => new URL(o).origin);
  const hub = new Hono();
  hub.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  });
  hub.get('/config.json', (c) => c.json({ allowedOrigins }, 200, { 'Cache-Control': 'no-cache' }));
  hub.get('/', (c, next) => (c.req.path.endsWith('/') ? next() : c.redirect(`${c.req.path}/`)));
  hub.get('/*', serveStatic({ root: options.root, rewriteRequestPath: (path) => path.replace(/^\/hub/, '') }));
  return hub;
}
