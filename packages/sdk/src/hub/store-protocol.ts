import type { ModelManifest, SerializedHearthError } from '@hearth/spec';
import type { DownloadStats } from '../store/download-file.ts';
import type { StoreEvent, StoreProgress, StoredFile, StoredFileInfo } from '../store/model-store.ts';

/** Downloader settings a caller may choose across the boundary. */
export interface RemoteDownloadSettings {
  chunkSize?: number;
  parallel?: number;
}

/** Requests to a model store in a Worker (the app's own, or a hub's), over a MessagePort. */
export type StoreRequest =
  | { id: number; op: 'hello' }
  | { id: number; op: 'ensureManifest'; manifestUrl: string; pin?: boolean; download?: RemoteDownloadSettings }
  | { id: number; op: 'list' }
  | { id: number; op: 'delete'; sha256: string }
  | { id: number; op: 'abort'; target: number }
  /** Pauses or resumes a running ensure without dropping its connections (DownloadGate). */
  | { id: number; op: 'gate'; target: number; paused: boolean };

export interface HelloResult {
  storage: 'opfs' | 'cache-api' | 'fs';
}

export interface EnsureManifestResult {
  manifest: ModelManifest;
  /** Verified, storage-backed Blobs (structured-cloned across the port, not copied into memory). */
  files: StoredFile[];
  stats: DownloadStats;
}

/** Replies carry the request's id; id -1 is the hub refusing the whole connection. */
export type StoreReply =
  | { id: number; type: 'progress'; progress: StoreProgress }
  | { id: number; type: 'event'; event: StoreEvent }
  | { id: number; type: 'result'; value: HelloResult | EnsureManifestResult | StoredFileInfo[] | null }
  | { id: number; type: 'error'; error: SerializedHearthError };

/** The message a page posts to the hub iframe, with a MessagePort, to connect. */
export const HUB_CONNECT = 'hearth-hub-connect';

/** The port-like surface both ends need (MessagePort, a Worker, a Worker's global scope). */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
}

/**
 * Why a store Worker fired `error`: an ErrorEvent carries its uncaught error; a plain Event means
 * its script never ran (not fetched, or not a script).
 */
export function workerFailure(event: Event): string {
  const thrown = (event as Partial<ErrorEvent>).message;
  return thrown ? `it threw: ${thrown}` : 'its script did not load or run';
}
