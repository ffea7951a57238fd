import type { EngineBenchmark, WebGpuSupport } from '@hearth/spec';

/** The part of a profile worth caching: slow to measure, and fixed for a given device and browser. */
export interface CachedHardware {
  profileVersion: 1;
  /** The user agent it was measured under: a browser update or another device means a new probe. */
  userAgent: string;
  hardwareConcurrency: number;
  webgpu: WebGpuSupport;
  benchmarks?: EngineBenchmark[];
  probeMs: number;
  measuredAt: string;
}

/** Where the cache lives: `localStorage` in a page; anything with the same two methods in tests. */
export type ProfileCacheStorage = Pick<Storage, 'getItem' | 'setItem'>;

export const PROFILE_CACHE_KEY = 'hearth.device-profile.v1';
/** A week: drivers and browser flags change; re-measuring costs under a second. */
export const PROFILE_CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export function readCachedHardware(storage: ProfileCacheStorage, userAgent: string, hardwareConcurrency: number, now: number): CachedHardware | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(PROFILE_CACHE_KEY) ?? 'null');
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const entry = parsed as Partial<CachedHardware>;
  if (entry.profileVersion !== 1 || entry.userAgent !== userAgent || entry.hardwareConcurrency !== hardwareConcurrency) return undefined;
  if (typeof entry.measuredAt !== 'string' || now - Date.parse(entry.measuredAt) > PROFILE_CACHE_MAX_AGE_MS) return undefined;
  if (typeof entry.webgpu !== 'object' || entry.webgpu === null || typeof entry.probeMs !== 'number') return undefined;
  return entry as CachedHardware;
}

export function writeCachedHardware(storage: ProfileCacheStorage, entry: CachedHardware): void {
  try {
    storage.setItem(PROFILE_CACHE_KEY, JSON.stringify(entry));
  } catch {
    // Storage full or denied (private mode): the next probe measures again, nothing breaks.
  }
}
