import { homedir } from 'node:os';
import { join } from 'node:path';
import { JsonFileStoreIndex } from './json-file-store-index.ts';
import { ModelStore, type ModelStoreOptions } from './model-store.ts';
import { NodeFsBackend } from './node-fs-backend.ts';

/** `HEARTH_STORE`, else `~/.cache/hearth/models`. */
export function defaultNodeStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['HEARTH_STORE'] || join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'hearth', 'models');
}

/**
 * A model store on the file system, for Node (the CLI, the gateway).
 *
 * @example const { store, backend } = openNodeModelStore({ dir: '/var/cache/hearth' })
 */
export function openNodeModelStore(options: { dir?: string } & Omit<ModelStoreOptions, 'backend' | 'index'> = {}): {
  store: ModelStore;
  backend: NodeFsBackend;
} {
  const { dir = defaultNodeStoreDir(), ...rest } = options;
  const backend = new NodeFsBackend(dir);
  return { store: new ModelStore({ ...rest, backend, index: new JsonFileStoreIndex(dir) }), backend };
}
