import type { DeviceProfile, EngineBenchmark, StorageProfile } from '@hearth/spec';
import { BuiltinEngine } from '../engines/builtin/builtin-engine.ts';
import { readCachedHardware, writeCachedHardware, type ProfileCacheStorage } from './device-profile-cache.ts';
import { detectWasmSupport } from './wasm-support.ts';
import { probeWebGpu, type WebGpuNavigator } from './probe-webgpu.ts';

/** A benchmark an engine runs on this device, e.g. `() => llamaWasmEngine.benchmark()`. */
export type EngineBenchmarkHook = () => Promise<{ weightGigabytesPerSecond: number; threads: number }>;

export interface ProbeDeviceOptions {
  /**
   * Run the engines' micro-benchmarks (at most `benchmarkBudgetMs` in all). The probe itself starts
   * no engine: pass hooks, e.g. `{ 'llama-wasm': () => engine.benchmark({ reps: 5 }) }` with a
   * LlamaWasmWorkerEngine. Without hooks nothing is measured and the planner assumes speeds.
   */
  benchmark?: boolean;
  benchmarks?: Partial<Record<EngineBenchmark['engine'], EngineBenchmarkHook>>;
  /** Default 1000 ms: a benchmark still running then is abandoned (its result ignored). */
  benchmarkBudgetMs?: number;
  /** Where the hardware part is cached; default `localStorage` when present. `null`: no cache. */
  cache?: ProfileCacheStorage | null;
  /** Ignore the cache and measure again (the new result is cached). */
  refresh?: boolean;
  /** Injectable for tests; default the real clock. */
  now?: () => number;
}

interface NavigatorExtras extends WebGpuNavigator {
  deviceMemory?: number;
  userAgentData?: { mobile?: boolean };
  connection?: { saveData?: boolean };
  getBattery?: () => Promise<{ charging: boolean; level: number }>;
}

/**
 * Measures this browser and device for the planner: WebGPU adapter and limits, WebAssembly
 * features, memory, cores, cross-origin isolation, storage, battery, data saver and the built-in
 * model. The adapter and benchmarks are cached per device (user agent and core count) for a week;
 * everything that changes per page or minute is read fresh. `probeMs` is what the probe cost.
 *
 * @example const profile = await probeDevice()
 */
export async function probeDevice(options: ProbeDeviceOptions = {}): Promise<DeviceProfile> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const nav = (typeof navigator === 'undefined' ? {} : navigator) as Navigator & NavigatorExtras;
  const userAgent = nav.userAgent ?? '';
  const hardwareConcurrency = Math.max(1, nav.hardwareConcurrency || 1);
  const cache = options.cache === undefined ? defaultCache() : (options.cache ?? undefined);
  const cached = cache && !options.refresh ? readCachedHardware(cache, userAgent, hardwareConcurrency, Date.now()) : undefined;
  const wantBenchmarks = options.benchmark === true && options.benchmarks !== undefined && Object.keys(options.benchmarks).length > 0;

  const [webgpu, storage, battery, builtin] = await Promise.all([
    cached ? Promise.resolve(cached.webgpu) : probeWebGpu(nav),
    probeStorage(nav),
    probeBattery(nav),
    BuiltinEngine.availability().catch(() => 'unavailable' as const),
  ]);
  let benchmarks = cached?.benchmarks;
  if (wantBenchmarks && (!benchmarks || options.refresh)) benchmarks = await runBenchmarks(options.benchmarks ?? {}, options.benchmarkBudgetMs ?? 1000, now);
  const probeMs = Math.round((now() - started) * 10) / 10;
  if (cache && (!cached || options.refresh || benchmarks !== cached.benchmarks)) {
    writeCachedHardware(cache, {
      profileVersion: 1,
      userAgent,
      hardwareConcurrency,
      webgpu,
      ...(benchmarks ? { benchmarks } : {}),
      probeMs,
      measuredAt: new Date().toISOString(),
    });
  }
  const profile: DeviceProfile = {
    profileVersion: 1,
    runtime: 'browser',
    userAgent,
    mobile: nav.userAgentData?.mobile ?? /Android|iPhone|iPad|Mobile/i.test(userAgent),
    hardwareConcurrency,
    crossOriginIsolated: typeof crossOriginIsolated === 'boolean' && crossOriginIsolated,
    wasm: detectWasmSupport(),
    webgpu,
    builtin,
    probedAt: new Date().toISOString(),
    probeMs,
  };
  if (typeof nav.deviceMemory === 'number') profile.deviceMemoryGiB = nav.deviceMemory;
  if (storage) profile.storage = storage;
  if (battery) profile.battery = battery;
  if (typeof nav.connection?.saveData === 'boolean') profile.saveData = nav.connection.saveData;
  if (benchmarks) profile.benchmarks = benchmarks;
  if (cached) profile.fromCache = true;
  return profile;
}

function defaultCache(): ProfileCacheStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    // Opaque origins and some sandboxed frames throw on touching localStorage.
    return undefined;
  }
}

async function probeStorage(nav: Navigator): Promise<StorageProfile | undefined> {
  try {
    if (typeof nav.storage?.estimate !== 'function') return undefined;
    const [{ quota, usage }, persisted] = await Promise.all([
      nav.storage.estimate(),
      typeof nav.storage.persisted === 'function' ? nav.storage.persisted() : Promise.resolve(false),
    ]);
    if (quota === undefined) return undefined;
    return { quotaBytes: quota, usageBytes: usage ?? 0, persisted };
  } catch {
    return undefined;
  }
}

async function probeBattery(nav: NavigatorExtras): Promise<{ charging: boolean; level: number } | undefined> {
  try {
    if (typeof nav.getBattery !== 'function') return undefined;
    const b = await nav.getBattery();
    return { charging: b.charging, level: b.level };
  } catch {
    return undefined;
  }
}

async function runBenchmarks(hooks: NonNullable<ProbeDeviceOptions['benchmarks']>, budgetMs: number, now: () => number): Promise<EngineBenchmark[]> {
  const results: EngineBenchmark[] = [];
  const deadline = now() + budgetMs;
  for (const [engine, hook] of Object.entries(hooks) as Array<[EngineBenchmark['engine'], EngineBenchmarkHook | undefined]>) {
    const left = deadline - now();
    if (!hook || left <= 0) continue;
    const start = now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), left);
    });
    // A benchmark that overruns the budget is not waited for: the probe's cost stays bounded.
    const result = await Promise.race([hook().catch(() => undefined), timeout]);
    clearTimeout(timer);
    if (result && Number.isFinite(result.weightGigabytesPerSecond) && result.weightGigabytesPerSecond > 0) {
      results.push({ engine, weightGigabytesPerSecond: result.weightGigabytesPerSecond, threads: result.threads, ms: Math.round(now() - start) });
    }
  }
  return results;
}
