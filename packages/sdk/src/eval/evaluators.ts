import { franc } from 'franc-min';
import {
  HearthError,
  type EngineV1,
  type HearthErrorCode,
  type JsonSchema,
  type JsonValue,
  type RouteInfo,
  type TelemetryTask,
  type Usage,
} from '@hearth/spec';
import { compileSchemaValidator } from '../structured/compile-schema-validator.ts';
import { classify } from '../tasks/classify.ts';

export type EvaluatorKind =
  'json-schema' | 'contains' | 'not-contains' | 'regex' | 'length' | 'language' | 'ttft' | 'decode-speed' | 'unchanged' | 'judge' | 'custom';

/** What an evaluator sees: the run, on the device where it ran. None of it leaves the device. */
export interface EvalSubject {
  task: TelemetryTask;
  input: string;
  /** The answer as text: the text, the corrected input, extract's JSON text, classify's label. */
  output: string;
  /** extract's parsed value. */
  value?: JsonValue;
  usage: Usage;
  routes: readonly RouteInfo[];
  /** The engine a judge prompt runs on: Hearth's routed engine, the device first. */
  judgeEngine?: EngineV1;
  signal?: AbortSignal;
}

/** An evaluator's verdict: a pass, and for scoring kinds a score in [0, 1]. Never text. */
export interface EvalResult {
  evaluator: string;
  kind: EvaluatorKind;
  pass: boolean;
  score?: number;
  /** Set when the evaluator could not run (the judge's engine failed, an app function threw); such a result is not reported. */
  error?: HearthErrorCode;
}

export interface Evaluator {
  /** A lowercase identifier (`[a-z0-9][a-z0-9._-]{0,63}`): it goes into telemetry, so it cannot be text. */
  readonly id: string;
  readonly kind: EvaluatorKind;
  evaluate(subject: EvalSubject): EvalResult | Promise<EvalResult>;
}

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** An evaluator id, checked: identifiers only, so no user text can ride along in one. */
export function checkEvaluatorId(id: unknown): string {
  if (typeof id !== 'string' || !ID.test(id)) {
    throw new HearthError({
      code: 'invalid_request',
      message: `An evaluator id must be a lowercase identifier of at most 64 characters ([a-z0-9._-]); got ${JSON.stringify(id)}.`,
      hint: 'Name evaluators like "has-date" or "tone-judge"; ids are sent with telemetry.',
      data: { field: 'id' },
    });
  }
  return id;
}

type Named = { id?: string };

function make(
  kind: EvaluatorKind,
  id: string | undefined,
  check: (subject: EvalSubject) => Promise<{ pass: boolean; score?: number }> | { pass: boolean; score?: number },
): Evaluator {
  const evaluator = checkEvaluatorId(id ?? kind);
  return {
    id: evaluator,
    kind,
    async evaluate(subject) {
      try {
        return { evaluator, kind, ...(await check(subject)) };
      } catch (error) {
        // An evaluator that cannot run says so; it never fails the app's request.
        return { evaluator, kind, pass: false, error: HearthError.from(error).code };
      }
    },
  };
}

function texts(value: string | readonly string[], field: string): readonly string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((t) => typeof t !== 'string' || t === ''))
    throw new HearthError({ code: 'invalid_request', message: `${field} needs one or more non-empty strings.`, data: { field } });
  return list;
}

function bound(value: number | undefined, field: string): number | undefined {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0))
    throw new HearthError({ code: 'invalid_request', message: `${field} must be a number ≥ 0; got ${value}.`, data: { field } });
  return value;
}

const fold = (text: string, caseSensitive: boolean | undefined): string => (caseSensitive ? text : text.toLocaleLowerCase());

/**
 * Evaluators that run where the answer was produced and return a verdict, never text.
 *
 * @example
 * await hearth.run('extract', email, { schema, evaluators: [evaluators.jsonSchema(schema), evaluators.timeToFirstToken({ maxMs: 800 })] });
 */
export const evaluators = {
  /** Passes when the answer (extract's value, else the text parsed as JSON) validates against `schema`. */
  jsonSchema(schema: JsonSchema, options: Named = {}): Evaluator {
    const validator = compileSchemaValidator(schema);
    return make('json-schema', options.id, (s) => {
      let value: unknown = s.value;
      if (value === undefined) {
        try {
          value = JSON.parse(s.output);
        } catch {
          return { pass: false };
        }
      }
      return { pass: validator.validate(value).length === 0 };
    });
  },
  /** Passes when the answer contains every one of `needles`. */
  contains(needles: string | readonly string[], options: Named & { caseSensitive?: boolean } = {}): Evaluator {
    const list = texts(needles, 'contains');
    return make('contains', options.id, (s) => ({ pass: list.every((n) => fold(s.output, options.caseSensitive).includes(fold(n, options.caseSensitive))) }));
  },
  /** Passes when the answer contains none of `needles`. */
  notContains(needles: string | readonly string[], options: Named & { caseSensitive?: boolean } = {}): Evaluator {
    const list = texts(needles, 'notContains');
    return make('not-contains', options.id, (s) => ({
      pass: !list.some((n) => fold(s.output, options.caseSensitive).includes(fold(n, options.caseSensitive))),
    }));
  },
  /** Passes when `pattern` matches the answer. */
  matches(pattern: RegExp, options: Named = {}): Evaluator {
    if (!(pattern instanceof RegExp)) throw new HearthError({ code: 'invalid_request', message: 'matches needs a RegExp.', data: { field: 'pattern' } });
    // A global or sticky RegExp keeps lastIndex between calls; a copy without those flags does not.
    const re = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    return make('regex', options.id, (s) => ({ pass: re.test(s.output) }));
  },
  /** Passes when the answer's length (characters, or words) is within [min, max]. */
  length(options: Named & { min?: number; max?: number; unit?: 'characters' | 'words' }): Evaluator {
    const min = bound(options.min, 'min') ?? 0;
    const max = bound(options.max, 'max') ?? Infinity;
    if (min > max) throw new HearthError({ code: 'invalid_request', message: `length: min (${min}) is above max (${max}).`, data: { field: 'min' } });
    return make('length', options.id, (s) => {
      const n = options.unit === 'words' ? (s.output.match(/\S+/gu) ?? []).length : [...s.output].length;
      return { pass: n >= min && n <= max };
    });
  },
  /**
   * Passes when the answer is written in `expected`, an ISO 639-3 code (`eng`, `deu`, `fra`), as
   * detected by franc-min (82 languages, trigram profiles); text too short to tell (under 20
   * characters) fails.
   */
  language(expected: string, options: Named = {}): Evaluator {
    if (typeof expected !== 'string' || !/^[a-z]{3}$/.test(expected))
      throw new HearthError({
        code: 'invalid_request',
        message: `language needs an ISO 639-3 code like "eng"; got ${JSON.stringify(expected)}.`,
        data: { field: 'expected' },
      });
    return make('language', options.id, (s) => ({ pass: franc(s.output, { minLength: 20 }) === expected }));
  },
  /** Passes when the first token came within `maxMs`. */
  timeToFirstToken(options: Named & { maxMs: number }): Evaluator {
    const maxMs = bound(options.maxMs, 'maxMs')!;
    return make('ttft', options.id, (s) => ({ pass: s.usage.timeToFirstTokenMs <= maxMs }));
  },
  /** Passes when decoding ran at `minTokensPerSecond` or faster. */
  decodeSpeed(options: Named & { minTokensPerSecond: number }): Evaluator {
    const min = bound(options.minTokensPerSecond, 'minTokensPerSecond')!;
    return make('decode-speed', options.id, (s) => ({ pass: s.usage.decodeTokensPerSecond >= min }));
  },
  /** Passes when the answer equals the input (whitespace at the ends aside): attach it where nothing should change, like proofreading a clean text. */
  unchanged(options: Named = {}): Evaluator {
    return make('unchanged', options.id, (s) => ({ pass: s.output.trim() === s.input.trim() }));
  },
  /**
   * A judge prompt on the local model: it rates the answer 1..scale against `rubric`, constrained
   * to those labels (classify's enum), so the score is bounded. score = (rating − 1)/(scale − 1);
   * passes at `passAt` or above (default: the upper half).
   */
  judge(options: Named & { rubric: string; scale?: number; passAt?: number }): Evaluator {
    const scale = options.scale ?? 5;
    if (!Number.isInteger(scale) || scale < 2 || scale > 10)
      throw new HearthError({ code: 'invalid_request', message: `judge: scale must be a whole number from 2 to 10; got ${scale}.`, data: { field: 'scale' } });
    const passAt = options.passAt ?? Math.ceil((scale + 1) / 2);
    if (typeof options.rubric !== 'string' || options.rubric.trim() === '')
      throw new HearthError({ code: 'invalid_request', message: 'judge needs a rubric.', data: { field: 'rubric' } });
    const labels = Array.from({ length: scale }, (_, i) => String(i + 1));
    return make('judge', options.id, async (s) => {
      if (!s.judgeEngine) throw new HearthError({ code: 'unsupported', message: 'No engine to run the judge on.' });
      const text = `Rate the answer from 1 (worst) to ${scale} (best) against the rubric.\n\nRubric: ${options.rubric}\n\nRequest: ${s.input}\n\nAnswer: ${s.output}`;
      const { label } = await classify(s.judgeEngine, text, labels, { temperature: 0, ...(s.signal ? { signal: s.signal } : {}) });
      const rating = Number(label);
      return { pass: rating >= passAt, score: (rating - 1) / (scale - 1) };
    });
  },
  /**
   * The app's own check: `check` returns a boolean (the pass), or a number clipped to [min, max]
   * (default [0, 1]) that passes at `passAt` (default the middle) and scores its place in the range.
   */
  custom(
    id: string,
    check: (subject: EvalSubject) => boolean | number | Promise<boolean | number>,
    options: { min?: number; max?: number; passAt?: number } = {},
  ): Evaluator {
    const min = options.min ?? 0;
    const max = options.max ?? 1;
    if (!(Number.isFinite(min) && Number.isFinite(max) && min < max))
      throw new HearthError({ code: 'invalid_request', message: `custom: min must be below max; got ${min} and ${max}.`, data: { field: 'min' } });
    const passAt = options.passAt ?? (min + max) / 2;
    if (typeof check !== 'function') throw new HearthError({ code: 'invalid_request', message: 'custom needs a function.', data: { field: 'check' } });
    return make('custom', checkEvaluatorId(id), async (s) => {
      const out = await check(s);
      if (typeof out === 'boolean') return { pass: out };
      if (typeof out !== 'number' || !Number.isFinite(out))
        throw new HearthError({ code: 'invalid_request', message: 'A custom evaluator returned neither a boolean nor a finite number.' });
      const clipped = Math.min(max, Math.max(min, out));
      return { pass: clipped >= passAt, score: (clipped - min) / (max - min) };
    });
  },
};
