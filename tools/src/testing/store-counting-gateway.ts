import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createGateway, ModelRegistry, type GatewayDeps, type ModelEntry } from '@hearth/server';
import { captureLogger } from './capture-logger.ts';

export interface ServedRequest {
  method: string;
  path: string;
  origin: string | null;
  range: string | null;
  ifRange: string | null;
  status: number;
}

/**
 * The real gateway app on loopback, counting the model-file body bytes it hands to the socket
 * (an upper bound on what clients received), so a test can say how many bytes were fetched twice.
 * `swap()` changes what it serves mid-download, as a server update would.
 */
export async function startCountingGateway(models: ModelEntry[], extra: Partial<Omit<GatewayDeps, 'registry' | 'logger'>> = {}) {
  const build = async (entries: ModelEntry[]) =>
    createGateway({ registry: await ModelRegistry.create(entries), engines: new Map(), logger: captureLogger().logger, ...extra });
  let app = await build(models);
  const state = { modelBodyBytes: 0, requests: [] as ServedRequest[] };
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve(
      {
        port: 0,
        hostname: '127.0.0.1',
        fetch: async (request: Request) => {
          const response = await app.fetch(request);
          const url = new URL(request.url);
          state.requests.push({
            method: request.method,
            path: url.pathname,
            origin: request.headers.get('Origin'),
            range: request.headers.get('Range'),
            ifRange: request.headers.get('If-Range'),
            status: response.status,
          });
          if (!response.body || !/^\/models\/[^/]+\/[^/]+$/.test(url.pathname) || url.pathname.endsWith('/manifest.json')) return response;
          const counted = response.body.pipeThrough(
            new TransformStream<Uint8Array, Uint8Array>({
              transform(chunk, controller) {
                state.modelBodyBytes += chunk.byteLength;
                controller.enqueue(chunk);
              },
            }),
          );
          return new Response(counted, { status: response.status, headers: response.headers });
        },
      },
      () => resolve(s),
    );
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    state,
    /** Model-file requests seen so far (GET and HEAD of /models/<id>/<file>). */
    fileRequests: () => state.requests.filter((r) => /^\/models\/[^/]+\/[^/]+$/.test(r.path) && !r.path.endsWith('/manifest.json')),
    reset() {
      state.modelBodyBytes = 0;
      state.requests = [];
    },
    /** Prepares another set of models (hashing takes a moment) and returns a function that switches to it at once. */
    async prepareSwap(next: ModelEntry[]): Promise<() => void> {
      const nextApp = await build(next);
      return () => {
        app = nextApp;
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
