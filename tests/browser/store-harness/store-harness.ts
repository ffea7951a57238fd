// Test page: the model store in a Worker, the hub client and the wllama engine as plain async
// functions for Playwright. Progress is kept on `window` so a test can act at a chosen point.
import { HearthError } from '@hearth/sdk';
import { workerSha256, type Sha256Stream, type StoreProgress } from '@hearth/sdk/store';
import { connectHub, StoreClient, type HubConnection, type RemoteDownloadSettings } from '@hearth/sdk/hub';
import type { LoadRequest, ModelInfo, SerializedHearthError } from '@hearth/spec';
import { deviceWorkerEngine } from '../../support/device-route.ts';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: SerializedHearthError };

async function settle<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: HearthError.from(error).toJSON() };
  }
}

let local: StoreClient | undefined;
let quotaName = '';
function localStore(): StoreClient {
  local ??= StoreClient.inWorker(() => new Worker(new URL('./store-worker.ts', import.meta.url), { type: 'module', name: `hearth-store${quotaName}` }));
  return local;
}
let hub: HubConnection | undefined;

async function sha256(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

interface FileSummary {
  name: string;
  sha256: string;
  size: number;
  blobSize: number;
  /** SHA-256 of the Blob as this page received it, computed here. */
  receivedSha256?: string;
}

const storeHarness = {
  progress: undefined as StoreProgress | undefined,
  events: [] as string[],
  ensure: (manifestUrl: string, download?: RemoteDownloadSettings, hashHere = false) =>
    settle(async () => {
      const result = await localStore().ensureManifest(manifestUrl, {
        onProgress: (p) => (storeHarness.progress = p),
        onEvent: (e) => storeHarness.events.push(e.type),
        ...(download ? { download } : {}),
      });
      return { files: await summarize(result.files, hashHere), stats: result.stats, storage: (await localStore().hello()).storage };
    }),
  list: () => settle(() => localStore().list()),
  /** Answers once the store Worker has opened its store (OPFS, IndexedDB). */
  hello: () => settle(() => localStore().hello()),
  /** The origin's Web Locks, held and waited for: who holds a download when one never ends. */
  locks: async () => {
    const { held = [], pending = [] } = await navigator.locks.query();
    const name = (l: LockInfo): string => `${l.name}@${(l.clientId ?? '?').slice(0, 8)}`;
    return { held: held.map(name), pending: pending.map(name) };
  },
  estimate: async () => navigator.storage.estimate(),
  /**
   * Store calls over Workers that fail: `plain` is `new StoreClient(worker)` over a Worker that
   * throws as it starts (two calls); `restarting` is `StoreClient.inWorker` whose first Worker's
   * script is missing and whose next is the real store Worker (two calls). Each call's outcome.
   */
  failingWorkers: async () => {
    const throwing = URL.createObjectURL(new Blob(['throw new Error("the store Worker broke");'], { type: 'text/javascript' }));
    const plain = new StoreClient(new Worker(throwing));
    const plainOutcomes = [await settle(() => plain.list()), await settle(() => plain.hello())];
    let made = 0;
    const restarting = StoreClient.inWorker(() =>
      made++ === 0
        ? new Worker('/no-such-store-worker.js', { type: 'module' })
        : new Worker(new URL('./store-worker.ts', import.meta.url), { type: 'module', name: 'hearth-store-restarted' }),
    );
    const restartingOutcomes = [await settle(() => restarting.list()), await settle(() => restarting.hello())];
    return { plain: plainOutcomes, restarting: restartingOutcomes, workersMade: made };
  },
  /** Before the first store call: the store Worker gets this quota as its `estimate` dependency. */
  injectQuota: (bytes: number) => {
    quotaName = `?quota=${bytes}`;
  },
  hubConnect: (hubUrl: string) =>
    settle(async () => {
      hub = await connectHub({ hubUrl, fallback: async () => localStore(), timeoutMs: 20_000 });
      return { shared: hub.shared, storage: hub.storage, reason: hub.reason ?? null };
    }),
  hubEnsure: (manifestUrl: string) =>
    settle(async () => {
      if (!hub) throw new HearthError({ code: 'invalid_request', message: 'hubConnect first' });
      const result = await hub.ensureManifest(manifestUrl, { onProgress: (p) => (storeHarness.progress = p) });
      return { files: await summarize(result.files, true), shared: hub.shared };
    }),
  /** A stored file read through a store reader into shared memory, in a Worker of its own (reader-worker.ts). */
  readStored: (manifestUrl: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const worker = new Worker(new URL('./reader-worker.ts', import.meta.url), { type: 'module', name: 'hearth-reader' });
      worker.onmessage = (event: MessageEvent<Record<string, unknown>>) => {
        worker.terminate();
        resolve(event.data);
      };
      worker.onerror = (event) => resolve({ ok: false, error: event.message });
      worker.postMessage({ manifestUrl });
    }),
  /** A new Worker engine of `engine` loading `request` (then stopped): its model comes through the store. */
  load: (request: Omit<LoadRequest, 'signal'>, engine: 'wllama' | 'llama-wasm' = 'wllama'): Promise<Outcome<ModelInfo>> =>
    settle(async () => {
      const worker = deviceWorkerEngine(engine);
      try {
        return await worker.load(request);
      } finally {
        worker.terminate();
      }
    }),
  /**
   * SHA-256 of `mib` MiB of random bytes through `workerSha256`, in 1 MiB pieces, against
   * WebCrypto's digest of the same bytes. `worker` picks what the factory starts: the SDK's own
   * hashing Worker module, a script that is not there, a constructor that throws, or a Worker that
   * starts and then crashes on its first piece. With `reopenAt`, the hash is closed after that many
   * MiB and reopened from its checkpoint of that moment, then fed again from the checkpoint on, as
   * a resumed download is.
   */
  hashThrough: (worker: 'sdk' | 'missing' | 'throws' | 'crashes', mib: number, reopenAt?: number) =>
    settle(async () => {
      const createWorker = (): Worker => {
        if (worker === 'sdk') return new Worker(new URL('../../../packages/sdk/src/store/sha256-worker.ts', import.meta.url), { type: 'module' });
        if (worker === 'missing') return new Worker('/no-such-sha256-worker.js', { type: 'module' });
        if (worker === 'throws') throw new DOMException('Workers are not allowed here', 'SecurityError');
        const crashing = `onmessage = (e) => { if (e.data.op === 'init') postMessage({ op: 'ready' }); else throw new Error('the hash Worker crashed'); };`;
        return new Worker(URL.createObjectURL(new Blob([crashing], { type: 'text/javascript' })));
      };
      const open = workerSha256({ createWorker, minSize: 0, maxQueued: 2 << 20, startTimeoutMs: 5_000 });
      const size = mib << 20;
      const bytes = new Uint8Array(size);
      for (let at = 0; at < size; at += 65_536) crypto.getRandomValues(bytes.subarray(at, at + 65_536));
      let hash: Sha256Stream = await open(null, size);
      const inWorker = hash.inWorker;
      let reopenedAt: number | null = null;
      let waitedForRoom = 0;
      for (let i = 0; i < mib; i++) {
        const room = hash.update(bytes.slice(i << 20, (i + 1) << 20));
        let settled = false;
        void room.then(
          () => (settled = true),
          () => {},
        );
        await Promise.resolve();
        if (!settled) waitedForRoom++;
        await room;
        if (reopenAt !== undefined && reopenedAt === null && i + 1 === reopenAt) {
          // Taken at once, as a resume point is: it may lag the pieces given; feeding resumes after it.
          const checkpoint = hash.checkpoint();
          hash.close();
          hash = await open(checkpoint, size);
          reopenedAt = checkpoint?.bytes ?? 0;
          i = reopenedAt / (1 << 20) - 1;
        }
      }
      const hex = await hash.hex();
      hash.close();
      const expected = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
      return { inWorker, hex, expected, reopenedAt, waitedForRoom };
    }),
};

async function summarize(files: ReadonlyArray<{ name: string; sha256: string; size: number; blob: Blob }>, hashHere: boolean): Promise<FileSummary[]> {
  const out: FileSummary[] = [];
  for (const f of files)
    out.push({ name: f.name, sha256: f.sha256, size: f.size, blobSize: f.blob.size, ...(hashHere ? { receivedSha256: await sha256(f.blob) } : {}) });
  return out;
}

declare global {
  interface Window {
    storeHarness: typeof storeHarness;
  }
}
window.storeHarness = storeHarness;
