import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { HearthError, type ModelManifest } from '@hearth/spec';

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
  mtimeMs: number;
}

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
        throw new HearthError({ code: 'invalid_request', message: `Model id "${entry.id}" has characters a URL path cannot carry plainly.`, hint: 'Use letters, digits, dot, dash and underscore.' });
      }
      const files: RegisteredFile[] = [];
      for (const path of entry.paths) {
        const info = await stat(path).catch((cause: unknown) => {
          throw new HearthError({ code: 'model_not_found', message: `Model file ${path} for "${entry.id}" does not exist.`, cause, hint: 'Check the model path in the configuration.' });
        });
        files.push({ name: basename(path), path, size: info.size, sha256: await sha256File(path), mtimeMs: info.mtimeMs });
      }
      models.set(entry.id, { id: entry.id, files, manifest: { manifestVersion: 1, id: entry.id, files: files.map(({ name, size, sha256 }) => ({ name, size, sha256 })) } });
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

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
