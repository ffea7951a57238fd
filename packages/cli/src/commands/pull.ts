import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createHash } from 'node:crypto';
import { HearthError, type ModelManifest } from '@hearth/spec';
import { formatBytes, type StoreEvent, type StoreProgress } from '@hearth/sdk';
import { defaultNodeStoreDir, openNodeModelStore } from '@hearth/sdk/node';

export const PULL_USAGE = `hearth pull <model id | URL | path> [options]

  <model id>   a model on the gateway: <gateway>/models/<id>/manifest.json
  <URL>        a manifest URL (…/manifest.json) or a model file URL
  <path>       a local GGUF file, copied into the store after hashing
  --gateway <url>     gateway for model ids (HEARTH_GATEWAY, default http://localhost:8787)
  --dir <path>        the store (HEARTH_STORE, default ~/.cache/hearth/models)
  --sha256 <hex>      expected SHA-256 of a file URL or path
  --parallel <n>      Range requests at once (default 3)
  --chunk-mib <n>     MiB per Range request (default 16)
  --pin               never evict these files

Stopping it (Ctrl-C, a kill) keeps what arrived; running it again resumes and verifies.
`;

/** `hearth pull`: downloads a model into the local store, resumably, and prints each verified file. */
export async function pullCommand(argv: string[], io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } = process): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      gateway: { type: 'string' },
      dir: { type: 'string' },
      sha256: { type: 'string' },
      parallel: { type: 'string' },
      'chunk-mib': { type: 'string' },
      pin: { type: 'boolean' },
    },
  });
  const what = positionals[0];
  if (what === undefined || positionals.length > 1) {
    throw new HearthError({ code: 'invalid_request', message: 'hearth pull takes one model id, URL or path.', hint: PULL_USAGE });
  }
  const download: { parallel?: number; chunkSize?: number } = {};
  if (values.parallel !== undefined) download.parallel = positiveInteger('--parallel', values.parallel);
  if (values['chunk-mib'] !== undefined) download.chunkSize = positiveInteger('--chunk-mib', values['chunk-mib']) * (1 << 20);
  const dir = resolve(values.dir ?? defaultNodeStoreDir());
  const { store, backend } = openNodeModelStore({ dir, download });
  const bar = new ProgressBar(io.stderr);
  const controller = new AbortController();
  // Ctrl-C saves the resume point before exiting; a SIGKILL loses only what was in flight.
  const stop = (): void => controller.abort(new HearthError({ code: 'aborted', message: 'Stopped.' }));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const options = {
    signal: controller.signal,
    onProgress: (p: StoreProgress) => bar.update(p),
    onEvent: (e: StoreEvent) => bar.note(describe(e)),
    ...(values.pin ? { pin: true } : {}),
  };
  try {
    let files: Array<{ name: string; sha256: string; size: number }>;
    const source = await classify(what, values.gateway ?? process.env['HEARTH_GATEWAY'] ?? 'http://localhost:8787');
    if (source.type === 'path') {
      const size = (await stat(source.path)).size;
      const sha256 = values.sha256?.toLowerCase() ?? (await hashFile(source.path));
      const stream = Readable.toWeb(createReadStream(source.path, { highWaterMark: 1 << 20 })) as ReadableStream<Uint8Array>;
      files = [await store.importStream({ name: basename(source.path), size, sha256, url: `file://${source.path}` }, stream)];
    } else if (source.type === 'manifest') {
      files = (await store.ensureManifest(source.url, options)).files;
    } else {
      const target = await describeFileUrl(source.url, values.sha256);
      files = (await store.ensure([target], options)).files;
    }
    bar.done();
    for (const file of files) io.stdout.write(`${file.sha256}  ${formatBytes(file.size)}  ${backend.completePath(file.sha256)}  (${file.name}, verified)\n`);
  } catch (error) {
    bar.done();
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

type Source = { type: 'manifest'; url: string } | { type: 'file-url'; url: string } | { type: 'path'; path: string };

async function classify(what: string, gateway: string): Promise<Source> {
  if (/^https?:\/\//i.test(what)) return { type: new URL(what).pathname.endsWith('.json') ? 'manifest' : 'file-url', url: what };
  const isFile = await stat(what).then(
    (s) => s.isFile(),
    () => false,
  );
  if (isFile) return { type: 'path', path: resolve(what) };
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(what)) return { type: 'manifest', url: new URL(`models/${encodeURIComponent(what)}/manifest.json`, gateway.endsWith('/') ? gateway : `${gateway}/`).href };
  throw new HearthError({ code: 'invalid_request', message: `"${what}" is neither a model id, a URL nor an existing file.`, hint: PULL_USAGE });
}

/** A file URL needs a size and a hash: from --sha256, the manifest beside it, or a Hearth gateway's ETag. */
async function describeFileUrl(url: string, sha256: string | undefined) {
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? 'model.gguf');
  const manifest = await fetch(new URL('manifest.json', url)).then(
    (r) => (r.ok ? (r.json() as Promise<ModelManifest>) : undefined),
    () => undefined,
  );
  const entry = manifest?.files?.find((f) => f.name === name);
  if (entry && (sha256 === undefined || entry.sha256 === sha256.toLowerCase())) return { url, name, size: entry.size, sha256: entry.sha256 };
  const head = await fetch(url, { method: 'HEAD' }).catch((cause: unknown) => {
    throw new HearthError({ code: 'network', message: `Could not reach ${url}.`, cause });
  });
  if (!head.ok) throw new HearthError({ code: head.status === 404 ? 'model_not_found' : 'network', message: `${url} answered HTTP ${head.status}.` });
  const size = Number(head.headers.get('Content-Length'));
  const fromEtag = /^"sha256-([0-9a-f]{64})"$/.exec(head.headers.get('ETag') ?? '')?.[1];
  const expected = sha256?.toLowerCase() ?? fromEtag;
  if (expected === undefined || !Number.isSafeInteger(size)) {
    throw new HearthError({ code: 'invalid_request', message: `Nothing says what SHA-256 ${url} should have.`, hint: 'Pass --sha256 <hex>, or pull the model manifest URL instead.' });
  }
  return { url, name, size, sha256: expected };
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function positiveInteger(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new HearthError({ code: 'invalid_request', message: `${flag} is "${value}", not a positive integer.` });
  return n;
}

function describe(event: StoreEvent): string | undefined {
  switch (event.type) {
    case 'resumed':
      return `resuming ${event.name}: ${formatBytes(event.bytesOnStorage)} already here`;
    case 'retry':
      return `connection problem on ${event.name} (${event.error}); retry ${event.attempt} in ${event.delayMs} ms`;
    case 'restarted':
      return event.reason === 'changed-on-server' ? `${event.name} changed on the server: starting it again` : `${event.name}: saved progress unreadable, starting again`;
    case 'cached':
      return `${event.name} is already here`;
    case 'evicted':
      return `evicted ${event.name} (${formatBytes(event.size)}) to make room`;
    case 'waiting-for-lock':
      return `another download of ${event.name} is running; waiting for it`;
    case 'persisted':
      return undefined;
  }
}

/** One redrawn line on a terminal; a line per 10% otherwise (logs, CI). */
class ProgressBar {
  private lastDecile = -1;
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  update(p: StoreProgress): void {
    const fraction = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const eta = p.etaSeconds === undefined ? '' : `  ETA ${Math.ceil(p.etaSeconds)}s`;
    const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}%  ${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}  ${formatBytes(Math.round(p.rate))}/s${eta}`;
    if (this.out.isTTY) {
      this.out.write(`\r${text}\x1b[K`);
      this.drawn = true;
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile !== this.lastDecile) {
        this.lastDecile = decile;
        this.out.write(`${text}\n`);
      }
    }
  }

  note(line: string | undefined): void {
    if (line === undefined) return;
    if (this.drawn) this.out.write('\r\x1b[K');
    this.out.write(`${line}\n`);
  }

  done(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
