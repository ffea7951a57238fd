import { HearthError } from '@hearth/spec';
import type { ModelStore } from '../store/model-store.ts';
import type { PortLike, StoreReply, StoreRequest } from './store-protocol.ts';
import { DownloadGate } from '../store/download-gate.ts';

/**
 * Answers store requests arriving on `port` (from the app's page, or from an allowed origin
 * through the hub). Opening the store may fail (storage denied): every request then gets that
 * error, so the caller can fall back and say why.
 */
export function serveStore(port: PortLike, openStore: () => Promise<ModelStore>): void {
  const running = new Map<number, AbortController>();
  const gates = new Map<number, DownloadGate>();
  const reply = (message: StoreReply): void => port.postMessage(message);
  const fail = (id: number, error: unknown): void => reply({ id, type: 'error', error: HearthError.from(error).toJSON() });
  port.addEventListener('message', (event: MessageEvent) => {
    const request = event.data as StoreRequest;
    if (typeof request !== 'object' || request === null || typeof request.id !== 'number') return;
    if (request.op === 'abort') {
      running.get(request.target)?.abort();
      return;
    }
    if (request.op === 'gate') {
      const gate = gates.get(request.target);
      if (request.paused) gate?.pause();
      else gate?.resume();
      return;
    }
    const controller = new AbortController();
    running.set(request.id, controller);
    void (async () => {
      try {
        const store = await openStore();
        switch (request.op) {
          case 'hello':
            return reply({ id: request.id, type: 'result', value: { storage: store.kind } });
          case 'list':
            return reply({ id: request.id, type: 'result', value: await store.list() });
          case 'delete':
            await store.delete(request.sha256);
            return reply({ id: request.id, type: 'result', value: null });
          case 'ensureManifest': {
            const gate = new DownloadGate();
            gates.set(request.id, gate);
            const result = await store.ensureManifest(request.manifestUrl, {
              signal: controller.signal,
              onProgress: (progress) => reply({ id: request.id, type: 'progress', progress }),
              onEvent: (event) => reply({ id: request.id, type: 'event', event }),
              ...(request.pin ? { pin: true } : {}),
              download: { ...request.download, gate },
            });
            return reply({ id: request.id, type: 'result', value: result });
          }
        }
      } catch (error) {
        fail(request.id, error);
      } finally {
        running.delete(request.id);
        gates.delete(request.id);
      }
    })();
  });
  port.start?.();
}
