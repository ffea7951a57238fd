import { createWriteStream } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { HearthError } from '@hearth/spec';
import { ensureModel, tinyModelSpec } from '@hearth/tools';

export interface ResolvedModel {
  id: string;
  paths: string[];
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const MODEL_CACHE = join(REPO_ROOT, '.cache', 'models');

/**
 * What `--model` / `HEARTH_MODEL` names: nothing (the bundled demo model, generated on first
 * use), a local GGUF path, or an http(s) URL downloaded once into the cache.
 */
export async function resolveModel(source: string | undefined, id: string | undefined, fetchImpl: typeof fetch = fetch): Promise<ResolvedModel> {
  if (source === undefined || source === '') {
    const path = await ensureModel(tinyModelSpec(), { cacheDir: MODEL_CACHE });
    return { id: id ?? 'hearth-demo-tiny', paths: [path] };
  }
  if (/^https?:\/\//.test(source)) {
    const path = await downloadOnce(source, fetchImpl);
    return { id: id ?? modelIdFromName(new URL(source).pathname), paths: [path] };
  }
  const path = resolve(source);
  await stat(path).catch((cause: unknown) => {
    throw new HearthError({ code: 'model_not_found', message: `No model file at ${path}.`, cause, hint: 'Pass the path of a .gguf file, or an http(s) URL.' });
  });
  return { id: id ?? modelIdFromName(path), paths: [path] };
}

function modelIdFromName(path: string): string {
  return basename(path).replace(/\.gguf$/i, '').replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 128) || 'model';
}

async function downloadOnce(url: string, fetchImpl: typeof fetch): Promise<string> {
  const key = createHash('sha256').update(url).digest('hex').slice(0, 16);
  const path = join(MODEL_CACHE, `url-${key}-${modelIdFromName(new URL(url).pathname)}.gguf`);
  if (await stat(path).then(() => true, () => false)) return path;
  await mkdir(MODEL_CACHE, { recursive: true });
  const response = await fetchImpl(url).catch((cause: unknown) => {
    throw new HearthError({ code: 'network', message: `Could not fetch ${url}.`, cause, hint: 'Check the URL and the network.' });
  });
  if (!response.ok || !response.body) {
    throw new HearthError({ code: response.status === 404 ? 'model_not_found' : 'network', message: `Fetching ${url} answered HTTP ${response.status}.` });
  }
  // Written beside the final name and renamed when complete: a cut download never looks finished.
  const partial = `${path}.partial`;
  await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), createWriteStream(partial));
  await rename(partial, path);
  return path;
}
