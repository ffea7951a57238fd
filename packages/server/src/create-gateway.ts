import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { HearthError, type EngineV1, type RoutePolicy } from '@hearth/spec';
import { contentSecurityPolicy, serviceWorkerContentSecurityPolicy, workerContentSecurityPolicy } from '@hearth/sdk';
import { AccessControl, requireScope, type Caller } from './access/access-control.ts';
import { Admission, RateLimiter } from './access/admission.ts';
import { parseGatewayConfig, type GatewayConfig, type Scope } from './config/gateway-config.ts';
import type { Logger } from './http/logger.ts';
import { limitBody } from './http/body-limit.ts';
import { Metrics } from './http/metrics.ts';
import { openAIErrorResponse } from './http/openai-error.ts';
import { securityHeaders } from './http/security-headers.ts';
import type { ModelRegistry } from './models/model-registry.ts';
import { serveModelFile } from './models/serve-model-file.ts';
import { hubRoutes, type HubOptions } from './hub/hub-routes.ts';
import { sdkRoutes } from './sdk/sdk-routes.ts';
import { embeddings } from './routes/embeddings.ts';
import { handleGeneration } from './routes/generation-route.ts';
import { chatCompletionsEndpoint, completionsEndpoint } from './routes/openai-endpoints.ts';
import type { TelemetryHost } from './telemetry/telemetry-routes.ts';
import { dashboardRoutes } from './dashboard/dashboard-routes.ts';

export interface GatewayDeps {
  registry: ModelRegistry;
  /** Engines by model id: the embedded engine's models and the upstream pools'. */
  engines: ReadonlyMap<string, EngineV1>;
  logger: Logger;
  /** Folder with the built composer app, served at `/`. */
  webRoot?: string;
  /** Defaults apply to anything left out. */
  config?: GatewayConfig;
  metrics?: Metrics;
  /** Readiness beyond "the process is up" (engines loaded, an upstream healthy). */
  ready?: () => boolean;
  /** The model hub page at `/hub/`, shared by allowed origins (see hub/hub-routes.ts). */
  hub?: HubOptions;
  /**
   * Folder with the browser SDK bundle (`packages/sdk/dist-browser`), served at `/sdk/` (see
   * sdk/sdk-routes.ts). A folder that is not built yet answers 503 saying how to build it.
   */
  sdkRoot?: string;
  /**
   * The strict Content-Security-Policy on `webRoot`'s pages and scripts (default on). Off only for
   * pages that run wllama, which starts its own Worker from a `blob:` URL the policy forbids.
   */
  pageCsp?: boolean;
  /** Private telemetry: `POST /v1/telemetry`, `GET /v1/telemetry/summary` (admin) and the page at `/dashboard`. */
  telemetry?: TelemetryHost;
}

type Env = { Variables: { caller: Caller } };

/** The gateway's HTTP surface as a Hono app: `/v1/*`, `/models/*`, `/healthz`, `/readyz`, `/metrics`, the SDK bundle at `/sdk/`, and the app at `/`. */
export function createGateway(deps: GatewayDeps): Hono<Env> {
  const config = deps.config ?? parseGatewayConfig({});
  const metrics = deps.metrics ?? new Metrics();
  const access = new AccessControl(config.auth);
  const rate = new RateLimiter(config.limits.ratePerMinute);
  const admission = new Admission(config.limits);
  metrics.gauge('hearth_requests_active', () => admission.active, 'Generations running now.');
  metrics.gauge('hearth_requests_queued', () => admission.waiting, 'Generations waiting for a slot.');
  metrics.describe('hearth_http_requests_total', 'HTTP requests by route pattern and status.');
  metrics.describe('hearth_http_request_ms', 'HTTP request latency in milliseconds (to the end of the response headers).');

  const app = new Hono<Env>();
  app.use(securityHeaders());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.req.routePath;
    const ms = Math.round(performance.now() - started);
    // Path pattern and status only: query strings and bodies can carry user text.
    deps.logger.log('info', 'request', { method: c.req.method, path: route, status: c.res.status, ms });
    metrics.count('hearth_http_requests_total', { route, status: c.res.status });
    metrics.observe('hearth_http_request_ms', ms, { route });
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    const ready = deps.ready?.() ?? true;
    return c.json({ status: ready ? 'ready' : 'not ready' }, ready ? 200 : 503);
  });

  // The API: cross-origin only from allowed origins, then who is calling, then how often.
  app.use('/v1/*', cors(config.corsOrigins));
  app.use(
    '/v1/*',
    limitBody(
      config.limits.maxBodyBytes,
      () =>
        openAIErrorResponse(
          new HearthError({
            code: 'invalid_request',
            message: `The request body is larger than ${config.limits.maxBodyBytes} bytes.`,
            hint: `Send at most ${config.limits.maxBodyBytes} bytes, or raise limits.maxBodyBytes in the gateway config.`,
            data: { status: 413 },
          }),
        ),
      {
        ms: config.limits.bodyTimeoutMs,
        answer: () =>
          openAIErrorResponse(
            new HearthError({
              code: 'timeout',
              message: `The request body sent nothing for ${config.limits.bodyTimeoutMs} ms; the connection is closed.`,
              hint: 'Send the whole body promptly, or raise limits.bodyTimeoutMs.',
              data: { status: 408 },
            }),
          ),
      },
    ),
  );
  app.use('/v1/*', async (c, next) => {
    const caller = access.authenticate(c.req.header('Authorization') ?? null, c.req.header('Origin') ?? null);
    rate.check(caller.id === 'anonymous' ? `ip:${clientAddress(c)}` : caller.id);
    c.set('caller', caller);
    await next();
  });
  const scope =
    (s: Scope): MiddlewareHandler<Env> =>
    async (c, next) => {
      requireScope(c.get('caller'), s);
      await next();
    };

  app.get('/v1/models', scope('models'), (c) =>
    c.json({ object: 'list', data: [...deps.engines.keys()].map((id) => ({ id, object: 'model', created: 0, owned_by: 'hearth' })) }),
  );
  const generation = {
    engineFor: (id: string) => deps.engines.get(id),
    logger: deps.logger,
    admission,
    metrics,
    paddingBytes: config.streamPaddingBytes,
    requestTimeoutMs: config.limits.requestTimeoutMs,
  };
  app.post('/v1/chat/completions', scope('inference'), (c) => handleGeneration(c, chatCompletionsEndpoint, generation));
  app.post('/v1/completions', scope('inference'), (c) => handleGeneration(c, completionsEndpoint, generation));
  app.post('/v1/embeddings', scope('inference'), (c) => embeddings(c, generation.engineFor));
  /** An app server trades its key for a short-lived token its page (on `origin`) may use. */
  app.post('/v1/tokens', scope('admin'), async (c) => {
    const body = (await c.req.json().catch(() => null)) as { origin?: unknown } | null;
    const origin = typeof body?.origin === 'string' ? body.origin : '';
    if (!/^https?:\/\/[^/]+$/.test(origin))
      throw new HearthError({
        code: 'invalid_request',
        message: "Invalid 'origin': send the page's origin, like https://app.example.com.",
        data: { param: 'origin' },
      });
    return c.json(access.issueOriginToken(origin));
  });

  app.get('/metrics', async (c) => {
    if (!access.open) requireScope(access.authenticate(c.req.header('Authorization') ?? null, null), 'admin');
    return c.text(metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4' });
  });

  app.use('/models/*', cors(config.corsOrigins));
  // The models whose files this gateway serves, for pages that may not call /v1/ (policy device-only).
  app.get('/models/', (c) => c.json({ object: 'list', data: deps.registry.list().map((m) => ({ id: m.id, manifest: `/models/${m.id}/manifest.json` })) }));
  app.get('/models/:id/manifest.json', (c) => {
    const model = deps.registry.get(c.req.param('id'));
    if (!model) return openAIErrorResponse(new HearthError({ code: 'model_not_found', message: `No model "${c.req.param('id')}" here.` }));
    return c.json(model.manifest, 200, { 'Cache-Control': 'no-cache', 'Cross-Origin-Resource-Policy': 'cross-origin' });
  });
  app.on(['GET', 'HEAD'], '/models/:id/:file', (c) => {
    const file = deps.registry.get(c.req.param('id'))?.files.find((f) => f.name === c.req.param('file'));
    if (!file)
      return openAIErrorResponse(new HearthError({ code: 'model_not_found', message: `No file "${c.req.param('file')}" in model "${c.req.param('id')}".` }));
    return serveModelFile(c.req.raw, file);
  });

  if (deps.hub !== undefined) app.route('/hub', hubRoutes(deps.hub));
  if (deps.sdkRoot !== undefined) app.route('/sdk', sdkRoutes(deps.sdkRoot));
  if (deps.telemetry) {
    const telemetry = deps.telemetry;
    app.post('/v1/telemetry', scope('inference'), (c) => telemetry.accept(c.req.raw));
    app.get('/v1/telemetry/summary', scope('admin'), async (c) => c.json(await telemetry.summary(), 200, { 'Cache-Control': 'no-store' }));
    app.route('/dashboard', dashboardRoutes());
  }
  app.all('/v1/*', () =>
    openAIErrorResponse(
      new HearthError({ code: 'not_found', message: 'Unknown API route.', hint: 'See /v1/models, /v1/chat/completions, /v1/completions and /v1/embeddings.' }),
    ),
  );
  // Violation reports from the pages' CSP: counted by directive, nothing else kept (no URL, no sample).
  metrics.describe('hearth_csp_violations_total', 'Content-Security-Policy violation reports, by directive.');
  app.post('/csp-reports', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { 'csp-report'?: { 'effective-directive'?: unknown; 'violated-directive'?: unknown } } | null;
    const report = body?.['csp-report'];
    const directive = String(report?.['effective-directive'] ?? report?.['violated-directive'] ?? 'unknown').split(' ')[0] ?? 'unknown';
    metrics.count('hearth_csp_violations_total', { directive: /^[a-z-]{1,40}$/.test(directive) ? directive : 'unknown' });
    return c.body(null, 204);
  });
  if (deps.webRoot !== undefined) {
    if (deps.pageCsp !== false) app.use('/*', pageContentSecurityPolicy());
    app.use('/*', serveStatic({ root: deps.webRoot }));
  }
  app.notFound(() => openAIErrorResponse(new HearthError({ code: 'not_found', message: 'Not found.' })));
  app.onError((error) => {
    const e = HearthError.from(error);
    if (e.code === 'internal') deps.logger.log('error', 'unhandled error', { code: e.code, name: error instanceof Error ? error.name : 'unknown' });
    return openAIErrorResponse(e);
  });
  return app;
}

/**
 * The app's pages get the strict CSP of their privacy policy (`?policy=`, default
 * device-or-self-hosted), so the browser itself blocks what Hearth's code should never send; the
 * scripts beside them get the Worker policy (a module Worker runs under its script's CSP).
 */
function pageContentSecurityPolicy(): MiddlewareHandler<Env> {
  return async (c, next) => {
    await next();
    const type = c.res.headers.get('Content-Type') ?? '';
    const origin = new URL(c.req.url).origin;
    if (type.startsWith('text/html')) {
      const asked = c.req.query('policy');
      const policy: RoutePolicy = asked === 'device-only' || asked === 'any' ? asked : 'device-or-self-hosted';
      // The app's own built files (its Workers fetch their wasm from /assets/), never the API.
      const connect = [`${origin}/assets/`, ...(policy === 'device-only' ? [] : [`${origin}/csp-reports`])];
      c.res.headers.set('Content-Security-Policy', contentSecurityPolicy({ policy, gateway: origin, reportUri: '/csp-reports', connect }));
    } else if (type.includes('javascript')) {
      // The composer's Service Worker (/sw.js) caches the app shell; every other script is a page module or an engine Worker.
      c.res.headers.set(
        'Content-Security-Policy',
        c.req.path === '/sw.js' ? serviceWorkerContentSecurityPolicy('/csp-reports') : workerContentSecurityPolicy(origin, '/csp-reports'),
      );
    }
  };
}

/**
 * Pages on allowed origins may call the API; same-origin calls always may. A page from any
 * other origin is refused outright (not merely left without CORS headers), so a site the user
 * happens to visit cannot drive a gateway on their machine.
 */
function cors(allowed: readonly string[]): MiddlewareHandler<Env> {
  const allow = new Set(allowed.map((o) => new URL(o).origin));
  return async (c, next) => {
    const origin = c.req.header('Origin');
    const self = new URL(c.req.url).origin;
    if (origin === undefined || origin === self) return next();
    if (!allow.has(origin)) {
      return openAIErrorResponse(
        new HearthError({
          code: 'forbidden',
          message: `The origin ${origin} may not call this gateway.`,
          hint: 'Add it to corsOrigins in the gateway config.',
          data: { status: 403 },
        }),
      );
    }
    const headers = { 'Access-Control-Allow-Origin': origin, Vary: 'Origin', 'Cross-Origin-Resource-Policy': 'cross-origin' };
    if (c.req.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: {
          ...headers,
          'Access-Control-Allow-Methods': 'GET, HEAD, POST',
          'Access-Control-Allow-Headers': 'Authorization, Content-Type, Range, If-Range',
          'Access-Control-Max-Age': '600',
        },
      });
    }
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
    c.res.headers.set('Access-Control-Expose-Headers', 'Content-Range, ETag, Retry-After');
  };
}

function clientAddress(c: Context<Env>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
