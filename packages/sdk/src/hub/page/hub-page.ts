// The hub page (served by the gateway at /hub/): an origin gate in front of a store Worker. It
// checks each connecting page's origin against the gateway's allow-list and hands allowed ones a
// direct MessagePort to the Worker; others get a `forbidden` error and nothing else.
import { HearthError } from '@hearth/spec';
import { HUB_CONNECT, workerFailure, type StoreReply } from '../store-protocol.ts';

const config: Promise<{ allowedOrigins: string[] }> = fetch('./config.json', { cache: 'no-store' }).then(
  (r) => r.json() as Promise<{ allowedOrigins: string[] }>,
);
// persist() is a Window API: the store Worker can only read the answer, so the page asks.
void navigator.storage?.persist?.().catch(() => false);

/**
 * The store Worker, handed ports only once it said it runs: a Worker whose script never loaded (a
 * network cut as the hub loaded) would take the ports and answer nothing. One that fails to start
 * is started again for the next connection. Once running, its store answers each request itself,
 * failures included; a Worker that dies after that leaves its connections waiting (no signal
 * reaches a MessagePort), which this page does not yet handle.
 */
let worker: Promise<Worker> | undefined;
/** A start that neither says `ready` nor fails in this long (a stalled script request) has failed. */
const START_TIMEOUT_MS = 10_000;
function startWorker(): Promise<Worker> {
  const started = new Worker(new URL('./hub-store-worker.ts', import.meta.url), { type: 'module', name: 'hearth-hub-store' });
  let running = false;
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      if (running) return;
      clearTimeout(timer);
      started.terminate();
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail(`it did not start in ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    started.addEventListener('message', (event: MessageEvent) => {
      if (running || (event.data as { type?: unknown } | null)?.type !== 'ready') return;
      running = true;
      clearTimeout(timer);
      resolve(started);
    });
    started.addEventListener('error', (event) => {
      if (running) return;
      event.preventDefault();
      fail(workerFailure(event));
    });
  });
}

/** The running store Worker: started (again) as needed, two starts at most per connection. */
async function storeWorker(): Promise<Worker> {
  for (let attempt = 0; ; attempt++) {
    worker ??= startWorker();
    const current = worker;
    try {
      return await current;
    } catch (error) {
      if (worker === current) worker = undefined;
      if (attempt >= 1) throw error;
      // A moment before the second start: a cut network may be back.
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

// Started with the page, as before a connection needs it; a failed start is retried on connect.
void storeWorker().catch(() => {});

addEventListener('message', (event: MessageEvent) => {
  const data = event.data as { type?: unknown } | null;
  const port = event.ports[0];
  if (data?.type !== HUB_CONNECT || !port) return;
  void config.then(({ allowedOrigins }) => {
    if (!allowedOrigins.includes(event.origin)) {
      const refusal: StoreReply = {
        id: -1,
        type: 'error',
        error: new HearthError({
          code: 'forbidden',
          message: `The origin ${event.origin} may not use this model hub.`,
          hint: "Add it to the hub's allowed origins on the gateway.",
          data: { origin: event.origin },
        }).toJSON(),
      };
      port.postMessage(refusal);
      port.close();
      return;
    }
    storeWorker().then(
      (w) => w.postMessage({ type: 'connect', origin: event.origin }, [port]),
      (error: unknown) => {
        const failure: StoreReply = {
          id: -1,
          type: 'error',
          error: new HearthError({
            code: 'engine_crashed',
            message: `The model hub's store Worker failed to start twice in a row: ${error instanceof Error ? error.message : String(error)}.`,
            hint: 'Connect again later; until then this page can download models for its own site.',
          }).toJSON(),
        };
        port.postMessage(failure);
        port.close();
      },
    );
  });
});
