import type { HearthErrorCode } from './hearth-error.ts';
import type { RouteBackend, RouteWhere } from './plan.ts';

/**
 * Telemetry reports: what an app's owner learns about how Hearth runs, never what users wrote.
 * Every field is an enum, a bounded number, or a short lowercase identifier the app chose (a model
 * id, a prompt pack id, an evaluator id); the gateway's schema refuses anything else. The one value
 * measured from a user's request (`measure`) is noised on the device (k-ary randomized response)
 * before it leaves.
 */
export type TelemetrySpecificationVersion = 'v1';

/** The task a report is about: the one-call task names. */
export type TelemetryTask = 'summarize' | 'write' | 'rewrite' | 'proofread' | 'extract' | 'classify';

/** Coarse memory classes (GiB), so memory alone says little about the device. */
export type MemoryClass = 'lt4' | '4-8' | '8-16' | 'ge16' | 'unknown';

export type BrowserFamily = 'chromium' | 'firefox' | 'safari' | 'node' | 'other';

/** A device class as coarse as the dashboard needs: compute kind, memory class, browser family. */
export interface DeviceClass {
  compute: 'cpu' | 'gpu';
  memory: MemoryClass;
  browser: BrowserFamily;
}

/**
 * What a noised value measures: an evaluator's pass (k = 2, 1 = pass), or the bucket of time to
 * first token or of decode speed (k = the bucket count; edges in the SDK's `TELEMETRY_BUCKETS`).
 */
export type TelemetryMetric = 'eval' | 'ttft' | 'decode';

/** One value after k-ary randomized response on the device: the true category with probability e^ε/(e^ε+k−1), else another uniformly. */
export interface NoisedMeasure {
  metric: TelemetryMetric;
  /** For `eval`: the evaluator's id (lowercase identifier, at most 64 characters). */
  evaluator?: string;
  /** Number of categories. */
  k: number;
  /** The reported category, 0 to k − 1. */
  value: number;
  /** The ε this value was noised with (the report's whole privacy cost). */
  epsilon: number;
}

/** One run of a task, as reported: context in the clear, one noised measure. No time, no id. */
export interface TelemetryReport {
  task: TelemetryTask;
  /** The prompt pack that produced the answer. */
  pack?: { id: string; version: string };
  /** The route the answer finished on. */
  route: { where: RouteWhere; engine: string; backend?: RouteBackend };
  model: string;
  /** Why a route handed over mid-answer (the error code of the switch), or `none`. */
  fallback: HearthErrorCode | 'none';
  device: DeviceClass;
  measure: NoisedMeasure;
}

/** The body of `POST /v1/telemetry`: reports shuffled on the device, sent after a random delay. */
export interface TelemetryBatch {
  specificationVersion: TelemetrySpecificationVersion;
  reports: TelemetryReport[];
}

/** The gateway's answer to an accepted batch. */
export interface TelemetryAccepted {
  accepted: number;
}
