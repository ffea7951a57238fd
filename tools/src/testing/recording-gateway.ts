import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { EngineV1 } from '@hearth/spec';
import { createGateway, ModelRegistry, type ModelEntry } from '@hearth/server';
import { captureLogger } from './capture-logger.ts';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: string;
  body: string;
}

/**
 * The real gateway app on loopback, with every request it receives recorded whole (URL, headers,
 * body), so a test can prove what a page did or did not send.
 */
export async function startRecordingGateway(options: { models: ModelEntry[]; webRoot: string; engines?: Map<string, EngineV1>; pageCsp?: boolean }) {
  const registry = await ModelRegistry.create(options.models);
  const app = createGateway({
    registry,
    engines: options.engines ?? new Map(),
    logger: captureLogger().logger,
    webRoot: options.webRoot,
    ...(options.pageCsp === undefined ? {} : { pageCsp: options.pageCsp }),
  });
  const requests: RecordedRequest[] = [];
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve(
      {
        port: 0,
        hostname: '127.0.0.1',
        fetch: async (request: Request) => {
          const body = request.body ? await request.clone().text() : '';
          requests.push({ method: request.method, url: request.url, headers: JSON.stringify([...request.headers]), body });
          return app.fetch(request);
        },
      },
      () => resolve(s),
    );
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
