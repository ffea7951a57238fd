import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureModel, tinyModelSpec } from '@hearth/tools';

const CACHE = fileURLToPath(new URL('../../.cache/models', import.meta.url));

/** The tiny fixture model (random weights, < 1 MB), written by the project's own GGUF writer. */
export function tinyModelPath(): Promise<string> {
  return ensureModel(tinyModelSpec(), { cacheDir: CACHE });
}

export const modelCacheDir = CACHE;
export const repoRoot = join(CACHE, '..', '..');
