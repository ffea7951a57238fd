// Test page for the device probe and the planner, run in the page as an app would: probe, read
// GGUF headers by Range, plan, and (for runTask) send the prompt where the plan says.
import { HearthError } from '@hearth/sdk';
import { collectStream, createLlamaWasmWorkerEngine, RemoteEngine } from '@hearth/sdk/engines';
import { mergeCatalog, plan, probeDevice, readModelEstimate, shippedCatalog, type CatalogModelInput, type MemoryEstimate } from '@hearth/sdk/planner';
import type { ConsentState, DeviceProfile, Plan, RoutePolicy, SerializedHearthError, TaskName } from '@hearth/spec';

export interface PlanRequest {
  task: TaskName;
  policy?: RoutePolicy;
  consent?: ConsentState;
  models?: readonly string[];
  /** The gateway's /v1 URL and model, for the self-hosted route. */
  selfHosted?: { baseUrl: string; model: string };
  /** App models to merge into the shipped catalog. */
  appModels?: CatalogModelInput[];
  /** `<model>/<variant>` -> GGUF URLs whose headers are read (by Range) for the estimate. */
  headerUrls?: Record<string, string[]>;
}

export type Outcome = { ok: true; plan: Plan } | { ok: false; error: SerializedHearthError; isHearthError: boolean };

async function probeAndPlan(request: PlanRequest): Promise<{ profile: DeviceProfile; probeMs: number; planMs: number; totalMs: number; outcome: Outcome }> {
  const started = performance.now();
  const profile = await probeDevice();
  const probed = performance.now();
  const catalog = request.appModels ? mergeCatalog(shippedCatalog(), request.appModels) : shippedCatalog();
  const estimates: Record<string, MemoryEstimate> = {};
  for (const [key, urls] of Object.entries(request.headerUrls ?? {})) {
    const contextSize = 2048;
    const { headers: _headers, ...estimate } = await readModelEstimate(urls, { contextSize });
    estimates[key] = estimate;
  }
  let outcome: Outcome;
  try {
    const p = plan({
      task: request.task,
      profile,
      catalog,
      estimates,
      ...(request.policy ? { policy: request.policy } : {}),
      ...(request.consent ? { consent: request.consent } : {}),
      ...(request.models ? { models: request.models } : {}),
      ...(request.selfHosted ? { selfHosted: request.selfHosted } : {}),
    });
    outcome = { ok: true, plan: p };
  } catch (error) {
    outcome = { ok: false, error: HearthError.from(error).toJSON(), isHearthError: HearthError.isInstance(error) };
  }
  const done = performance.now();
  return { profile, probeMs: probed - started, planMs: done - probed, totalMs: done - started, outcome };
}

/**
 * What an app does with a user's text: plan, then send it where the first route says. A device
 * route is reported, not run (engines have their own tests); a remote route gets the prompt.
 */
async function runTask(prompt: string, request: PlanRequest): Promise<{ outcome: Outcome; ranOn?: string; remoteError?: SerializedHearthError }> {
  const { outcome } = await probeAndPlan(request);
  if (!outcome.ok) return { outcome };
  const route = outcome.plan.routes[0];
  if (!route) return { outcome };
  if (route.where === 'device') return { outcome, ranOn: `${route.engine}/${route.backend}` };
  const engine = new RemoteEngine({ baseUrl: route.baseUrl ?? '', model: route.modelId, maxAttempts: 1 });
  const result = await engine
    .load({ source: { type: 'url', url: route.baseUrl ?? '' } })
    .then(() => collectStream(engine.doStream({ prompt: { type: 'chat', messages: [{ role: 'user', content: prompt }] }, maxTokens: 8 })))
    .catch((error: unknown) => HearthError.from(error));
  return { outcome, ranOn: route.where, ...(HearthError.isInstance(result) ? { remoteError: result.toJSON() } : {}) };
}

/**
 * The probe with llama-wasm's micro-benchmark as its hook: a matrix-vector product over a 7B FFN
 * shape (14336 x 8192 in Q4_0, 66 MB), larger than CPU caches, so it streams from memory as
 * decoding does.
 */
async function probeWithBenchmark(budgetMs: number): Promise<{ profile: DeviceProfile; outcome: Outcome; ms: number }> {
  const engine = createLlamaWasmWorkerEngine();
  const started = performance.now();
  try {
    const profile = await probeDevice({
      refresh: true,
      benchmark: true,
      benchmarkBudgetMs: budgetMs,
      benchmarks: { 'llama-wasm': () => engine.benchmark({ type: 'q4_0', rows: 14336, cols: 8192, reps: 8 }) },
    });
    const ms = performance.now() - started;
    try {
      return { profile, ms, outcome: { ok: true, plan: plan({ task: 'proofread', profile, catalog: shippedCatalog() }) } };
    } catch (error) {
      return { profile, ms, outcome: { ok: false, error: HearthError.from(error).toJSON(), isHearthError: HearthError.isInstance(error) } };
    }
  } finally {
    engine.terminate();
  }
}

const planner = { probeAndPlan, runTask, probeWithBenchmark, crossOriginIsolated: () => crossOriginIsolated };

declare global {
  interface Window {
    planner: typeof planner;
  }
}
window.planner = planner;
