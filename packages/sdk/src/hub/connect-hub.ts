import { HearthError } from '@hearth/spec';
import type { StoredFileInfo } from '../store/model-store.ts';
import { StoreClient, type ModelStoreLike, type RemoteEnsureOptions } from './store-client.ts';
import { HUB_CONNECT } from './store-protocol.ts';

export interface ConnectHubOptions {
  /** The hub page, e.g. `https://models.example.com/hub/` (served by the Hearth gateway). */
  hubUrl: string;
  /**
   * This site's own store, used when the hub cannot share: it is on another site, where browsers
   * partition or deny its storage (`engine_unavailable`), or its store Worker failed to start
   * (`engine_crashed`). Without it, such a hub is that error.
   */
  fallback?: () => Promise<ModelStoreLike>;
  /** How long the hub may take to load and answer. */
  timeoutMs?: number;
}

/** Default next to its option: a hub page is small, but the first load compiles a Worker. */
const DEFAULT_TIMEOUT_MS = 15_000;

export interface HubConnection extends ModelStoreLike {
  /** True when models come from the hub's storage, shared with every allowed origin of its site. */
  readonly shared: boolean;
  /** Why the connection does not share, in a sentence for developers and logs. */
  readonly reason: string | undefined;
  /** Where the files live: the hub's storage, or `local` (this site's fallback store). */
  readonly storage: 'opfs' | 'cache-api' | 'fs' | 'local';
  close(): void;
}

/**
 * Connects to a model hub: a page on one origin, embedded as a hidden iframe, that keeps models in
 * its own storage and hands verified files to allowed origins. Within one site (subdomains and
 * ports of one registrable domain) every allowed origin shares one download. Across sites,
 * browsers partition the hub's storage (Chromium denies it outright), so the connection falls
 * back to `fallback`, with `shared: false` and the reason; so does a hub whose store Worker fails
 * to start twice. Origins not on the hub's allow-list get a `forbidden` error.
 *
 * @example
 * const hub = await connectHub({ hubUrl: 'https://models.example.com/hub/', fallback: () => openBrowserModelStore() })
 * const { files } = await hub.ensureManifest('https://models.example.com/models/qwen/manifest.json')
 */
export async function connectHub(options: ConnectHubOptions): Promise<HubConnection> {
  const hubUrl = new URL(options.hubUrl, location.href);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const iframe = document.createElement('iframe');
  iframe.src = hubUrl.href;
  iframe.style.display = 'none';
  iframe.setAttribute('aria-hidden', 'true');
  const loaded = new Promise<void>((resolve) => iframe.addEventListener('load', () => resolve(), { once: true }));
  document.body.append(iframe);
  const close = (): void => iframe.remove();
  try {
    await withTimeout(loaded, timeoutMs, `The hub ${hubUrl.href} did not load.`);
    const channel = new MessageChannel();
    iframe.contentWindow?.postMessage({ type: HUB_CONNECT, version: 1 }, hubUrl.origin, [channel.port2]);
    const client = new StoreClient(channel.port1);
    try {
      const hello = await withTimeout(client.hello(), timeoutMs, `The hub ${hubUrl.href} did not answer.`);
      return {
        shared: true,
        reason: undefined,
        close,
        ensureManifest: (url: string, o?: RemoteEnsureOptions) => client.ensureManifest(url, o),
        list: (): Promise<StoredFileInfo[]> => client.list(),
        storage: hello.storage,
      };
    } catch (error) {
      const e = HearthError.from(error);
      if ((e.code !== 'engine_unavailable' && e.code !== 'engine_crashed') || !options.fallback) throw e;
      const local = await options.fallback();
      close();
      const why =
        e.code === 'engine_crashed'
          ? `The hub ${hubUrl.origin} could not start its store (${e.message})`
          : `The hub ${hubUrl.origin} cannot keep models for this page (${e.message}). It is most likely on another site, whose storage the browser partitions`;
      return {
        shared: false,
        storage: 'local',
        reason: `${why}; models are downloaded and stored for ${location.origin}'s site only.`,
        close: () => {},
        ensureManifest: (url: string, o?: RemoteEnsureOptions) => local.ensureManifest(url, o),
        list: () => local.list(),
      };
    }
  } catch (error) {
    close();
    throw error;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new HearthError({ code: 'timeout', message, hint: 'Check the hub URL and that the gateway serves /hub/.' })), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
