import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { HearthError } from '@hearth/spec';
import { openAIErrorResponse } from '../http/openai-error.ts';

const require = createRequire(import.meta.url);
const PAGE = fileURLToPath(new URL('./page/', import.meta.url));

/** The page's files; the chart library's UMD builds come from node_modules as published. */
const FILES: Record<string, { path: () => string; type: string }> = {
  'index.html': { path: () => join(PAGE, 'index.html'), type: 'text/html; charset=utf-8' },
  'dashboard.js': { path: () => join(PAGE, 'dashboard.js'), type: 'text/javascript; charset=utf-8' },
  'dashboard.css': { path: () => join(PAGE, 'dashboard.css'), type: 'text/css; charset=utf-8' },
  'vendor/d3.min.js': { path: () => join(dirname(require.resolve('d3')), 'd3.min.js'), type: 'text/javascript; charset=utf-8' },
  'vendor/plot.umd.min.js': {
    path: () => join(dirname(require.resolve('@observablehq/plot')), '..', 'dist', 'plot.umd.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
};

/**
 * A strict policy of the dashboard's own: scripts from this origin only (no inline script, no
 * eval), data from this origin's API only, no framing. Plot writes its styles as attributes and a
 * scoped <style> element, hence the one inline allowance, for styles.
 */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * `/dashboard`: a static page that asks for an admin key, then reads `/v1/telemetry/summary`
 * with it. The page holds no data; the summary is what the admin scope guards.
 */
export function dashboardRoutes(): Hono {
  const app = new Hono();
  // The page is `/dashboard` itself; its files are under `/dashboard/` by absolute paths.
  app.get('/', () => serve('index.html'));
  app.get('/:file{.+}', (c) => serve(c.req.param('file')));
  return app;
}

async function serve(name: string): Promise<Response> {
  const file = FILES[name];
  if (!file) return openAIErrorResponse(new HearthError({ code: 'not_found', message: 'No such dashboard file.' }));
  return new Response(await readFile(file.path()), {
    headers: { 'Content-Type': file.type, 'Cache-Control': 'no-cache', 'Content-Security-Policy': DASHBOARD_CSP },
  });
}
