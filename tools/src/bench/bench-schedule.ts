import type { BenchContext } from './bench-context.ts';
import { browserEnginesSuite } from './suites/browser-engines.ts';
import { composerProofreadSuite } from './suites/composer-proofread.ts';
import { gatewaySuite } from './suites/gateway.ts';
import { llamaServerSuite } from './suites/llama-server.ts';
import { nativeSuite } from './suites/native.ts';
import { planSuite } from './suites/plan.ts';
import { privacySuite } from './suites/privacy.ts';
import { proofreadTtftSuite } from './suites/proofread-ttft.ts';
import { resumeSuite } from './suites/resume.ts';
import { slowClientsSuite } from './suites/slow-clients.ts';
import { storeSuite } from './suites/store.ts';
import { telemetrySuite } from './suites/telemetry.ts';

/** One suite in the schedule: it measures its own figures through the context. */
export interface ScheduledSuite {
  name: string;
  run: (ctx: BenchContext) => Promise<void>;
  /**
   * `2`: a full run goes through this suite a second time, minutes after the first, with a fresh
   * browser (and a fresh native engine and bandwidth samples), and pools the repeats. For the
   * suites behind ratios, whose references drift with this shared VM's load. `1`: all repeats in
   * one pass (percentiles and maxima, not medians of repeats).
   */
  passes: 1 | 2;
  /** The keys the report must hold when this suite ran (issue 8's list), each a finite number. */
  required: readonly string[];
}

/** The benchmark's schedule, in run order. Adding a suite is adding a row here. */
export const BENCH_SCHEDULE: readonly ScheduledSuite[] = [
  { name: 'native', run: nativeSuite, passes: 2, required: ['native_vs_bandwidth_ratio'] },
  { name: 'gateway', run: gatewaySuite, passes: 2, required: ['gateway_http_vs_inprocess_ratio', 'gateway_concurrency_8_vs_1_ratio', 'gateway_ttft_p50_ms', 'gateway_ttft_p99_ms'] },
  { name: 'plan', run: planSuite, passes: 1, required: ['plan_ms'] },
  { name: 'store', run: storeSuite, passes: 2, required: ['download_verified_vs_raw_ratio', 'warm_load_vs_raw_read_ratio'] },
  { name: 'resume', run: resumeSuite, passes: 1, required: ['resume_refetch_bytes_max'] },
  { name: 'browser-engines', run: browserEnginesSuite, passes: 2, required: ['sdk_overhead_ratio', 'browser_cpu_vs_native_ratio', 'one_call_overhead_ratio', 'returning_visit_ready_ratio'] },
  { name: 'proofread-ttft', run: proofreadTtftSuite, passes: 1, required: ['proofread_ttft_ms'] },
  {
    name: 'telemetry',
    run: telemetrySuite,
    passes: 1,
    required: ['pglite', 'postgres'].flatMap((db) => [`telemetry_${db}_batches_per_s`, `telemetry_${db}_p50_ms`, `telemetry_${db}_p99_ms`, `telemetry_${db}_lost_reports`]),
  },
  { name: 'privacy', run: privacySuite, passes: 1, required: ['redact_mb_per_s', 'redact_p99_ms'] },
  { name: 'llama-server', run: llamaServerSuite, passes: 1, required: [] },
  { name: 'slow-clients', run: slowClientsSuite, passes: 1, required: [] },
  { name: 'composer-proofread', run: composerProofreadSuite, passes: 1, required: ['proofread_harper_ms', 'proofread_first_suggestion_ms'] },
];

/**
 * How long one pass of one suite may run before the runner records it as failed (a `timeout`) and
 * goes on with the next. The slowest pass, browser-engines in a full run, takes 3-4 minutes on a
 * quiet host and over 15 beside other benchmarks and builds (engines decoding 5-8 times slower);
 * without a ceiling, a page call that never settles held a whole run until someone killed it.
 */
export const SUITE_DEADLINE_S = 30 * 60;

/** Suite names, in run order. */
export const SUITE_NAMES: readonly string[] = BENCH_SCHEDULE.map((s) => s.name);

/** The suites a full run takes in two passes. */
export const SECOND_PASS: ReadonlySet<string> = new Set(BENCH_SCHEDULE.filter((s) => s.passes === 2).map((s) => s.name));

/** Every required key, and the suite that measures it. */
export const REQUIRED: Readonly<Record<string, string>> = Object.fromEntries(BENCH_SCHEDULE.flatMap((s) => s.required.map((key) => [key, s.name])));
