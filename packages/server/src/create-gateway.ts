import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { HearthError, type EngineV1 } from '@hearth/spec';
import { openAIErrorResponse } from './http/openai-error.ts';
import { securityHeaders } from './http/security-headers.ts';
import type { Logger } from './http/logger.ts';
import type { ModelRegistry } from './models/model-registry.ts';
import { serveModelFile } from './models/serve-model-file.ts';
import { handleGeneration } from './routes/generation-route.ts';
import { chatCompletionsEndpoint, completionsEndpoint } from './routes/openai-endpoints.ts';

export interface GatewayDeps {
  registry: ModelRegistry;
  /** Engines by model id: the embedded backend. */
  engines: ReadonlyMap<string, EngineV1>;
  logger: Logger;
  /** Folder with the built composer app, served at `/`. */
  webRoot?: string;
}

/** The gateway's HTTP surface as a Hono app: `/v1/*`, `/models/*`, `/healthz`, and the app at `/`. */
export function createGateway(deps: GatewayDeps): Hono {
  const app = new Hono();
  app.use(securityHeaders());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Path and status only: query strings and bodies can carry user text.
    deps.logger.log('info', 'request', { method: c.req.method, path: c.req.routePath, status: c.res.status, ms: Math.round(performance.now() - started) });
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/v1/models', (c) =>
    c.json({ object: 'list', data: deps.registry.list().map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: 'hearth' })) }),
  );
  const generation = { engineFor: (id: string) => deps.engines.get(id), logger: deps.logger };
  app.post('/v1/chat/completions', (c) => handleGeneration(c, chatCompletionsEndpoint, generation));
  app.post('/v1/completions', (c) => handleGeneration(c, completionsEndpoint, generation));

  app.get('/models/:id/manifest.json', (c) => {
    const model = deps.registry.get(c.req.param('id'));
    if (!model) return openAIErrorResponse(new HearthError({ code: 'model_not_found', message: `No model "${c.req.param('id')}" here.` }));
    return c.json(model.manifest, 200, { 'Cache-Control': 'no-cache', 'Cross-Origin-Resource-Policy': 'cross-origin' });
  });
  app.on(['GET', 'HEAD'], '/models/:id/:file', (c) => {
    const file = deps.registry.get(c.req.param('id'))?.files.find((f) => f.name === c.req.param('file'));
    if (!file) return openAIErrorResponse(new HearthError({ code: 'model_not_found', message: `No file "${c.req.param('file')}" in model "${c.req.param('id')}".` }));
    return serveModelFile(c.req.raw, file);
  });

  app.all('/v1/*', () => openAIErrorResponse(new HearthError({ code: 'not_found', message: 'Unknown API route.', hint: 'See /v1/models and /v1/chat/completions.' })));
  if (deps.webRoot !== undefined) {
    app.use('/*', serveStatic({ root: deps.webRoot }));
  }
  app.notFound(() => openAIErrorResponse(new HearthError({ code: 'not_found', message: 'Not found.' })));
  app.onError((error) => {
    deps.logger.log('error', 'unhandled error', { code: HearthError.from(error).code });
    return openAIErrorResponse(error);
  });
  return app;
}
