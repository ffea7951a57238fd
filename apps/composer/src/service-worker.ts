// The composer's Service Worker: the app shell (page, scripts, harper's and the engines' wasm,
// the dictionaries) cached at install from precache.json, written by the build; so after the first
// visit the page opens and proofreads with the network off. Model bytes are not here: they live in
// OPFS, where the SDK's store keeps them. Nothing the user writes passes through this file: only
// GET requests for the page's own files are cached, never /v1/ answers (except the model list).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerGlobal {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}
const sw = self as unknown as WorkerGlobal;
const CACHE = 'hearth-composer-shell-v1';

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const files = (await (await fetch('./precache.json', { cache: 'no-store' })).json()) as string[];
      await cache.addAll(['./', ...files.map((f) => `./${f}`)]);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

/** The page's own files and the model list; never generation requests nor model bytes (ranges). */
function cacheable(request: Request, url: URL): boolean {
  if (request.method !== 'GET' || url.origin !== sw.location.origin || request.headers.has('Range')) return false;
  if (url.pathname.startsWith('/v1/')) return url.pathname === '/v1/models';
  if (url.pathname.startsWith('/models/')) return url.pathname === '/models/' || url.pathname.endsWith('/manifest.json');
  return true;
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (!cacheable(request, url)) return;
  // Content-hashed files never change: the cache first. Everything else: the network first, so an
  // update shows at once, and the cache when the network is gone.
  const immutable = url.pathname.includes('/assets/');
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const navigation = request.mode === 'navigate';
      if (immutable) {
        const hit = await cache.match(request);
        if (hit) return hit;
      }
      try {
        const response = await fetch(request);
        if (response.ok && response.type === 'basic') await cache.put(navigation ? './' : request, response.clone());
        return response;
      } catch (error) {
        const hit = await cache.match(navigation ? './' : request, { ignoreSearch: navigation });
        if (hit) return hit;
        throw error;
      }
    })(),
  );
});
