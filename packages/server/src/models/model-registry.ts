import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { HearthError, type ModelFileChunks, type ModelManifest } from '@hearth/spec';
import { sha256FileAndChunks } from '@hearth/sdk/node';

export interface ModelEntry {
  /** Public id, used in `/models/<id>/` and as `model` in API requests. */
  id: string;
  /** Local GGUF file(s); several for a split model, in shard order. */
  paths: string[];
}

export interface RegisteredFile {
  name: string;
  path: string;
  size: number;
  sha256: string;
  /** SHA-256 per MANIFEST_CHUNK_SIZE slice (manifest version 2). */
  chunks: ModelFileChunks;
  mtimeMs: number;
}

/** Chunk size of version 2 manifests: the SDK downloader's default chunk (DOWNLOAD_DEFAULTS.chunkSize). */
export const MANIFEST_CHUNK_SIZE = 16 * 2 ** 20;

export interface RegisteredModel {
  id: string;
  files: RegisteredFile[];
  manifest: ModelManifest;
}

/**
 * The models this gateway serves and runs. Hashes are computed once at start (streamed, never
 * the whole file in memory) and are the strong ETags of the files.
 */
export class ModelRegistry {
  private constructor(private readonly models: Map<string, RegisteredModel>) {}

  static async create(entries: readonly ModelEntry[]): Promise<ModelRegistry> {
    const models = new Map<string, RegisteredModel>();
    for (const entry of entries) {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(entry.id)) {
        throw new HearthError({
          code: 'invalid_request',
          message: `Model id "${entry.id}" has characters a URL path cannot carry plainly.`,
          hint: 'Use letters, digits, dot, dash and underscore.',
        });
      }
      const files: RegisteredFile[] = [];
      for (const path of entry.paths) {
        const info = await stat(path).catch((cause: unknown) => {
          throw new HearthError({
            code: 'model_not_found',
            message: `Model file ${path} for "${entry.id}" does not exist.`,
            cause,
            hint: 'Check the model path in the configuration.',
          });
        });
        const { sha256, chunks } = await sha256FileAndChunks(path, MANIFEST_CHUNK_SIZE);
        files.push({ name: basename(path), path, size: info.size, sha256, chunks: { size: MANIFEST_CHUNK_SIZE, sha256: chunks }, mtimeMs: info.mtimeMs });
      }
      models.set(entry.id, {
        id: entry.id,
        files,
        manifest: { manifestVersion: 2, id: entry.id, files: files.map(({ name, size, sha256, chunks }) => ({ name, size, sha256, chunks })) },
      });
    }
    return new ModelRegistry(models);
  }

  get(id: string): RegisteredModel | undefined {
    return this.models.get(id);
  }

  list(): RegisteredModel[] {
    return [...this.models.values()];
  }
}
