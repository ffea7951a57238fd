// Test page: the model store in a Worker, the hub client and the wllama engine as plain async
// functions for Playwright. Progress is kept on `window` so a test can act at a chosen point.
import { connectHub, createWllamaWorkerEngine, HearthError, StoreClient, type HubConnection, type RemoteDownloadSettings, type StoreProgress } from '@hearth/sdk';
import type { LoadRequest, ModelInfo, SerializedHearthError } from '@hearth/spec';

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
  local ??= new StoreClient(new Worker(new URL('./store-worker.ts', import.meta.url), { type: 'module', name: `hearth-store${quotaName}` }));
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
  estimate: async () => navigator.storage.estimate(),
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
  load: (request: Omit<LoadRequest, 'signal'>): Promise<Outcome<ModelInfo>> => settle(() => createWllamaWorkerEngine().load(request)),
};

async function summarize(files: ReadonlyArray<{ name: string; sha256: string; size: number; blob: Blob }>, hashHere: boolean): Promise<FileSummary[]> {
  const out: FileSummary[] = [];
  for (const f of files) out.push({ name: f.name, sha256: f.sha256, size: f.size, blobSize: f.blob.size, ...(hashHere ? { receivedSha256: await sha256(f.blob) } : {}) });
  return out;
}

declare global {
  interface Window {
    storeHarness: typeof storeHarness;
  }
}
window.storeHarness = storeHarness;
