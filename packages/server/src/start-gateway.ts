import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { HearthError, type EngineV1 } from '@hearth/spec';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { RedactingEngine } from '@hearth/sdk/privacy';
import { parseGatewayConfig, type GatewayConfig, type GatewayConfigInput } from './config/gateway-config.ts';
import { createGateway } from './create-gateway.ts';
import { answerClientErrors, checkOpenNetwork, guardConnections } from './http/connection-guard.ts';
import { createJsonLogger, type Logger } from './http/logger.ts';
import { Metrics } from './http/metrics.ts';
import { ModelRegistry } from './models/model-registry.ts';
import { UpstreamPool } from './upstream/upstream-pool.ts';
import { TelemetryHost } from './telemetry/telemetry-routes.ts';

export interface GatewayOptions extends GatewayConfigInput {
  logger?: Logger;
  /** Folder with the built composer app, served at `/`. */
  webRoot?: string;
  /** The strict page CSP on webRoot (default on; off only for pages that run wllama, see GatewayDeps). */
  pageCsp?: boolean;
  /** Folder with the built hub page, served at `/hub/` to `hubOrigins`. */
  hubRoot?: string;
  /** Folder with the browser SDK bundle, served at `/sdk/` (503 there until it is built). */
  sdkRoot?: string;
}

export interface RunningGateway {
  url: string;
  port: number;
  config: GatewayConfig;
  engines: ReadonlyMap<string, EngineV1>;
  metrics: Metrics;
  /** The telemetry store's host, when telemetry is enabled. */
  telemetry?: TelemetryHost;
  close(): Promise<void>;
}

/** Validates the config, hashes the model files, loads engines and upstream pools, and listens. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { logger: givenLogger, webRoot, hubRoot, sdkRoot, pageCsp, ...input } = options;
  const config = parseGatewayConfig(input);
  // Before any model loads: an accidental open gateway fails at once, naming the setting.
  const openWarning = checkOpenNetwork(config);
  const logger = givenLogger ?? createJsonLogger(config.logLevel);
  const registry = await ModelRegistry.create(config.models);
  const engines = new Map<string, EngineV1>();
  for (const model of registry.list()) {
    const engine = new NodeLlamaCppEngine({ parallelSequences: config.limits.maxConcurrent });
    const load: Parameters<EngineV1['load']>[0] = { source: { type: 'path', path: model.files.map((f) => f.path) } };
    // One core stays free for the HTTP event loop: llama.cpp's threads spin while they wait,
    // and a loop starved of CPU delays every stream (measured: 12 vs 710 streams in 15 s here).
    load.threads = config.threads ?? Math.max(1, availableParallelism() - 1);
    if (config.contextSize !== undefined) load.contextSize = config.contextSize;
    const adapters = config.models.find((m) => m.id === model.id)?.adapters ?? [];
    if (adapters.length > 0)
      load.adapters = adapters.map((a) => ({ source: { type: 'path' as const, path: a.path }, ...(a.scale === undefined ? {} : { scale: a.scale }) }));
    await engine.load(load);
    engines.set(model.id, engine);
  }
  const pools: UpstreamPool[] = [];
  for (const id of new Set(config.upstreams.flatMap((u) => u.models))) {
    if (engines.has(id))
      throw new HearthError({ code: 'invalid_request', message: `Model "${id}" is both local and upstream.`, hint: 'Give the upstream model another id.' });
    const pool = new UpstreamPool(
      id,
      config.upstreams.filter((u) => u.models.includes(id)),
    );
    // A pool whose upstreams are all down still starts: health checks bring them back.
    await pool
      .load({ source: { type: 'url', url: '' } })
      .catch((error: unknown) => logger.log('warn', 'upstream pool not ready', { model: id, code: HearthError.from(error).code }));
    pools.push(pool);
    const members = config.upstreams.filter((u) => u.models.includes(id));
    // One upstream of the pool run by a third party is enough: the pool's requests are redacted.
    const redacted = members.some((u) => u.redact);
    engines.set(
      id,
      redacted
        ? new RedactingEngine(pool, {
            where: 'third-party',
            engine: 'remote',
            backend: 'server',
            model: id,
            reason: `upstream pool ${members.map((u) => u.name).join(', ')}, redacted`,
          })
        : pool,
    );
  }
  const metrics = new Metrics();
  const { enabled: telemetryOn, ...telemetryOptions } = config.telemetry;
  const telemetry = telemetryOn ? new TelemetryHost(telemetryOptions, logger) : undefined;
  // With PostgreSQL (replicas), migrations run at start and a bad URL fails it; PGlite opens its
  // folder on first use, so a gateway that never receives telemetry writes nothing to disk.
  if (telemetry && config.telemetry.databaseUrl) await telemetry.open();
  const ready = (): boolean => pools.every((p) => p.status.some((m) => m.healthy));
  const app = createGateway({
    registry,
    engines,
    logger,
    config,
    metrics,
    ready,
    ...(webRoot === undefined ? {} : { webRoot }),
    ...(pageCsp === undefined ? {} : { pageCsp }),
    ...(hubRoot === undefined ? {} : { hub: { root: hubRoot, allowedOrigins: config.hubOrigins } }),
    ...(sdkRoot === undefined ? {} : { sdkRoot }),
    ...(telemetry ? { telemetry } : {}),
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const { headersTimeoutMs, bodyTimeoutMs } = config.limits;
    const serverOptions = {
      headersTimeout: headersTimeoutMs,
      // A backstop for any request whose body the gateway does not read itself (its /v1 routes
      // end a body silent for bodyTimeoutMs in limitBody): a whole request in this long, or 408.
      requestTimeout: headersTimeoutMs + 4 * bodyTimeoutMs,
      // Node checks both deadlines on this interval (default 30 s, which would triple a 10 s deadline).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeoutMs / 4))),
    };
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions }, () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new HearthError({
              code: 'invalid_request',
              message: `Port ${config.port} is already in use.`,
              hint: 'Stop the other server or set PORT to a free port.',
              cause: error,
            })
          : error,
      ),
    );
  });
  const http = server as Server;
  answerClientErrors(http);
  const connections = guardConnections(http, config.limits);
  metrics.gauge('hearth_connections_open', () => connections.open(), 'Open client connections.');
  metrics.gauge('hearth_connections_refused', () => connections.refused(), 'Connections closed on arrival: over the per-address or total cap.');
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  if (openWarning) logger.log('warn', 'gateway listening', { url, models: engines.size, warning: openWarning });
  else logger.log('info', 'gateway listening', { url, models: engines.size });
  return {
    url,
    port,
    config,
    engines,
    metrics,
    ...(telemetry ? { telemetry } : {}),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Streams that are still open would hold close() forever.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      for (const engine of engines.values()) await engine.unload();
      await telemetry?.close();
    },
  };
}
