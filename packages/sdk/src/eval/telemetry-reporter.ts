import {
  HearthError,
  type DeviceClass,
  type HearthErrorCode,
  type NoisedMeasure,
  type RouteInfo,
  type TelemetryBatch,
  type TelemetryMetric,
  type TelemetryReport,
  type TelemetryTask,
} from '@hearth/spec';
import { chargeBudget, defaultBudgetStorage, type BudgetStorage } from './privacy-budget.ts';
import { categoriesOf, cryptoRandom, randomizedResponse } from './ldp.ts';

/** `createHearth({ telemetry })`: private reports to the gateway's `POST /v1/telemetry`. Off unless given. */
export interface TelemetryOptions {
  /** ε of each report (its one noised value). Default 1 (README, "Telemetry", says why). */
  epsilon?: number;
  /** ε this device may spend per UTC day; reports stop when it is spent. Default 4. */
  dailyBudget?: number;
  /** A batch waits a random time in [min, max] ms before it is sent. Default 10 s to 120 s. */
  delayMs?: { min: number; max: number };
  /** Reports per batch, at most 100. Default 20. */
  maxBatch?: number;
  /**
   * Policy `device-only` promises that nothing leaves the device; telemetry is sent under it only
   * when this is `true` as well (a second, explicit yes).
   */
  underDeviceOnly?: boolean;
  /** Where the daily budget is kept; default localStorage, else memory. */
  budgetStorage?: BudgetStorage;
  /** [0, 1); default the platform's CSPRNG. For seeded simulations. */
  random?: () => number;
}

export const TELEMETRY_DEFAULTS = { epsilon: 1, dailyBudget: 4, delayMs: { min: 10_000, max: 120_000 }, maxBatch: 20 } as const satisfies Required<
  Pick<TelemetryOptions, 'epsilon' | 'dailyBudget' | 'delayMs' | 'maxBatch'>
>;

/** The run a report describes, before anything is noised. */
export interface RunFacts {
  task: TelemetryTask;
  pack?: { id: string; version: string };
  routes: readonly RouteInfo[];
  fallback: HearthErrorCode | 'none';
  device: DeviceClass;
  /** The true values the report may carry; one is chosen at random and noised. */
  candidates: ReadonlyArray<{ metric: TelemetryMetric; evaluator?: string; category: number }>;
}

/** Hearth's telemetry switch, on the returned Hearth as `hearth.telemetry`. */
export interface TelemetryControl {
  readonly enabled: boolean;
  /** Off drops every queued report at once; on starts again (if the policy allows). */
  setEnabled(on: boolean): void;
  /** Sends what is queued now, without waiting for the random delay (a page about to close). */
  flush(): Promise<void>;
}

const MAX_BATCH = 100;

/**
 * Turns runs into private reports and sends them in batches: one measure per report, chosen
 * uniformly among the run's candidates and noised with k-ary randomized response (sampling one
 * value with the whole ε estimates better than splitting ε over all of them); charged to the
 * device's daily budget first; held for a random delay; shuffled; sent with no cookie, no referrer
 * and no id.
 */
export class TelemetryReporter implements TelemetryControl {
  private queue: TelemetryReport[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private on = true;
  private readonly epsilon: number;
  private readonly dailyBudget: number;
  private readonly delay: { min: number; max: number };
  private readonly maxBatch: number;
  private readonly budget: BudgetStorage;
  private readonly random: () => number;

  constructor(
    options: TelemetryOptions,
    private readonly io: { endpoint: string; token?: string; fetch: typeof fetch; now?: () => number },
  ) {
    const bad = (field: string, message: string): HearthError =>
      new HearthError({ code: 'invalid_request', message: `telemetry.${field} ${message}`, data: { field: `telemetry.${field}` } });
    this.epsilon = options.epsilon ?? TELEMETRY_DEFAULTS.epsilon;
    this.dailyBudget = options.dailyBudget ?? TELEMETRY_DEFAULTS.dailyBudget;
    this.delay = options.delayMs ?? TELEMETRY_DEFAULTS.delayMs;
    this.maxBatch = options.maxBatch ?? TELEMETRY_DEFAULTS.maxBatch;
    if (!(Number.isFinite(this.epsilon) && this.epsilon > 0 && this.epsilon <= 10))
      throw bad('epsilon', `must be above 0 and at most 10; got ${this.epsilon}.`);
    if (!(Number.isFinite(this.dailyBudget) && this.dailyBudget >= this.epsilon))
      throw bad('dailyBudget', `must be at least epsilon (${this.epsilon}); got ${this.dailyBudget}.`);
    if (!(this.delay.min >= 0 && this.delay.max >= this.delay.min)) throw bad('delayMs', 'must be { min, max } with 0 ≤ min ≤ max.');
    if (!(Number.isInteger(this.maxBatch) && this.maxBatch >= 1 && this.maxBatch <= MAX_BATCH))
      throw bad('maxBatch', `must be a whole number from 1 to ${MAX_BATCH}.`);
    this.budget = options.budgetStorage ?? defaultBudgetStorage();
    this.random = options.random ?? cryptoRandom;
  }

  get enabled(): boolean {
    return this.on;
  }

  setEnabled(on: boolean): void {
    this.on = on;
    if (!on) this.drop();
  }

  /** Queues one private report of a run; false when telemetry is off, there is nothing to report, or today's budget is spent. */
  record(facts: RunFacts): boolean {
    if (!this.on || facts.candidates.length === 0) return false;
    const route = facts.routes.at(-1);
    if (!route) return false;
    if (!chargeBudget(this.budget, this.epsilon, this.dailyBudget, (this.io.now ?? Date.now)())) return false;
    const chosen = facts.candidates[Math.min(facts.candidates.length - 1, Math.floor(this.random() * facts.candidates.length))]!;
    const k = categoriesOf(chosen.metric);
    const measure: NoisedMeasure = {
      metric: chosen.metric,
      k,
      value: randomizedResponse(chosen.category, k, this.epsilon, this.random),
      epsilon: this.epsilon,
    };
    if (chosen.evaluator !== undefined) measure.evaluator = chosen.evaluator;
    const report: TelemetryReport = {
      task: facts.task,
      route: { where: route.where, engine: identifier(route.engine), ...(route.backend ? { backend: route.backend } : {}) },
      model: identifier(route.model),
      fallback: facts.fallback,
      device: facts.device,
      measure,
    };
    if (facts.pack) report.pack = facts.pack;
    this.queue.push(report);
    this.schedule();
    return true;
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.on && this.queue.length > 0) {
      // Shuffled, so a batch's order says nothing about which run came when.
      const batch = shuffle(this.queue.splice(0, this.maxBatch), this.random);
      const body: TelemetryBatch = { specificationVersion: 'v1', reports: batch };
      try {
        await this.io.fetch(this.io.endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(this.io.token ? { Authorization: `Bearer ${this.io.token}` } : {}) },
          body: JSON.stringify(body),
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
          cache: 'no-store',
          keepalive: true,
        });
      } catch {
        // Lost reports are not retried: a retry queue would be state that outlives the page.
      }
    }
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const wait = this.delay.min + this.random() * (this.delay.max - this.delay.min);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, wait);
    // In Node, a pending report does not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private drop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
  }
}

/** A model or engine name as the gateway accepts it: lowercase [a-z0-9._-], at most 64 characters. */
export function identifier(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
  return id === '' ? 'unknown' : id;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
