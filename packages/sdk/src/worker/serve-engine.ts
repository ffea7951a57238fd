import { HearthError, type EngineV1 } from '@hearth/spec';
import type { FromWorker, MessageEndpoint, ToWorker } from './protocol.ts';

/**
 * Runs inside a Worker: answers the protocol in `protocol.ts` with a real engine. Every failure
 * goes back as a serialized HearthError so the page rebuilds the same error, code and cause intact.
 */
export function serveEngine(endpoint: MessageEndpoint, engine: EngineV1): void {
  const running = new Map<number, AbortController>();
  const send = (message: FromWorker): void => endpoint.postMessage(message);
  const fail = (id: number, error: unknown): void => send({ kind: 'failed', id, error: HearthError.from(error).toJSON() });

  endpoint.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as ToWorker;
    switch (message.kind) {
      case 'load':
        engine.load(message.request).then(
          (info) => send({ kind: 'loaded', id: message.id, info }),
          (error: unknown) => fail(message.id, error),
        );
        return;
      case 'generate': {
        const controller = new AbortController();
        running.set(message.id, controller);
        void (async () => {
          try {
            for await (const part of engine.doStream({ ...message.request, signal: controller.signal })) {
              send({ kind: 'part', id: message.id, part });
            }
          } catch (error) {
            send({ kind: 'part', id: message.id, part: { type: 'error', error: HearthError.from(error, 'engine_crashed').toJSON() } });
          } finally {
            running.delete(message.id);
          }
        })();
        return;
      }
      case 'abort':
        running.get(message.id)?.abort();
        return;
      case 'unload':
        engine.unload().then(
          () => send({ kind: 'unloaded', id: message.id }),
          (error: unknown) => fail(message.id, error),
        );
        return;
    }
  });
}
