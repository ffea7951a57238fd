import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { HearthError } from '@hearth/spec';
import { type Catalog, type CatalogModel } from '@hearth/sdk/planner';
import { formatBytes } from '@hearth/sdk/store';
import { sha256File } from '@hearth/sdk/node';
import { chooseVariant, cliCatalog, fetchCatalogModel } from '../models/catalog-model.ts';
import { fetchModelFile, openCliStore, type FetchedFile } from '../models/fetch-model.ts';

export const PULL_USAGE = `hearth pull <model id | URL | path> [options]

  <model id>   a catalog model (hearth models): the variant that fits this machine, or --quant;
               or, with --gateway, a model on a Hearth gateway
  <URL>        any GGUF file URL (Hugging Face resolve/ links included), or a Hearth manifest
               URL (…/manifest.json)
  <path>       a local GGUF file, copied into the store after hashing
  --quant <name>      the catalog variant (Q4_0, Q8_0…)
  --gateway <url>     read model ids from this gateway's /models/<id>/manifest.json (HEARTH_GATEWAY)
  --dir <path>        the store (HEARTH_STORE, default ~/.cache/hearth/models, XDG_CACHE_HOME honoured)
  --sha256 <hex>      expected SHA-256 of a file URL or path
  --parallel <n>      Range requests at once (default 3)
  --chunk-mib <n>     MiB per Range request (default 16)
  --pin               never evict these files

  A GGUF URL is checked from its first bytes (the GGUF magic, the size) before the rest is
  fetched; it is verified against the SHA-256 its host publishes (Hugging Face's X-Linked-ETag),
  else the computed SHA-256 is printed and recorded in the store. HEARTH_MODEL_MIRROR serves the
  catalog's URLs from a mirror; HEARTH_CATALOG adds catalog entries (JSON).

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
      quant: { type: 'string' },
      dir: { type: 'string' },
      sha256: { type: 'string' },
      parallel: { type: 'string' },
      'chunk-mib': { type: 'string' },
      pin: { type: 'boolean' },
    },
  });
  const what = positionals[0];
  if (what === undefined || positionals.length > 1) {
    throw new HearthError({ code: 'invalid_request', message: 'hearth pull takes one model id, URL or path.', hint: 'See hearth pull --help.' });
  }
  if (values.sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(values.sha256)) {
    throw new HearthError({ code: 'invalid_request', message: `--sha256 "${values.sha256}" is not 64 hex digits.` });
  }
  const controller = new AbortController();
  // Ctrl-C saves the resume point before exiting; a SIGKILL loses only what was in flight.
  const stop = (): void => controller.abort(new HearthError({ code: 'aborted', message: 'Stopped.' }));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const store = openCliStore({
    stderr: io.stderr,
    signal: controller.signal,
    ...(values.dir !== undefined ? { dir: values.dir } : {}),
    ...(values.parallel !== undefined ? { parallel: positiveInteger('--parallel', values.parallel) } : {}),
    ...(values['chunk-mib'] !== undefined ? { chunkSize: positiveInteger('--chunk-mib', values['chunk-mib']) * (1 << 20) } : {}),
    ...(values.pin ? { pin: true } : {}),
  });
  const ensureOptions = { signal: controller.signal, onProgress: store.onProgress, onEvent: store.onEvent, ...(values.pin ? { pin: true } : {}) };
  try {
    let files: FetchedFile[];
    const source = await classify(what, values.gateway ?? process.env['HEARTH_GATEWAY']);
    if (values.quant !== undefined && source.type !== 'catalog')
      throw new HearthError({ code: 'invalid_request', message: '--quant picks a variant of a catalog model id.' });
    if (source.type === 'path') {
      const size = (await stat(source.path)).size;
      const sha256 = values.sha256?.toLowerCase() ?? (await sha256File(source.path));
      const stream = Readable.toWeb(createReadStream(source.path, { highWaterMark: 1 << 20 })) as ReadableStream<Uint8Array>;
      const file = await store.store.importStream({ name: basename(source.path), size, sha256, url: `file://${source.path}` }, stream);
      files = [
        {
          path: store.backend.completePath(file.sha256),
          name: file.name,
          size: file.size,
          sha256: file.sha256,
          verified: values.sha256 ? 'published' : 'computed',
        },
      ];
    } else if (source.type === 'manifest') {
      const result = await store.store.ensureManifest(source.url, ensureOptions).finally(() => store.done());
      files = result.files.map((f) => ({
        path: store.backend.completePath(f.sha256),
        name: f.name,
        size: f.size,
        sha256: f.sha256,
        verified: 'published' as const,
      }));
    } else if (source.type === 'catalog') {
      const { variant, why } = await chooseVariant(source.model, source.catalog, values.quant);
      io.stderr.write(`${source.model.id}: ${variant.quantization} (${why})\n`);
      files = (await fetchCatalogModel(source.model, variant, store)).files;
    } else {
      files = [await fetchModelFile(source.url, values.sha256 ? { sha256: values.sha256 } : {}, store)];
    }
    for (const file of files) {
      const how = file.verified === 'published' ? 'verified' : 'no published SHA-256: computed and recorded';
      io.stdout.write(`${file.sha256}  ${formatBytes(file.size)}  ${file.path}  (${file.name}, ${how})\n`);
    }
  } finally {
    store.done();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

type Source =
  | { type: 'manifest'; url: string }
  | { type: 'file-url'; url: string }
  | { type: 'path'; path: string }
  | { type: 'catalog'; model: CatalogModel; catalog: Catalog };

async function classify(what: string, gateway: string | undefined): Promise<Source> {
  if (/^https?:\/\//i.test(what)) return { type: new URL(what).pathname.endsWith('.json') ? 'manifest' : 'file-url', url: what };
  const isFile = await stat(what).then(
    (s) => s.isFile(),
    () => false,
  );
  if (isFile) return { type: 'path', path: resolve(what) };
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(what)) {
    if (gateway !== undefined)
      return { type: 'manifest', url: new URL(`models/${encodeURIComponent(what)}/manifest.json`, gateway.endsWith('/') ? gateway : `${gateway}/`).href };
    const catalog = await cliCatalog();
    const model = catalog.models.find((m) => m.id === what);
    if (model) return { type: 'catalog', model, catalog };
    throw new HearthError({
      code: 'model_not_found',
      message: `No catalog model "${what}".`,
      hint: 'See `hearth models` for the ids, or pass --gateway <url> for a model on a Hearth gateway.',
    });
  }
  throw new HearthError({ code: 'invalid_request', message: `"${what}" is neither a model id, a URL nor an existing file.`, hint: 'See hearth pull --help.' });
}

function positiveInteger(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new HearthError({ code: 'invalid_request', message: `${flag} is "${value}", not a positive integer.` });
  return n;
}
