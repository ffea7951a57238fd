import {
  HearthError,
  type DeviceClass,
  type EngineV1,
  type GenerateRequest,
  type HearthErrorCode,
  type JsonValue,
  type RouteInfo,
  type RoutePolicy,
  type StreamPart,
  type TelemetryMetric,
  type Usage,
} from '@hearth/spec';
import { collectStream } from '../engines/shared/collect-stream.ts';
import type { TaskKind, TaskRuns } from '../tasks/run-task.ts';
import type { EvalResult, EvalSubject, Evaluator } from './evaluators.ts';
import { bucketOf } from './ldp.ts';
import { TelemetryReporter, type TelemetryControl, type TelemetryOptions } from './telemetry-reporter.ts';

/** A task's one-call options plus the evaluators to run on its answer. */
export type EvaluatedOptions<K extends TaskKind> = TaskRuns[K]['options'] & { evaluators?: readonly Evaluator[] };
/** The options argument of `hearth.run`: optional where every option is. */
export type EvaluatedRunArgs<K extends TaskKind> =
  Partial<TaskRuns[K]['options']> extends TaskRuns[K]['options'] ? [options?: EvaluatedOptions<K>] : [options: EvaluatedOptions<K>];
/** A task's result with every evaluator's verdict (createHearth's first, then the call's). */
export type EvaluatedResult<K extends TaskKind> = TaskRuns[K]['result'] & { evaluations: EvalResult[] };

export interface EvaluationSetup {
  /** createHearth's `evaluators`: run on every `hearth.run`. */
  evaluators?: readonly Evaluator[] | undefined;
  telemetry?: TelemetryOptions | undefined;
  policy: RoutePolicy;
  /** The gateway's `/v1/telemetry` URL; undefined without a gateway. */
  endpoint: string | undefined;
  token?: string | undefined;
  fetch: typeof fetch;
  deviceClass: () => Promise<DeviceClass>;
  /** The engine a judge prompt runs on (Hearth's routed engine). */
  judgeEngine: () => EngineV1;
}

export interface Evaluation {
  telemetry: TelemetryControl;
  run<K extends TaskKind>(
    engine: EngineV1,
    task: K,
    input: string,
    options: EvaluatedOptions<K> | undefined,
    runTask: (engine: EngineV1, options: TaskRuns[K]['options'] | undefined) => Promise<TaskRuns[K]['result']>,
  ): Promise<EvaluatedResult<K>>;
}

/**
 * Evaluation and telemetry for createHearth. Telemetry is off unless the app passes `telemetry`;
 * under policy `device-only` it also needs `telemetry.underDeviceOnly: true`.
 */
export function createEvaluation(setup: EvaluationSetup): Evaluation {
  const base = checkEvaluators(setup.evaluators ?? [], 'evaluators');
  let reporter: TelemetryReporter | undefined;
  if (setup.telemetry !== undefined) {
    if (typeof setup.telemetry !== 'object' || setup.telemetry === null)
      throw new HearthError({
        code: 'invalid_request',
        message: 'telemetry must be an object of options ({} for the defaults).',
        data: { field: 'telemetry' },
      });
    if (!setup.endpoint)
      throw new HearthError({
        code: 'invalid_request',
        message: 'telemetry needs a gateway to send reports to.',
        hint: 'Set gateway, or leave telemetry out.',
        data: { field: 'telemetry' },
      });
    if (setup.policy !== 'device-only' || setup.telemetry.underDeviceOnly === true) {
      reporter = new TelemetryReporter(setup.telemetry, { endpoint: setup.endpoint, fetch: setup.fetch, ...(setup.token ? { token: setup.token } : {}) });
    }
  }
  const telemetry: TelemetryControl = reporter ?? {
    enabled: false,
    setEnabled: (on) => {
      if (on)
        throw new HearthError({
          code: 'invalid_request',
          message: setup.telemetry ? 'Telemetry is off under policy "device-only".' : 'Telemetry was not configured.',
          hint: setup.telemetry ? 'Set telemetry.underDeviceOnly: true to report under "device-only".' : 'Pass telemetry: {} to createHearth.',
        });
    },
    flush: async () => {},
  };

  return {
    telemetry,
    async run(engine, task, input, options, runTask) {
      const { evaluators: perCall, ...taskOptions } = (options ?? {}) as EvaluatedOptions<typeof task>;
      const list = [...base, ...checkEvaluators(perCall ?? [], 'options.evaluators')];
      const ids = new Set<string>();
      for (const e of list) {
        if (ids.has(e.id))
          throw new HearthError({
            code: 'invalid_request',
            message: `Two evaluators share the id "${e.id}".`,
            hint: 'Give each its own id option.',
            data: { field: 'evaluators' },
          });
        ids.add(e.id);
      }
      const observed = observe(engine);
      const result = await runTask(observed.engine, options === undefined ? undefined : (taskOptions as TaskRuns[typeof task]['options']));
      const subject = subjectOf(task, input, result, observed.routes, setup.judgeEngine, (taskOptions as { signal?: AbortSignal }).signal);
      const evaluations: EvalResult[] = [];
      // One after another: a judge runs on the same engine as the answer, which runs one generation at a time.
      for (const e of list) evaluations.push(await e.evaluate(subject));
      if (reporter?.enabled) {
        reporter.record({
          task,
          pack: { id: result.pack.id, version: result.pack.version },
          routes: observed.routes,
          fallback: observed.fallback,
          device: await setup.deviceClass(),
          candidates: candidatesOf(evaluations, result.usage),
        });
      }
      return Object.assign(result, { evaluations }) as EvaluatedResult<typeof task>;
    },
  };
}

function checkEvaluators(list: unknown, field: string): Evaluator[] {
  if (
    !Array.isArray(list) ||
    list.some((e) => typeof e !== 'object' || e === null || typeof (e as Evaluator).evaluate !== 'function' || typeof (e as Evaluator).id !== 'string')
  ) {
    throw new HearthError({
      code: 'invalid_request',
      message: `${field} must be a list of evaluators.`,
      hint: 'Make them with the evaluators helpers (evaluators.contains(...), evaluators.judge(...), evaluators.custom(...)).',
      data: { field },
    });
  }
  return list as Evaluator[];
}

/** The engine with its parts watched: the routes the answer ran on and the code of the first handover. */
function observe(engine: EngineV1): { engine: EngineV1; routes: RouteInfo[]; readonly fallback: HearthErrorCode | 'none' } {
  const seen = { routes: [] as RouteInfo[], fallback: 'none' as HearthErrorCode | 'none' };
  async function* doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    for await (const part of engine.doStream(request)) {
      if (part.type === 'route') seen.routes.push(part.route);
      else if (part.type === 'route-switch' && seen.fallback === 'none') seen.fallback = part.reason.code;
      yield part;
    }
  }
  const wrapped: EngineV1 = {
    specificationVersion: 'v1',
    engineId: engine.engineId,
    // Tasks pick the prompt pack of the engine's model: the wrapper must not hide it.
    ...(engine.modelName !== undefined ? { modelName: engine.modelName } : {}),
    load: (request) => engine.load(request),
    doStream,
    doGenerate: (request) => collectStream(doStream(request)),
    unload: () => engine.unload(),
  };
  return {
    engine: wrapped,
    routes: seen.routes,
    get fallback() {
      return seen.fallback;
    },
  };
}

type AnyResult = TaskRuns[TaskKind]['result'];

function subjectOf(
  task: TaskKind,
  input: string,
  result: AnyResult,
  routes: readonly RouteInfo[],
  judgeEngine: () => EngineV1,
  signal: AbortSignal | undefined,
): EvalSubject {
  let output: string;
  let value: JsonValue | undefined;
  if ('correctedInput' in result) output = result.correctedInput;
  else if ('label' in result) output = result.label;
  else {
    output = result.text;
    if ('value' in result) value = result.value;
  }
  const subject: EvalSubject = { task, input, output, usage: result.usage, routes, judgeEngine: judgeEngine() };
  if (value !== undefined) subject.value = value;
  if (signal) subject.signal = signal;
  return subject;
}

/** What a report may carry about a run: each evaluator's pass, and the buckets of its speed. */
function candidatesOf(evaluations: readonly EvalResult[], usage: Usage): Array<{ metric: TelemetryMetric; evaluator?: string; category: number }> {
  const out: Array<{ metric: TelemetryMetric; evaluator?: string; category: number }> = [];
  for (const e of evaluations) if (e.error === undefined) out.push({ metric: 'eval', evaluator: e.evaluator, category: e.pass ? 1 : 0 });
  if (usage.completionTokens > 0) out.push({ metric: 'ttft', category: bucketOf('ttft', usage.timeToFirstTokenMs) });
  if (usage.completionTokens > 1) out.push({ metric: 'decode', category: bucketOf('decode', usage.decodeTokensPerSecond) });
  return out;
}
