// The hub's store: OPFS in this Worker, shared by every allowed origin of the hub's site.
import { openBrowserModelStore } from '../../store/open-browser-model-store.ts';
import { serveStore } from '../serve-store.ts';

const store = openBrowserModelStore();
// Opening can fail (partitioned storage); each request then reports it, and the client falls back.
store.catch(() => {});

addEventListener('message', (event: MessageEvent) => {
  const data = event.data as { type?: unknown } | null;
  const port = event.ports[0];
  if (data?.type === 'connect' && port) serveStore(port, () => store);
});
// The hub page hands out ports only after this: a Worker whose script never ran says nothing.
postMessage({ type: 'ready' });
