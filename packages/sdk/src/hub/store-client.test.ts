import { afterEach, describe, expect, it } from 'vitest';
import { HearthError } from '@hearth/spec';
import { StoreClient } from './store-client.ts';
import type { StoreReply, StoreRequest } from './store-protocol.ts';

// A real MessageChannel (Node's): the other end answers as a store would, by hand.
const channels: MessageChannel[] = [];
function connect(): { client: StoreClient; requests: StoreRequest[]; reply(message: StoreReply): void } {
  const channel = new MessageChannel();
  channels.push(channel);
  const requests: StoreRequest[] = [];
  channel.port2.addEventListener('message', (event) => requests.push((event as MessageEvent).data as StoreRequest));
  channel.port2.start();
  return { client: new StoreClient(channel.port1), requests, reply: (message) => channel.port2.postMessage(message) };
}
const turn = () => new Promise((resolve) => setTimeout(resolve, 20));

afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

describe('StoreClient', () => {
  it('rejects a call whose signal is already aborted with `aborted`, sending the store nothing', async () => {
    const { client, requests } = connect();
    const controller = new AbortController();
    controller.abort();
    const error = await client.ensureManifest('https://models.example/m/manifest.json', { signal: controller.signal }).catch((e: unknown) => e);
    expect(HearthError.isInstance(error) && error.code).toBe('aborted');
    await turn();
    expect(requests).toEqual([]);
  });

  it('sends an abort for a running call, and lets go of the signal once the call settles', async () => {
    const { client, requests, reply } = connect();
    const controller = new AbortController();
    const listeners = new Set<unknown>();
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => (
      listeners.add(listener),
      add(type, listener, options)
    )) as typeof signal.addEventListener;
    signal.removeEventListener = ((type: string, listener: EventListener) => (
      listeners.delete(listener),
      remove(type, listener)
    )) as typeof signal.removeEventListener;

    const first = client.ensureManifest('https://models.example/a/manifest.json', { signal });
    await turn();
    expect(listeners.size).toBe(1);
    reply({
      id: requests[0]!.id,
      type: 'result',
      value: {
        manifest: { manifestVersion: 1, files: [] } as never,
        files: [],
        stats: {
          bytesFetched: 0,
          bytesResumed: 0,
          bytesReadBack: 0,
          bytesHashedInWorker: 0,
          bytesHashedNatively: 0,
          chunksVerified: 0,
          retries: 0,
          restarts: 0,
        },
      },
    });
    await first;
    // Settled: the signal no longer holds this call (or its port).
    expect(listeners.size).toBe(0);

    const second = client.ensureManifest('https://models.example/b/manifest.json', { signal });
    await turn();
    controller.abort();
    await turn();
    expect(requests.at(-1)).toMatchObject({ op: 'abort', target: requests[1]!.id });
    reply({ id: requests[1]!.id, type: 'error', error: new HearthError({ code: 'aborted', message: 'aborted' }).toJSON() });
    await expect(second).rejects.toMatchObject({ code: 'aborted' });
    expect(listeners.size).toBe(0);
  });
});
