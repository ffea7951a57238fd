import { resolve } from 'node:path';
import { HearthError } from '@hearth/spec';
import { type ModelStore, type StoreProgress, type StoreEvent } from '@hearth/sdk/store';
import { defaultNodeStoreDir, openNodeModelStore, type NodeFsBackend } from '@hearth/sdk/node';
import { probeGgufUrl } from './probe-gguf-url.ts';
import { describeStoreEvent, ProgressBar } from './progress-bar.ts';

/** The user's model store, and how downloads into it report. */
export interface CliStore {
  store: ModelStore;
  backend: NodeFsBackend;
  dir: string;
  onProgress: (p: StoreProgress) => void;
  onEvent: (e: StoreEvent) => void;
  /** Ends the progress line. */
  done(): void;
  signal?: AbortSignal;
  pin?: boolean;
}

export interface CliStoreOptions {
  /** Default `HEARTH_STORE`, else the user's cache folder (XDG on Linux). */
  dir?: string;
  parallel?: number;
  chunkSize?: number;
  signal?: AbortSignal;
  pin?: boolean;
  stderr?: NodeJS.WriteStream;
}

export function openCliStore(options: CliStoreOptions = {}): CliStore {
  const download: { parallel?: number; chunkSize?: number; saveEvery?: number } = {};
  if (options.parallel !== undefined) download.parallel = options.parallel;
  if (options.chunkSize !== undefined) {
    download.chunkSize = options.chunkSize;
    // A resume point twice a chunk: a killed pull loses what arrived since the last one plus what sat
    // in the socket, which then stays under one chunk.
    download.saveEvery = Math.min(Math.max(options.chunkSize / 2, 64 << 10), 2 << 20);
  }
  const dir = resolve(options.dir ?? defaultNodeStoreDir());
  const { store, backend } = openNodeModelStore({ dir, download });
  const bar = new ProgressBar(options.stderr ?? process.stderr);
  return {
    store,
    backend,
    dir,
    onProgress: (p) => bar.update(p),
    onEvent: (e) => bar.note(describeStoreEvent(e)),
    done: () => bar.done(),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.pin ? { pin: true } : {}),
  };
}

/** A model file in the store: where it is, and how its SHA-256 is known. */
export interface FetchedFile {
  path: string;
  name: string;
  size: number;
  sha256: string;
  /** `published`: checked against the host's or catalog's hash; `computed`: nobody published one, so it was computed and recorded. */
  verified: 'published' | 'computed';
}

export interface FetchFileOptions {
  /** The SHA-256 the catalog or the user (`--sha256`) gives. */
  sha256?: string;
  /** For messages: "qwen2.5-0.5b-instruct (Q4_0)". */
  what?: string;
  expectedSize?: number;
}

/**
 * One GGUF file at `url` into the store: what is stored already is used without the network;
 * otherwise the first bytes are checked (GGUF magic, size, HTML, 404), then the file is downloaded
 * with Range resume, verified against the published SHA-256 when there is one (the catalog's,
 * `--sha256`, Hugging Face's X-Linked-ETag, a Hearth gateway's ETag), else hashed and recorded.
 */
export async function fetchModelFile(url: string, options: FetchFileOptions, io: CliStore): Promise<FetchedFile> {
  const known = options.sha256?.toLowerCase();
  const stored = (await io.store.list()).find((f) => f.state === 'complete' && (known !== undefined ? f.sha256 === known : f.url === url));
  if (stored) {
    io.onEvent({ type: 'cached', name: stored.name, sha256: stored.sha256 });
    return {
      path: io.backend.completePath(stored.sha256),
      name: stored.name,
      size: stored.size,
      sha256: stored.sha256,
      verified: known !== undefined ? 'published' : 'computed',
    };
  }
  const probe = await probeGgufUrl(url, {
    ...(options.what ? { what: options.what } : {}),
    ...(options.expectedSize ? { expectedSize: options.expectedSize } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
  });
  if (known !== undefined && probe.publishedSha256 !== undefined && probe.publishedSha256 !== known) {
    throw new HearthError({
      code: 'integrity_mismatch',
      message: `${url} publishes SHA-256 ${probe.publishedSha256}; expected ${known}.`,
      hint: 'The file on the server is not the one the catalog (or --sha256) names; nothing was downloaded.',
      data: { url, expected: known, actual: probe.publishedSha256 },
    });
  }
  const options_ = { onProgress: io.onProgress, onEvent: io.onEvent, ...(io.signal ? { signal: io.signal } : {}), ...(io.pin ? { pin: true } : {}) };
  const expected = known ?? probe.publishedSha256;
  try {
    if (expected !== undefined) {
      const { files } = await io.store.ensure([{ url, name: probe.name, size: probe.size, sha256: expected }], options_);
      const file = files[0]!;
      return { path: io.backend.completePath(file.sha256), name: file.name, size: file.size, sha256: file.sha256, verified: 'published' };
    }
    const file = await io.store.ensureComputingHash({ url, name: probe.name, size: probe.size }, options_);
    return { path: io.backend.completePath(file.sha256), name: file.name, size: file.size, sha256: file.sha256, verified: 'computed' };
  } finally {
    io.done();
  }
}
