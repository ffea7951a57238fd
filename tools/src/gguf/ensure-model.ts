import { createHash } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LlamaModelSpec } from './llama-model-spec.ts';
import { validateModelSpec } from './llama-model-spec.ts';
import { splitShardPaths } from './shard-paths.ts';
import { GGUF_WRITER_VERSION, writeLlamaGguf } from './write-llama-gguf.ts';

/** `<repo>/.cache/models`, found from this file so it does not depend on the working directory. */
export const DEFAULT_MODEL_CACHE_DIR = fileURLToPath(new URL('../../../.cache/models', import.meta.url));

export interface EnsureModelOptions {
  /** Where cached models live; default `<repo>/.cache/models`. */
  cacheDir?: string;
  /** Write gguf-split shards; the returned path is then the first shard. Default 1. */
  shards?: number;
}

/**
 * The path of a fixture model for `spec`, written only if the cache does not hold it yet. The
 * file name carries a hash of the spec, the shard count and the writer version, so any change
 * makes a new file; files appear under their final name only when complete.
 *
 * @example const path = await ensureModel(tinyModelSpec())
 */
export async function ensureModel(spec: LlamaModelSpec, options: EnsureModelOptions = {}): Promise<string> {
  const paths = cachedModelPaths(spec, options);
  const first = paths[0] ?? '';
  if (await allExist(paths)) return first;
  await mkdir(options.cacheDir ?? DEFAULT_MODEL_CACHE_DIR, { recursive: true });
  await writeLlamaGguf(spec, join(options.cacheDir ?? DEFAULT_MODEL_CACHE_DIR, `${cacheStem(spec, options.shards ?? 1)}.gguf`), {
    shards: options.shards ?? 1,
  });
  return first;
}

/** Every file `ensureModel` returns or relies on for `spec` (one, or each shard in order). */
export function cachedModelPaths(spec: LlamaModelSpec, options: EnsureModelOptions = {}): string[] {
  validateModelSpec(spec);
  const shards = options.shards ?? 1;
  const path = join(options.cacheDir ?? DEFAULT_MODEL_CACHE_DIR, `${cacheStem(spec, shards)}.gguf`);
  return shards === 1 ? [path] : splitShardPaths(path, shards);
}

/** First 16 hex digits of SHA-256 over the writer version, shard count and every spec field. */
export function modelSpecHash(spec: LlamaModelSpec, shards = 1): string {
  const fields = Object.keys(spec)
    .sort()
    .map((key) => [key, spec[key as keyof LlamaModelSpec]]);
  const canonical = JSON.stringify({ writer: GGUF_WRITER_VERSION, shards, spec: fields });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

function cacheStem(spec: LlamaModelSpec, shards: number): string {
  return `${spec.name}-${spec.type}-${modelSpecHash(spec, shards)}`;
}

async function allExist(paths: readonly string[]): Promise<boolean> {
  for (const path of paths) {
    try {
      await access(path);
    } catch {
      return false;
    }
  }
  return true;
}
