// The hub page (served by the gateway at /hub/): an origin gate in front of a store Worker. It
// checks each connecting page's origin against the gateway's allow-list and hands allowed ones a
// direct MessagePort to the Worker; others get a `forbidden` error and nothing else.
import { HearthError } from '@hearth/spec';
import { HUB_CONNECT, type StoreReply } from '../store-protocol.ts';

const config: Promise<{ allowedOrigins: string[] }> = fetch('./config.json', { cache: 'no-store' }).then((r) => r.json() as Promise<{ allowedOrigins: string[] }>);
// persist() is a Window API: the store Worker can only read the answer, so the page asks.
void navigator.storage?.persist?.().catch(() => false);
const worker = new Worker(new URL('./hub-store-worker.ts', import.meta.url), { type: 'module', name: 'hearth-hub-store' });

addEventListener('message', (event: MessageEvent) => {
  const data = event.data as { type?: unknown } | null;
  const port = event.ports[0];
  if (data?.type !== HUB_CONNECT || !port) return;
  void config.then(({ allowedOrigins }) => {
    if (!allowedOrigins.includes(event.origin)) {
      const refusal: StoreReply = {
        id: -1,
        type: 'error',
        error: new HearthError({ code: 'forbidden', message: `The origin ${event.origin} may not use this model hub.`, hint: "Add it to the hub's allowed origins on the gateway.", data: { origin: event.origin } }).toJSON(),
      };
      port.postMessage(refusal);
      port.close();
      return;
    }
    worker.postMessage({ type: 'connect', origin: event.origin }, [port]);
  });
});
