import { HearthError } from '@hearth/spec';
import { TASK_DEFAULTS, formatSize, type Catalog, type CatalogAdapter, type CatalogModel, type CatalogVariant } from '@hearth/sdk/planner';
import { probeNodeDevice } from '@hearth/sdk/node';
import { loadCatalogOption, planOrRejections } from '../commands/doctor.ts';
import { fetchModelFile, type CliStore, type FetchedFile } from './fetch-model.ts';

/**
 * The catalog the CLI resolves ids in: the shipped one plus the additions in `HEARTH_CATALOG`
 * (a JSON file of models in the same shape), validated the same way.
 */
export function cliCatalog(env: NodeJS.ProcessEnv = process.env): Promise<Catalog> {
  return loadCatalogOption(env['HEARTH_CATALOG'] || undefined);
}

/**
 * `HEARTH_MODEL_MIRROR` points the catalog's URLs at an organization's own mirror: the same path
 * under the mirror's base (`https://huggingface.co/org/repo/resolve/<rev>/f.gguf` becomes
 * `<mirror>/org/repo/resolve/<rev>/f.gguf`). Catalog paths starting with "/" need a mirror.
 */
export function mirrorUrl(url: string, env: NodeJS.ProcessEnv = process.env): string {
  const mirror = env['HEARTH_MODEL_MIRROR']?.replace(/\/+$/, '');
  if (url.startsWith('/')) {
    if (!mirror)
      throw new HearthError({
        code: 'invalid_request',
        message: `The catalog names ${url}, a path on the app's own server.`,
        hint: 'Set HEARTH_MODEL_MIRROR to the server that holds it.',
      });
    return `${mirror}${url}`;
  }
  if (!mirror) return url;
  const u = new URL(url);
  return `${mirror}${u.pathname}${u.search}`;
}

/**
 * The variant to download: `quant` when given (a variant id or llama.cpp's quantization name),
 * else the one the planner picks for this machine with node-llama-cpp (chat, on the device).
 */
export async function chooseVariant(model: CatalogModel, catalog: Catalog, quant: string | undefined): Promise<{ variant: CatalogVariant; why: string }> {
  if (quant !== undefined) {
    const variant = model.variants.find((v) => v.id === quant.toLowerCase() || v.quantization.toLowerCase() === quant.toLowerCase());
    if (!variant) {
      throw new HearthError({
        code: 'invalid_request',
        message: `${model.id} has no ${quant} variant.`,
        hint: `Use one of: ${model.variants.map((v) => v.quantization).join(', ')}.`,
      });
    }
    return { variant, why: `--quant ${quant}` };
  }
  const result = planOrRejections({
    task: 'chat',
    profile: await probeNodeDevice({ native: false }),
    catalog,
    models: [model.id],
    policy: 'device-only',
    consent: 'granted',
    contextSize: Math.min(TASK_DEFAULTS.chat.contextSize, model.contextLength),
  });
  const route = 'plan' in result ? (result.plan.routes.find((r) => r.engine === 'node-llama-cpp') ?? result.plan.routes[0]) : undefined;
  const variant = model.variants.find((v) => v.id === route?.variantId);
  if (!route || !variant) {
    const reasons = 'plan' in result ? [] : [...new Set(result.rejected.flatMap((r) => r.reasons.map((x) => x.text)))].slice(0, 2);
    throw new HearthError({
      code: 'no_route',
      message: `No variant of ${model.id} fits this machine${reasons.length ? `: ${reasons.join('; ')}` : ''}.`,
      hint: `Choose one anyway with --quant (${model.variants.map((v) => `${v.quantization} ${formatSize(v.sizeBytes)}`).join(', ')}), or a smaller model (hearth models).`,
    });
  }
  return { variant, why: route.reason };
}

export interface CatalogModelFiles {
  model: CatalogModel;
  variant: CatalogVariant;
  files: FetchedFile[];
}

/** Every file of the chosen variant of catalog model `id`, in the store. */
export async function fetchCatalogModel(
  model: CatalogModel,
  variant: CatalogVariant,
  io: CliStore,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CatalogModelFiles> {
  const what = `${model.id} (${variant.quantization}, ${formatSize(variant.sizeBytes)})`;
  if (variant.files) {
    const files: FetchedFile[] = [];
    for (const file of variant.files) {
      files.push(await fetchModelFile(mirrorUrl(file.url, env), { what, expectedSize: file.sizeBytes, ...(file.sha256 ? { sha256: file.sha256 } : {}) }, io));
    }
    return { model, variant, files };
  }
  // A Hearth manifest lists the files with their hashes.
  const manifestUrl = mirrorUrl(variant.manifestUrl ?? '', env);
  try {
    const { files } = await io.store.ensureManifest(manifestUrl, {
      onProgress: io.onProgress,
      onEvent: io.onEvent,
      ...(io.signal ? { signal: io.signal } : {}),
    });
    return {
      model,
      variant,
      files: files.map((f) => ({ path: io.backend.completePath(f.sha256), name: f.name, size: f.size, sha256: f.sha256, verified: 'published' as const })),
    };
  } finally {
    io.done();
  }
}

/** A catalog adapter of `model` into the store, verified like model files. */
export function fetchCatalogAdapter(model: CatalogModel, adapter: CatalogAdapter, io: CliStore, env: NodeJS.ProcessEnv = process.env): Promise<FetchedFile> {
  return fetchModelFile(
    mirrorUrl(adapter.url, env),
    { what: `LoRA ${adapter.id} for ${model.id}`, expectedSize: adapter.sizeBytes, ...(adapter.sha256 ? { sha256: adapter.sha256 } : {}) },
    io,
  );
}
