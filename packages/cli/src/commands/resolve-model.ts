import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HearthError } from '@hearth/spec';
import { ensureModel, tinyModelSpec } from '@hearth/tools';
import { cliCatalog, chooseVariant, fetchCatalogAdapter, fetchCatalogModel } from '../models/catalog-model.ts';
import { fetchModelFile, openCliStore, type CliStoreOptions } from '../models/fetch-model.ts';
import type { CatalogModel } from '@hearth/sdk/planner';

export interface ResolvedModel {
  id: string;
  paths: string[];
  /** LoRA adapters (local paths, in the store when downloaded) and their scales. */
  adapters: Array<{ path: string; scale: number }>;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** Where the generated demo model is kept (inside the checkout). */
export const MODEL_CACHE = join(REPO_ROOT, '.cache', 'models');

/** Hearth Scribe, Hearth's own small model (tools/train; README: Hearth Scribe): the default once its GGUF is committed. */
export const SCRIBE_ID = 'hearth-scribe-17m';
export const SCRIBE_PATH = join(REPO_ROOT, 'models', 'hearth-scribe', 'hearth-scribe-17m-q8_0.gguf');
/** The random-weight fixture, generated on first use: `--model hearth-demo-tiny` (tests that need exact greedy equality). */
export const DEMO_ID = 'hearth-demo-tiny';

export interface ResolveModelOptions {
  /** A catalog variant (id or quantization name) instead of the planner's pick. */
  quant?: string;
  /** `--lora` values: `path|url|catalog adapter id[:scale]`. */
  lora?: readonly string[];
  store?: CliStoreOptions;
  env?: NodeJS.ProcessEnv;
}

/**
 * What `--model` / `HEARTH_MODEL` names: nothing (Hearth Scribe where its GGUF is in the
 * checkout, else the demo model), `hearth-demo-tiny` (the random-weight fixture, generated on
 * first use), a local GGUF path, a catalog id (the variant that fits, or `--quant`), or an http(s) URL
 * (a GGUF file or a Hearth manifest). Downloads go through the model store in the user's cache.
 */
export async function resolveModel(source: string | undefined, id: string | undefined, options: ResolveModelOptions = {}): Promise<ResolvedModel> {
  const env = options.env ?? process.env;
  const io = openCliStore(options.store);
  let resolved: { id: string; paths: string[]; catalog?: CatalogModel };
  if (source === undefined || source === '') {
    // Hearth Scribe once its trained GGUF is in the checkout (#25); until then the random demo model.
    resolved = (await isFile(SCRIBE_PATH))
      ? { id: SCRIBE_ID, paths: [SCRIBE_PATH] }
      : { id: DEMO_ID, paths: [await ensureModel(tinyModelSpec(), { cacheDir: MODEL_CACHE })] };
  } else if (source === DEMO_ID) {
    resolved = { id: DEMO_ID, paths: [await ensureModel(tinyModelSpec(), { cacheDir: MODEL_CACHE })] };
  } else if (/^https?:\/\//i.test(source)) {
    const name = modelIdFromName(new URL(source).pathname);
    if (new URL(source).pathname.endsWith('.json')) {
      const { files, manifest } = await io.store.ensureManifest(source, { onProgress: io.onProgress, onEvent: io.onEvent }).finally(() => io.done());
      resolved = { id: manifest.id || name, paths: files.map((f) => io.backend.completePath(f.sha256)) };
    } else {
      resolved = { id: name, paths: [(await fetchModelFile(source, {}, io)).path] };
    }
  } else if (await isFile(source)) {
    resolved = { id: modelIdFromName(source), paths: [resolve(source)] };
  } else {
    const catalog = await cliCatalog(env);
    const model = catalog.models.find((m) => m.id === source);
    if (!model) {
      throw new HearthError({
        code: 'model_not_found',
        message: `"${source}" is neither a file nor a catalog model id.`,
        hint: 'Pass a .gguf path, an http(s) URL, or an id from `hearth models`.',
      });
    }
    const { variant } = await chooseVariant(model, catalog, options.quant);
    const { files } = await fetchCatalogModel(model, variant, io, env);
    resolved = { id: model.id, paths: files.map((f) => f.path), catalog: model };
  }
  if (options.quant !== undefined && resolved.catalog === undefined) {
    throw new HearthError({
      code: 'invalid_request',
      message: '--quant picks a variant of a catalog model.',
      hint: 'Name the model by its catalog id (hearth models), or drop --quant.',
    });
  }
  const adapters = [];
  for (const value of options.lora ?? []) adapters.push(await resolveLora(value, resolved.catalog, io, env));
  return { id: id ?? resolved.id, paths: resolved.paths, adapters };
}

/** `path|url|adapter id` with an optional `:scale` (e.g. `tone.gguf:0.8`). */
export function parseLoraOption(value: string): { ref: string; scale: number | undefined } {
  const lastSegment = value.slice(value.lastIndexOf('/') + 1);
  const m = /:(-?\d+(?:\.\d+)?)$/.exec(lastSegment);
  if (!m?.[1]) return { ref: value, scale: undefined };
  const scale = Number(m[1]);
  if (scale < -4 || scale > 4)
    throw new HearthError({
      code: 'invalid_request',
      message: `--lora ${value}: the scale ${m[1]} is outside -4 to 4.`,
      hint: 'Scales are usually between 0 and 1.',
    });
  return { ref: value.slice(0, value.length - m[0].length), scale };
}

async function resolveLora(
  value: string,
  model: CatalogModel | undefined,
  io: ReturnType<typeof openCliStore>,
  env: NodeJS.ProcessEnv,
): Promise<{ path: string; scale: number }> {
  const { ref, scale } = parseLoraOption(value);
  if (/^https?:\/\//i.test(ref)) return { path: (await fetchModelFile(ref, { what: `LoRA ${basename(new URL(ref).pathname)}` }, io)).path, scale: scale ?? 1 };
  if (await isFile(ref)) return { path: resolve(ref), scale: scale ?? 1 };
  const adapter = model?.adapters?.find((a) => a.id === ref);
  if (model && adapter) return { path: (await fetchCatalogAdapter(model, adapter, io, env)).path, scale: scale ?? adapter.scale ?? 1 };
  const known = model?.adapters?.map((a) => a.id) ?? [];
  throw new HearthError({
    code: 'model_not_found',
    message: `--lora ${ref}: no such file${model ? `, and ${model.id} lists no adapter with that id` : ''}.`,
    hint: known.length > 0 ? `Adapters of ${model?.id}: ${known.join(', ')}.` : 'Pass a LoRA .gguf path or URL, with :scale after it if wanted.',
  });
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

function modelIdFromName(path: string): string {
  return (
    basename(path)
      .replace(/\.gguf$/i, '')
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .slice(0, 128) || 'model'
  );
}
