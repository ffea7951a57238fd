// The composer's Service Worker: after the first visit the page opens and works with the network
// off. At install it caches the app shell (page, scripts, harper, the dictionaries: precache.json,
// written by the build) and the SDK the page imports from /sdk/ with the Workers' scripts beside
// it (/sdk/files.json, written by the SDK's build). The engines' wasm (MBs each, and a device runs
// one of them) is kept when an engine first loads it. Model bytes are not here: they live in OPFS,
// where the SDK's store keeps them. Nothing the user writes passes through this file: only GET
// requests for the page's own files are cached, never /v1/ answers (except the model list).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  data: unknown;
}
interface WorkerGlobal {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}
const sw = self as unknown as WorkerGlobal;
// v2: the SDK joined the shell.
const CACHE = 'hearth-composer-shell-v2';
const SDK = '/sdk/';
/** SDK files cached at install: its code (the entry, the Workers' scripts, emscripten's glue), not the MBs of wasm nor WebGPU's web-llm. */
const SDK_INSTALL_MAX_BYTES = 2_000_000;

interface SdkFiles {
  entry: string;
  files: Array<{ path: string; bytes: number }>;
}

/** The SDK's own list of what it may load; an SDK built without one still gets its entry cached. */
async function sdkFiles(): Promise<SdkFiles> {
  try {
    const response = await fetch(`${SDK}files.json`, { cache: 'no-store' });
    if (response.ok) return (await response.json()) as SdkFiles;
  } catch {
    // Handled below: the entry alone.
  }
  return { entry: 'hearth.js', files: [] };
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const shell = (await (await fetch('./precache.json', { cache: 'no-store' })).json()) as string[];
      const sdk = await sdkFiles();
      const code = sdk.files.filter((f) => /\.m?js$/.test(f.path) && f.bytes <= SDK_INSTALL_MAX_BYTES).map((f) => SDK + f.path);
      await cache.addAll(['./', ...shell.map((f) => `./${f}`), ...new Set([SDK + sdk.entry, ...code])]);
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

/**
 * What the page loaded before this worker controlled it (a first visit: the SDK's engine may start
 * before install ends) is copied from the browser's HTTP cache into this one, never downloaded
 * again: `only-if-cached` answers from that cache or fails. The page asks once its engine is ready.
 */
async function keep(urls: readonly string[]): Promise<void> {
  const cache = await caches.open(CACHE);
  const sdk = await sdkFiles();
  const wanted = new Set([...urls, ...sdk.files.map((f) => new URL(SDK + f.path, sw.location.origin).href)]);
  for (const href of wanted) {
    const url = new URL(href, sw.location.origin);
    const request = new Request(url, { cache: 'only-if-cached', mode: 'same-origin' });
    if (!cacheable(request, url) || (await cache.match(url))) continue;
    const response = await fetch(request).catch(() => undefined);
    if (response?.ok) await cache.put(url, response);
  }
}

sw.addEventListener('message', (event) => {
  const data = event.data as { type?: string; urls?: unknown } | null;
  if (data?.type !== 'keep') return;
  const urls = Array.isArray(data.urls) ? data.urls.filter((u): u is string => typeof u === 'string') : [];
  event.waitUntil(keep(urls));
});

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
