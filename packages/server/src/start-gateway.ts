import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { HearthError, type EngineV1 } from '@hearth/spec';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { createGateway } from './create-gateway.ts';
import { createJsonLogger, type Logger, type LogLevel } from './http/logger.ts';
import { ModelRegistry, type ModelEntry } from './models/model-registry.ts';

export interface GatewayOptions {
  /** `PORT`, default 8787; 0 picks a free port. */
  port?: number;
  /** `HOST`, default 127.0.0.1 (loopback: exposing the gateway is a deliberate choice). */
  host?: string;
  models: ModelEntry[];
  webRoot?: string;
  /** `HEARTH_LOG_LEVEL`, default info. */
  logLevel?: LogLevel;
  logger?: Logger;
  /** Threads for the embedded engine; default: llama.cpp's choice. */
  threads?: number;
  contextSize?: number;
}

export interface RunningGateway {
  url: string;
  port: number;
  engines: ReadonlyMap<string, EngineV1>;
  close(): Promise<void>;
}

const LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

/** Reads the gateway's settings from the environment; a bad value is a typed error naming the variable. */
export function gatewayEnv(env: NodeJS.ProcessEnv = process.env): Pick<GatewayOptions, 'port' | 'host' | 'logLevel'> {
  const out: Pick<GatewayOptions, 'port' | 'host' | 'logLevel'> = {};
  if (env['PORT'] !== undefined && env['PORT'] !== '') {
    const port = Number(env['PORT']);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new HearthError({ code: 'invalid_request', message: `PORT is "${env['PORT']}", not a port number.`, hint: 'Set PORT to an integer from 0 to 65535, or unset it for 8787.' });
    }
    out.port = port;
  }
  if (env['HOST']) out.host = env['HOST'];
  const level = env['HEARTH_LOG_LEVEL'];
  if (level !== undefined && level !== '') {
    if (!LEVELS.includes(level as LogLevel)) {
      throw new HearthError({ code: 'invalid_request', message: `HEARTH_LOG_LEVEL is "${level}".`, hint: `Set it to one of ${LEVELS.join(', ')}.` });
    }
    out.logLevel = level as LogLevel;
  }
  return out;
}

/** Hashes the model files, loads the embedded engine for each model, and listens. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger ?? createJsonLogger(options.logLevel ?? 'info');
  const registry = await ModelRegistry.create(options.models);
  const engines = new Map<string, EngineV1>();
  for (const model of registry.list()) {
    const engine = new NodeLlamaCppEngine();
    const load: Parameters<EngineV1['load']>[0] = { source: { type: 'path', path: model.files.map((f) => f.path) } };
    if (options.threads !== undefined) load.threads = options.threads;
    if (options.contextSize !== undefined) load.contextSize = options.contextSize;
    await engine.load(load);
    engines.set(model.id, engine);
  }
  const deps = { registry, engines, logger, ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }) };
  const app = createGateway(deps);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname: options.host ?? '127.0.0.1' }, () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new HearthError({ code: 'invalid_request', message: `Port ${options.port ?? 8787} is already in use.`, hint: 'Stop the other server or set PORT to a free port.', cause: error })
          : error,
      ),
    );
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  logger.log('info', 'gateway listening', { url: `http://${host}:${port}`, models: registry.list().length });
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    engines,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Streams that are still open would hold close() forever.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      for (const engine of engines.values()) await engine.unload();
    },
  };
}
